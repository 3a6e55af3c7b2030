//! What the reports screen sends and receives.

use serde::{Deserialize, Serialize};
use specta::Type;

/// Which document to print, with what it needs.
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum ReportDto {
    /// The meeting statement for the days `from` to `to` (YYYY-MM-DD).
    Meeting { from: String, to: String },
    /// A project's public statement.
    Project { project: String },
    /// A member's statement for a year (YYYY).
    Member { member: String, year: String },
    /// A cash collection's count sheet.
    CashSheet { collection: String },
    /// `count` numbered paper ballots.
    Ballots { decision: String, count: u32 },
    /// A payment poster for a project.
    Poster { project: String },
}

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PrintDto {
    pub report: ReportDto,
    /// "a4" or "letter".
    pub paper: String,
    /// Where to save the PDF, as chosen in the save dialog.
    pub path: String,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SavedReportDto {
    pub path: String,
    pub kilobytes: u32,
}
