//! Plain records of master data as the store keeps them.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use commonpot_core::{
    Amount, Channel, Currency, EntryId, EntryKind, Locale, MemberId, ProjectId, ProjectStatus,
};

/// The association a file belongs to: one per file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Association {
    pub id: uuid::Uuid,
    pub name: String,
    pub currency: Currency,
    pub locale: Locale,
    pub max_amount: Amount,
    pub created_at: DateTime<Utc>,
    /// Every other setting, by its column: bank details, backups, public documents. What
    /// each means and which values it takes is commonpot-app's settings registry; the store
    /// keeps them without knowing them, so a new setting needs only its migration here.
    pub settings: Settings,
}

/// The association's settings as stored: each column of the `association` table that is
/// not its identity, with its value. A column left out keeps its stored value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings(BTreeMap<String, SettingValue>);

/// One stored setting: SQLite's NULL, an integer, or a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettingValue {
    Absent,
    Number(i64),
    Text(String),
}

impl Settings {
    pub fn get(&self, column: &str) -> Option<&SettingValue> {
        self.0.get(column)
    }

    pub fn set(&mut self, column: &str, value: SettingValue) {
        self.0.insert(column.to_string(), value);
    }

    /// Every column with its value, in the order of their names.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &SettingValue)> {
        self.0
            .iter()
            .map(|(column, value)| (column.as_str(), value))
    }
}

/// The columns of the `association` table that are its identity and its sync role, not
/// settings.
pub(crate) const IDENTITY_COLUMNS: &[&str] = &[
    "singleton",
    "id",
    "name",
    "currency",
    "minor_units",
    "locale",
    "max_amount_minor",
    "created_at",
    "role",
    "sync_key",
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub id: MemberId,
    pub name: String,
    pub email: Option<String>,
    pub number: Option<String>,
    pub joined_on: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    pub id: ProjectId,
    pub code: String,
    pub title: String,
    pub description: String,
    pub goal: Amount,
    pub deadline: Option<NaiveDate>,
    pub status: ProjectStatus,
}

/// A project with the figures derived from its entries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectWithFigures {
    pub project: Project,
    pub raised: Amount,
    pub spent: Amount,
    /// Distinct members with at least one contribution that is not reversed.
    pub contributors: u64,
    /// Contributions not reversed that name no member.
    pub anonymous_gifts: u64,
}

/// Money received per channel, over all projects and the general fund.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelTotal {
    pub channel: Channel,
    pub raised: Amount,
    pub contributions: u64,
}

/// Everything a summary shows, read in one go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub projects: Vec<ProjectWithFigures>,
    /// Contributions to no project in particular.
    pub general_fund: Amount,
    pub channels: Vec<ChannelTotal>,
    pub raised: Amount,
    pub spent: Amount,
    pub entry_count: u64,
    pub digest: String,
}

impl Summary {
    /// Money raised minus money spent: what the association holds.
    pub fn balance(&self) -> Amount {
        // Live totals are bounded by TOTAL_MINOR_MAX (ARCHITECTURE.md), far inside the range.
        self.raised
            .checked_sub(self.spent)
            .expect("the books' totals are bounded")
    }
}

/// One line of the ledger as people read it. Amount is signed: money in is positive, money
/// out and reversals of money in are negative.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerLine {
    pub id: EntryId,
    pub kind: EntryKind,
    pub recorded_at: DateTime<Utc>,
    /// When the money moved: received, paid, or for a reversal when it was recorded.
    pub occurred_at: String,
    pub project: Option<(ProjectId, String)>,
    pub member: Option<(MemberId, String)>,
    pub channel: Option<Channel>,
    pub amount: Amount,
    /// Note of a contribution or expense, payee of an expense, reason of a reversal.
    pub text: String,
    pub payee: Option<String>,
    pub reversed_by: Option<EntryId>,
    pub reverses: Option<EntryId>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LedgerFilter {
    pub project: Option<ProjectKey>,
    pub member: Option<MemberId>,
    pub limit: Option<u64>,
    /// Only what was entered in this cash collection (and reversals of it).
    pub collection: Option<EntryId>,
    /// Only contributions through this channel (and their reversals).
    pub channel: Option<Channel>,
    /// Only what happened on or after this day (received, paid, or reversed).
    pub from: Option<chrono::NaiveDate>,
    /// Only what happened on or before this day.
    pub to: Option<chrono::NaiveDate>,
    /// Only entries whose note, payee or reason contains this text (any case).
    pub text: Option<String>,
    /// Newest first (the ledger screen) instead of oldest first (the command's journal).
    pub newest_first: bool,
}

/// A cash collection with what was entered in it so far, and its count once closed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CollectionState {
    pub collection: commonpot_core::Collection,
    pub collector_name: String,
    pub project_code: Option<String>,
    /// The contributions entered in it that are not reversed.
    pub entered: Amount,
    pub entered_count: u64,
    pub close: Option<commonpot_core::CollectionClose>,
}

/// A project, or the general fund.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProjectKey {
    Project(ProjectId),
    GeneralFund,
}

impl ProjectKey {
    pub fn from_option(project: Option<ProjectId>) -> ProjectKey {
        project.map_or(ProjectKey::GeneralFund, ProjectKey::Project)
    }
}
