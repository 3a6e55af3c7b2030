//! Protecting an association file with a passphrase: the whole file, its WAL and its
//! backups are encrypted by SQLCipher (AES-256 in CBC mode with an HMAC-SHA512 per page, the
//! key derived from the passphrase by PBKDF2-HMAC-SHA512 with 256,000 iterations).
//!
//! Setting, changing and removing the passphrase write a new copy of the file
//! (`sqlcipher_export`), check that it opens with the new passphrase and holds the same
//! entries and digest, and move it into place while the old file is held exclusively: the
//! file is the old one or the new one, never half of each.

use std::path::Path;

use commonpot_core::{Key, Text};
use commonpot_store::{self as store, Passphrase};

use crate::books::{remove_companions, remove_database};
use crate::{AppError, Books, Env, Field, Result};

/// The shortest passphrase accepted, in characters.
pub const MIN_PASSPHRASE: usize = 8;

/// What to do with a file's protection.
#[derive(Clone, Debug)]
pub enum ProtectionChange {
    /// Protect an unprotected file with this passphrase.
    Set(Passphrase),
    /// Replace the passphrase of a protected file (the old one comes in the `Env`).
    Change(Passphrase),
    /// Store a protected file unencrypted again.
    Remove,
}

/// The file after its protection changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Protection {
    pub protected: bool,
    pub entries: u64,
    pub digest: String,
}

impl Books {
    /// Sets, changes or removes the passphrase of the file at `path`. The current passphrase,
    /// for a protected file, is `env.passphrase`. Refused, changing nothing, when the file is
    /// open elsewhere, the passphrase is wrong, or the new one is too short or the same.
    pub fn change_protection(
        path: &Path,
        change: ProtectionChange,
        env: Env,
    ) -> Result<Protection> {
        if !path.exists() {
            return Err(store::StoreError::Missing(path.display().to_string()).into());
        }
        let protected = store::is_protected(path);
        let new = match (&change, protected) {
            (ProtectionChange::Set(_), true) => {
                return Err(AppError::refused(
                    Text::new(Key::PassphraseAlreadySet).arg("path", path.display()),
                ));
            }
            (ProtectionChange::Change(_) | ProtectionChange::Remove, false) => {
                return Err(AppError::refused(
                    Text::new(Key::PassphraseNotSet).arg("path", path.display()),
                ));
            }
            (ProtectionChange::Set(p) | ProtectionChange::Change(p), _) => Some(p.clone()),
            (ProtectionChange::Remove, true) => None,
        };
        if let Some(new) = &new {
            check_new(new, env.passphrase.as_ref().filter(|_| protected))?;
        }
        let mut env = env;
        let stamp = (env.now)().format("%Y%m%dT%H%M%SZ").to_string();
        let staging = path.with_extension(format!("passphrase-{stamp}.sqlite"));
        remove_database(&staging);
        let mut books = Books::open(path, env)?;
        let (store, _) = books.parts();
        store.take_exclusive(path)?;
        let before = books.summary()?;
        let copied = (|| -> Result<()> {
            books.store().export_to(&staging, new.as_ref())?;
            let copy = Books::open(&staging, Env::system().with_passphrase(new.clone()))?;
            let after = copy.summary()?;
            if after.digest != before.digest || after.entry_count != before.entry_count {
                return Err(store::StoreError::Damaged(format!(
                    "the re-encrypted copy holds {} entries with digest {}, the file {} with {}",
                    after.entry_count, after.digest, before.entry_count, before.digest
                ))
                .into());
            }
            Ok(())
        })();
        if let Err(e) = copied {
            drop(books);
            remove_database(&staging);
            return Err(e);
        }
        // Still holding the old file exclusively: nobody opens it between the check and here.
        let (store, _) = books.parts();
        let moved = store.leave_wal().map_err(AppError::from).and_then(|()| {
            std::fs::rename(&staging, path).map_err(|e| AppError::io(Key::CannotWrite, path, e))
        });
        drop(books);
        if let Err(e) = moved {
            remove_database(&staging);
            return Err(e);
        }
        // What the old connection left beside the path belongs to the old file.
        remove_companions(path);
        Ok(Protection {
            protected: new.is_some(),
            entries: before.entry_count,
            digest: before.digest,
        })
    }
}

/// A new passphrase must be long enough and differ from the current one.
pub fn check_new(new: &Passphrase, current: Option<&Passphrase>) -> Result<()> {
    if new.as_str().chars().count() < MIN_PASSPHRASE {
        return Err(AppError::invalid(
            Field::NewPassphrase,
            Text::new(Key::PassphraseTooShort).arg("min", MIN_PASSPHRASE),
        ));
    }
    if current == Some(new) {
        return Err(AppError::invalid(
            Field::NewPassphrase,
            Text::new(Key::PassphraseSame),
        ));
    }
    Ok(())
}
