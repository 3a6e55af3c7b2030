//! A message of the books as the desktop receives it.

use std::collections::BTreeMap;

use commonpot_core::Text;
use serde::Serialize;

/// A message from the books that is not an error (a refused entry of an import, a gap, the
/// name of a setting): the key and arguments for the UI's catalogue, and the English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TextView {
    pub key: String,
    pub args: BTreeMap<String, String>,
    pub message: String,
}

impl From<&Text> for TextView {
    fn from(text: &Text) -> TextView {
        TextView {
            key: text.key.id().to_string(),
            args: text
                .args
                .iter()
                .map(|(name, value)| (name.to_string(), value.clone()))
                .collect(),
            message: text.to_string(),
        }
    }
}
