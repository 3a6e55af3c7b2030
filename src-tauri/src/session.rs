//! The association open in the window, and the file to reopen next time.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use commonpot_app::{AppError, Books, ErrorCode};
use commonpot_core::{Key, Text};

use crate::dto::IpcError;

/// The managed state of the window.
pub struct Session {
    open: Mutex<Option<(Books, PathBuf)>>,
    /// The small file that names the association to reopen next time.
    last_file_record: PathBuf,
}

pub type Result<T> = std::result::Result<T, IpcError>;

/// The refusal of a command that needs an open association when none is.
pub fn nothing_open() -> IpcError {
    IpcError::new(ErrorCode::NoAssociation, &Text::new(Key::NothingOpen), None)
}

impl Session {
    /// A session that remembers its last file in the app's data folder.
    pub fn for_this_user() -> Session {
        Session::remembering_in(commonpot_app::default_data_file().with_file_name("last-file"))
    }

    /// A session that remembers its last file in `record` (tests use a scratch folder).
    pub fn remembering_in(record: PathBuf) -> Session {
        Session {
            open: Mutex::new(None),
            last_file_record: record,
        }
    }

    /// Runs `f` on the open association.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Books, &Path) -> std::result::Result<T, AppError>,
    ) -> Result<T> {
        let mut guard = self
            .open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let (books, path) = guard.as_mut().ok_or_else(nothing_open)?;
        f(books, path).map_err(IpcError::from)
    }

    /// Closes the open association, handing it over: for work that needs the file to itself
    /// (restoring a backup, changing its passphrase), after which it is opened again.
    pub fn take(&self) -> Option<(Books, PathBuf)> {
        self.open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take()
    }

    /// Makes `books` the open association and remembers its file for next time.
    pub fn replace(&self, books: Books, path: PathBuf) {
        self.remember(&path);
        *self
            .open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some((books, path));
    }
}

impl Session {
    /// Takes the automatic backup of the open association, if one is due. A failure is
    /// written to stderr: the window is closing and cannot show it.
    pub fn backup_on_close(&self) {
        let guard = self.open.lock();
        let mut guard = guard.unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((books, _)) = guard.as_mut()
            && let Err(e) = books.backup_automatic()
        {
            eprintln!("commonpot: the automatic backup failed: {e}");
        }
    }

    /// The association file opened last time, if one was.
    pub fn last_file(&self) -> Option<PathBuf> {
        let text = std::fs::read_to_string(&self.last_file_record).ok()?;
        let path = PathBuf::from(text.trim());
        (!text.trim().is_empty()).then_some(path)
    }

    fn remember(&self, path: &Path) {
        if let Some(dir) = self.last_file_record.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        // Not being able to remember the file only costs choosing it again next time.
        let _ = std::fs::write(&self.last_file_record, path.display().to_string());
    }
}
