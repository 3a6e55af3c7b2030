use commonpot_core::{Key, Text};
use commonpot_store::StoreError;

use crate::Field;

/// What went wrong, in words a treasurer can act on, with a stable code for front ends to
/// branch on and a [`Text`] (key and arguments) they can show in the person's language.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A value given by a person is not acceptable; `field` names which.
    #[error("{field}: {text}")]
    Invalid { field: Field, text: Text },
    /// One line of an imported file is not acceptable; nothing of the file was saved.
    /// `field` is the column or key as the file names it.
    #[error("{}", self.text())]
    ImportLine {
        line: u64,
        field: String,
        text: Text,
    },
    /// Nothing answers to the reference given in `field`.
    #[error("{}", with_field(field, text))]
    NotFound { field: Option<Field>, text: Text },
    /// The request is well-formed but the books do not allow it (already reversed, a
    /// cancelled project, the same id with other content).
    #[error("{}", with_field(field, text))]
    Refused { field: Option<Field>, text: Text },
    #[error("{0}")]
    Io(Text),
    #[error("{0}")]
    Store(#[from] StoreError),
}

fn with_field(field: &Option<Field>, text: &Text) -> String {
    match field {
        Some(f) => format!("{f}: {text}"),
        None => text.to_string(),
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// What kind of failure an error is, for front ends to branch on: `"invalid_input"`,
/// `"locked"`, …
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidInput,
    NotFound,
    Refused,
    NoAssociation,
    NotCommonpotFile,
    /// The file is protected by a passphrase, and none or a wrong one was given.
    Locked,
    Io,
    Internal,
}

impl AppError {
    pub fn invalid(field: Field, text: Text) -> AppError {
        AppError::Invalid { field, text }
    }

    pub fn refused(text: Text) -> AppError {
        AppError::Refused { field: None, text }
    }

    /// Refused because of the value given in `field` (a taken code, a closed collection).
    pub fn refused_at(field: Field, text: Text) -> AppError {
        AppError::Refused {
            field: Some(field),
            text,
        }
    }

    pub fn not_found(text: Text) -> AppError {
        AppError::NotFound { field: None, text }
    }

    pub fn not_found_at(field: Field, text: Text) -> AppError {
        AppError::NotFound {
            field: Some(field),
            text,
        }
    }

    /// A file or folder could not be read, written or made.
    pub fn io(
        key: Key,
        path: impl AsRef<std::path::Path>,
        reason: impl std::fmt::Display,
    ) -> AppError {
        AppError::Io(
            Text::new(key)
                .arg("path", path.as_ref().display())
                .arg("reason", reason),
        )
    }

    /// The message without the field it is about.
    pub fn text(&self) -> Text {
        match self {
            AppError::Invalid { text, .. }
            | AppError::NotFound { text, .. }
            | AppError::Refused { text, .. }
            | AppError::Io(text) => text.clone(),
            AppError::ImportLine { line, field, text } => Text::new(Key::ImportLine)
                .arg("line", line)
                .arg("field", field)
                .problem(text.clone()),
            AppError::Store(e) => e.text(),
        }
    }

    /// The field of the request the message is about.
    pub fn field(&self) -> Option<Field> {
        match self {
            AppError::Invalid { field, .. } => Some(*field),
            AppError::NotFound { field, .. } | AppError::Refused { field, .. } => *field,
            _ => None,
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Invalid { .. } | AppError::ImportLine { .. } => ErrorCode::InvalidInput,
            AppError::NotFound { .. } => ErrorCode::NotFound,
            AppError::Refused { text, .. }
                if matches!(text.key, Key::SyncKitLocked | Key::SyncKitWrongPassphrase) =>
            {
                ErrorCode::Locked
            }
            AppError::Refused { .. } => ErrorCode::Refused,
            AppError::Io(_) => ErrorCode::Io,
            AppError::Store(e) => match e {
                StoreError::Missing(_) | StoreError::NoAssociation => ErrorCode::NoAssociation,
                StoreError::NotSqlite(_)
                | StoreError::ForeignTables
                | StoreError::TooNew { .. } => ErrorCode::NotCommonpotFile,
                StoreError::Locked(_) | StoreError::WrongPassphrase(_) => ErrorCode::Locked,
                StoreError::AlreadyInitialised(_)
                | StoreError::AmountOutOfBounds
                | StoreError::TotalOutOfBounds
                | StoreError::InUse(_)
                | StoreError::ReadOnly(_) => ErrorCode::Refused,
                StoreError::Sqlite(e)
                    if matches!(
                        e.sqlite_error_code(),
                        Some(
                            rusqlite::ErrorCode::DiskFull
                                | rusqlite::ErrorCode::SystemIoFailure
                                | rusqlite::ErrorCode::CannotOpen
                        )
                    ) =>
                {
                    ErrorCode::Io
                }
                StoreError::Damaged(_)
                | StoreError::UnknownReference(_)
                | StoreError::Sqlite(_) => ErrorCode::Internal,
            },
        }
    }

    /// Whether the person can fix this by changing what they asked for (as opposed to a
    /// fault of the file or the program).
    /// A file that cannot be read or written counts as the person's to fix: another path,
    /// another folder, free space.
    pub fn is_users_to_fix(&self) -> bool {
        self.code() != ErrorCode::Internal
    }
}
