//! What the start screen sends and receives.

use commonpot_app::{AppError, Field};
use commonpot_core::Text;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::BTreeMap;

use super::AssociationDto;

/// Every error the front end sees: a stable code to branch on, the message in English, and
/// the same message as a key with arguments for the UI's catalogue to show in the person's
/// language.
#[derive(Debug, Clone, Serialize, Type)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
    /// The message's key in the catalogue (`bookTexts`), such as "amount.ambiguous".
    pub key: String,
    /// The values of the message's placeholders, already formatted for the association.
    pub args: BTreeMap<String, String>,
    /// The field the message is about ("amount", "goal", …), so the form can show it next
    /// to that field; the message then says only what is wrong with it.
    pub field: Option<Field>,
    /// The message said where this one's `{problem}` is ("line 4, field amount: {problem}"),
    /// to translate as a message of its own.
    pub problem: Option<Box<IpcMessage>>,
}

/// A message inside an error: its key, its arguments and its English.
#[derive(Debug, Clone, Serialize, Type)]
pub struct IpcMessage {
    pub message: String,
    pub key: String,
    pub args: BTreeMap<String, String>,
}

impl IpcMessage {
    fn new(text: &Text) -> IpcMessage {
        IpcMessage {
            message: text.to_string(),
            key: text.key.id().to_string(),
            args: text
                .args
                .iter()
                .map(|(name, value)| (name.to_string(), value.clone()))
                .collect(),
        }
    }
}

impl IpcError {
    pub fn new(code: ErrorCode, text: &Text, field: Option<Field>) -> IpcError {
        let IpcMessage { message, key, args } = IpcMessage::new(text);
        IpcError {
            code,
            message,
            key,
            args,
            field,
            problem: text
                .problem
                .as_deref()
                .map(|p| Box::new(IpcMessage::new(p))),
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Type, PartialEq, Eq)]
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

impl From<AppError> for IpcError {
    fn from(e: AppError) -> IpcError {
        use commonpot_app::ErrorCode as C;
        let code = match e.code() {
            C::InvalidInput => ErrorCode::InvalidInput,
            C::NotFound => ErrorCode::NotFound,
            C::Refused => ErrorCode::Refused,
            C::NoAssociation => ErrorCode::NoAssociation,
            C::NotCommonpotFile => ErrorCode::NotCommonpotFile,
            C::Locked => ErrorCode::Locked,
            C::Io => ErrorCode::Io,
            C::Internal => ErrorCode::Internal,
        };
        IpcError::new(code, &e.text(), e.field())
    }
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StartDto {
    /// Where a new association is created unless another file is chosen.
    pub default_file: String,
    /// The association opened at start: the one used last time, if it could be opened.
    pub opened: Option<AssociationDto>,
    /// Why the last file could not be reopened.
    pub reopen_error: Option<IpcError>,
    /// The last file, when it is protected by a passphrase: the window asks for it.
    pub locked_file: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NewAssociationDto {
    pub name: String,
    pub currency: String,
    pub locale: String,
    /// The file to create; the default data file when absent.
    pub path: Option<String>,
}
