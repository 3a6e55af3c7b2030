//! What the projects screen sends and receives.

use serde::Deserialize;
use specta::Type;

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NewProjectDto {
    pub title: String,
    pub goal: String,
    pub code: Option<String>,
    pub deadline: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProjectChangeDto {
    pub title: String,
    pub description: String,
    /// As typed, in the association's locale.
    pub goal: String,
    /// YYYY-MM-DD, or empty for none.
    pub deadline: String,
}
