//! What the start screen sends and receives.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{AssociationDto, IpcError};

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
