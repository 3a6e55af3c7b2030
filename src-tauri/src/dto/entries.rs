//! What the entries screen sends and receives.

use serde::Deserialize;
use specta::Type;

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NewContributionDto {
    /// A project code or id, or "general".
    pub project: String,
    /// As typed, in the association's locale.
    pub amount: String,
    pub channel: String,
    pub member: Option<String>,
    pub collector: Option<String>,
    pub note: Option<String>,
    /// The open cash collection it is entered in.
    pub collection: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LedgerQueryDto {
    pub project: Option<String>,
    pub member: Option<String>,
    /// Only what was entered in this cash collection.
    pub collection: Option<String>,
    pub channel: Option<String>,
    /// YYYY-MM-DD, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Text to find in notes, payees and reasons.
    pub text: Option<String>,
    /// At most this many lines, newest first.
    pub limit: u32,
}
