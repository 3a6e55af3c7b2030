//! The error every command answers with when it fails.

use std::collections::BTreeMap;

use commonpot_app::{AppError, ErrorCode, Field, TextView};
use commonpot_core::Text;
use serde::Serialize;
use specta::Type;

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
    pub problem: Option<Box<TextView>>,
}

impl IpcError {
    pub fn new(code: ErrorCode, text: &Text, field: Option<Field>) -> IpcError {
        let TextView { key, args, message } = text.into();
        IpcError {
            code,
            message,
            key,
            args,
            field,
            problem: text.problem.as_deref().map(|p| Box::new(p.into())),
        }
    }
}

impl From<AppError> for IpcError {
    fn from(e: AppError) -> IpcError {
        IpcError::new(e.code(), &e.text(), e.field())
    }
}
