//! The types that cross IPC. Amounts travel as decimal strings with their text in the
//! association's locale beside them, so the front end never parses or computes money.

use commonpot_app::{AppError, Association, LedgerLine, Member, ProjectWithFigures};
use commonpot_core::totals::ProjectFigures;
use commonpot_core::{Amount, Key, Locale, Text};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::BTreeMap;

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
    pub field: Option<String>,
}

impl IpcError {
    pub fn new(code: ErrorCode, text: &Text, field: Option<String>) -> IpcError {
        IpcError {
            code,
            message: text.to_string(),
            key: text.key.id().to_string(),
            args: text
                .args
                .iter()
                .map(|(name, value)| (name.to_string(), value.clone()))
                .collect(),
            field,
        }
    }
}

/// Every message the books can give, in English, by key: exported to the UI so that its
/// catalogue can be checked to translate each one.
pub fn book_texts() -> BTreeMap<&'static str, &'static str> {
    Key::ALL.iter().map(|k| (k.id(), k.english())).collect()
}

#[derive(Debug, Clone, Copy, Serialize, Type, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidInput,
    NotFound,
    Refused,
    NoAssociation,
    NotCommonpotFile,
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
            C::Io => ErrorCode::Io,
            C::Internal => ErrorCode::Internal,
        };
        let field = e.field().map(|f| f.trim_start_matches('-').to_string());
        IpcError::new(code, &e.text(), field)
    }
}

/// An amount: the plain decimal (`"1234.50"`) and as the association writes it
/// (`"1.234,50"`).
#[derive(Debug, Clone, Serialize, Type, PartialEq, Eq)]
pub struct AmountDto {
    pub value: String,
    pub text: String,
}

impl AmountDto {
    pub fn new(amount: Amount, locale: &Locale) -> AmountDto {
        AmountDto {
            value: amount.to_string(),
            text: locale.format_amount(amount),
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AssociationDto {
    pub name: String,
    pub currency: String,
    pub locale: String,
    pub max_amount: AmountDto,
    /// The app's language when chosen in Settings; none follows the locale.
    pub language: Option<String>,
    /// The association file.
    pub path: String,
}

impl AssociationDto {
    pub fn new(a: &Association, path: &std::path::Path) -> AssociationDto {
        AssociationDto {
            name: a.name.clone(),
            currency: a.currency.to_string(),
            locale: a.locale.to_string(),
            max_amount: AmountDto::new(a.max_amount, &a.locale),
            language: a.language.clone(),
            path: path.display().to_string(),
        }
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

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProjectDto {
    pub id: String,
    pub code: String,
    pub title: String,
    pub description: String,
    pub status: String,
    pub goal: AmountDto,
    pub raised: AmountDto,
    pub spent: AmountDto,
    pub balance: AmountDto,
    pub contributors: u32,
    pub anonymous_gifts: u32,
    /// Raised as whole percent of the goal, rounded down; may exceed 100.
    pub progress_percent: u32,
    pub deadline: Option<String>,
}

impl ProjectDto {
    pub fn new(p: &ProjectWithFigures, locale: &Locale) -> ProjectDto {
        let f = ProjectFigures {
            goal: p.project.goal,
            raised: p.raised,
            spent: p.spent,
        };
        ProjectDto {
            id: p.project.id.to_string(),
            code: p.project.code.clone(),
            title: p.project.title.clone(),
            description: p.project.description.clone(),
            status: p.project.status.to_string(),
            goal: AmountDto::new(p.project.goal, locale),
            raised: AmountDto::new(p.raised, locale),
            spent: AmountDto::new(p.spent, locale),
            balance: AmountDto::new(f.balance(), locale),
            contributors: u32::try_from(p.contributors).unwrap_or(u32::MAX),
            anonymous_gifts: u32::try_from(p.anonymous_gifts).unwrap_or(u32::MAX),
            progress_percent: u32::try_from(f.progress_percent().mantissa()).unwrap_or(u32::MAX),
            deadline: p.project.deadline.map(|d| d.to_string()),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NewProjectDto {
    pub title: String,
    pub goal: String,
    pub code: Option<String>,
    pub deadline: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MemberDto {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub number: Option<String>,
    pub joined: String,
}

impl From<Member> for MemberDto {
    fn from(m: Member) -> MemberDto {
        MemberDto {
            id: m.id.to_string(),
            name: m.name,
            email: m.email,
            number: m.number,
            joined: m.joined_on.to_string(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NewMemberDto {
    pub name: String,
    pub email: Option<String>,
    pub number: Option<String>,
}

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
pub struct NewCollectionDto {
    /// The collecting member's number or id.
    pub collector: String,
    pub place: String,
    /// The default project's code, or none for the general fund.
    pub project: Option<String>,
}

/// A cash collection, what was entered in it, and its count once closed.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CollectionDto {
    pub id: String,
    pub collector: String,
    pub place: String,
    /// The default project's code; none is the general fund.
    pub project: Option<String>,
    pub opened_at: String,
    pub entered: AmountDto,
    pub entered_count: u32,
    pub closed: bool,
    pub counted: Option<AmountDto>,
    pub note: Option<String>,
}

impl CollectionDto {
    pub fn new(s: &commonpot_app::CollectionState, locale: &Locale) -> CollectionDto {
        CollectionDto {
            id: s.collection.id.to_string(),
            collector: s.collector_name.clone(),
            place: s.collection.place.clone(),
            project: s.project_code.clone(),
            opened_at: commonpot_core::entry::instant_text(s.collection.opened_at),
            entered: AmountDto::new(s.entered, locale),
            entered_count: u32::try_from(s.entered_count).unwrap_or(u32::MAX),
            closed: s.close.is_some(),
            counted: s
                .close
                .as_ref()
                .map(|c| AmountDto::new(c.counted_total, locale)),
            note: s.close.as_ref().map(|c| c.note.clone()),
        }
    }
}

/// How many of one note or coin are in the box.
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CashLineDto {
    /// The denomination's plain value, as `denominations` gives it ("0.50").
    pub denomination: String,
    pub count: u32,
}

/// A cash count beside what was entered.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CashCountDto {
    pub counted: AmountDto,
    pub entered: AmountDto,
    /// Counted minus entered.
    pub difference: AmountDto,
    pub matches: bool,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LedgerLineDto {
    pub id: String,
    pub kind: String,
    /// When the money moved (UTC, as stored).
    pub date: String,
    pub project: Option<String>,
    pub member: Option<String>,
    pub channel: Option<String>,
    /// Money in is positive, money out and reversals of money in negative.
    pub amount: AmountDto,
    pub text: String,
    pub payee: Option<String>,
    pub reversed: bool,
    pub reverses: Option<String>,
}

impl LedgerLineDto {
    pub fn new(l: &LedgerLine, locale: &Locale) -> LedgerLineDto {
        LedgerLineDto {
            id: l.id.to_string(),
            kind: l.kind.to_string(),
            date: l.occurred_at.clone(),
            project: l.project.as_ref().map(|p| p.1.clone()),
            member: l.member.as_ref().map(|m| m.1.clone()),
            channel: l.channel.map(|c| c.to_string()),
            amount: AmountDto::new(l.amount, locale),
            text: l.text.clone(),
            payee: l.payee.clone(),
            reversed: l.reversed_by.is_some(),
            reverses: l.reverses.map(|r| r.to_string()),
        }
    }
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

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OverviewDto {
    pub association: AssociationDto,
    /// Projects that are open for contributions.
    pub projects: Vec<ProjectDto>,
    pub raised: AmountDto,
    pub spent: AmountDto,
    pub balance: AmountDto,
    pub general_fund: AmountDto,
    pub entry_count: u32,
    pub digest: String,
    pub latest: Vec<LedgerLineDto>,
}

/// The association's settings as the Settings screen shows them.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SettingsDto {
    pub name: String,
    /// Fixed once the association exists.
    pub currency: String,
    pub locale: String,
    pub max_amount: AmountDto,
    /// In groups of four.
    pub iban: Option<String>,
    pub bic: Option<String>,
    pub creditor: Option<String>,
    /// Where backups go; the data folder's `backups` when none.
    pub backup_folder: Option<String>,
    /// "en" or "de" when chosen; none follows the locale.
    pub language: Option<String>,
    /// The association file.
    pub path: String,
}

impl SettingsDto {
    pub fn new(a: &Association, path: &std::path::Path) -> SettingsDto {
        SettingsDto {
            name: a.name.clone(),
            currency: a.currency.to_string(),
            locale: a.locale.to_string(),
            max_amount: AmountDto::new(a.max_amount, &a.locale),
            iban: a.iban.as_deref().map(|i| {
                commonpot_core::payment::Iban::parse(i)
                    .map(|i| i.grouped())
                    .unwrap_or_else(|_| i.to_string())
            }),
            bic: a.bic.clone(),
            creditor: a.creditor.clone(),
            backup_folder: a.backup_folder.clone(),
            language: a.language.clone(),
            path: path.display().to_string(),
        }
    }
}

/// The Settings form as submitted: every field as typed; an empty text removes an optional
/// setting.
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SettingsChangeDto {
    pub name: String,
    pub locale: String,
    pub max_amount: String,
    pub iban: String,
    pub bic: String,
    pub creditor: String,
    pub backup_folder: String,
    pub language: String,
}

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MemberChangeDto {
    pub name: String,
    /// Empty removes the address.
    pub email: String,
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
