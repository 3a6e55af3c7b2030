//! What every subcommand needs: the association file named by `--db`, and the passphrases
//! the environment or the terminal gives.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use commonpot_app::{AppError, Books, Env, Field, Passphrase};
use commonpot_core::{Key, Text};

use crate::fields;

/// The association file a subcommand works on.
pub(crate) struct Context {
    pub db: PathBuf,
}

impl Context {
    pub(crate) fn new(db: Option<PathBuf>) -> Context {
        Context {
            db: db.unwrap_or_else(commonpot_app::default_data_file),
        }
    }

    /// The process's environment with the passphrase of the file, when it is protected.
    pub(crate) fn env(&self) -> Result<Env, AppError> {
        Ok(Env::from_process()?.with_passphrase(current_passphrase(&[&self.db])?))
    }

    pub(crate) fn open(&self) -> Result<Books, AppError> {
        Books::open(&self.db, self.env()?)
    }
}

/// The passphrase that opens the protected ones among `files`: COMMONPOT_PASSPHRASE, or asked
/// for at a terminal; none when no file is protected.
pub(crate) fn current_passphrase(files: &[&Path]) -> Result<Option<Passphrase>, AppError> {
    if let Some(text) = std::env::var_os("COMMONPOT_PASSPHRASE").filter(|t| !t.is_empty()) {
        return Ok(Some(Passphrase::new(text.to_string_lossy())));
    }
    let Some(file) = files.iter().find(|f| commonpot_app::is_protected(f)) else {
        return Ok(None);
    };
    let what = format!("the passphrase of {}", file.display());
    ask(&what, Field::Passphrase).map(Some)
}

/// The new passphrase: COMMONPOT_NEW_PASSPHRASE, or typed twice at a terminal.
pub(crate) fn new_passphrase() -> Result<Passphrase, AppError> {
    if let Some(text) = std::env::var_os("COMMONPOT_NEW_PASSPHRASE").filter(|t| !t.is_empty()) {
        let new = Passphrase::new(text.to_string_lossy());
        commonpot_app::check_new(&new, None)?;
        return Ok(new);
    }
    let new = ask("the new passphrase", Field::NewPassphrase)?;
    commonpot_app::check_new(&new, None)?;
    let again = ask("the new passphrase again", Field::NewPassphrase)?;
    if again != new {
        return Err(AppError::invalid(
            Field::NewPassphrase,
            Text::new(Key::PassphraseMismatch),
        ));
    }
    Ok(new)
}

/// Asks for a passphrase at the terminal without echoing it; refused without a terminal.
pub(crate) fn ask(what: &str, field: Field) -> Result<Passphrase, AppError> {
    let variable = fields::spelling(field);
    let needed = || -> AppError {
        AppError::invalid(
            field,
            Text::new(Key::PassphraseNeeded)
                .arg("what", what)
                .arg("variable", &variable),
        )
    };
    if !std::io::stdin().is_terminal() {
        return Err(needed());
    }
    let typed = rpassword::prompt_password(format!("{what}: ")).map_err(|_| needed())?;
    if typed.is_empty() {
        return Err(needed());
    }
    Ok(Passphrase::new(typed))
}
