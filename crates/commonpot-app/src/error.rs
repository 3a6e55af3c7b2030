use commonpot_store::StoreError;

/// What went wrong, in words a treasurer can act on, with a stable code for front ends to
/// branch on.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A value given by a person is not acceptable; `field` names it as the person knows it.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// One line of an imported file is not acceptable; nothing of the file was saved.
    #[error("line {line}, field {field}: {message}; nothing was imported")]
    ImportLine {
        line: u64,
        field: String,
        message: String,
    },
    #[error("{0}")]
    NotFound(String),
    /// The request is well-formed but the books do not allow it (already reversed, a
    /// cancelled project, the same id with other content).
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    Io(String),
    #[error("{0}")]
    Store(#[from] StoreError),
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    InvalidInput,
    NotFound,
    Refused,
    NoAssociation,
    NotCommonpotFile,
    Io,
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Refused => "refused",
            ErrorCode::NoAssociation => "no_association",
            ErrorCode::NotCommonpotFile => "not_commonpot_file",
            ErrorCode::Io => "io",
            ErrorCode::Internal => "internal",
        }
    }
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> AppError {
        AppError::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Invalid { .. } | AppError::ImportLine { .. } => ErrorCode::InvalidInput,
            AppError::NotFound(_) => ErrorCode::NotFound,
            AppError::Refused(_) => ErrorCode::Refused,
            AppError::Io(_) => ErrorCode::Io,
            AppError::Store(e) => match e {
                StoreError::Missing(_) | StoreError::NoAssociation => ErrorCode::NoAssociation,
                StoreError::NotCommonpot { .. } | StoreError::TooNew { .. } => {
                    ErrorCode::NotCommonpotFile
                }
                StoreError::AlreadyInitialised(_) => ErrorCode::Refused,
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
