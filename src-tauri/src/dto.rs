//! The types that cross IPC. Amounts travel as decimal strings with their text in the
//! association's locale beside them, so the front end never parses or computes money.

use commonpot_app::{
    AmountView, AppError, Association, Decision, DecisionSummary, Field, LedgerLine, Member,
    PaperDifference, PaperLine, ProjectWithFigures, Voter,
};
use commonpot_core::totals::ProjectFigures;
use commonpot_core::{Key, Locale, Text};
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
pub struct AssociationDto {
    pub name: String,
    pub currency: String,
    pub locale: String,
    pub max_amount: AmountView,
    /// The app's language when chosen in Settings; none follows the locale.
    pub language: Option<String>,
    /// The association file.
    pub path: String,
    /// A volunteer's laptop opened from a kit: it collects; the organiser's screens are not
    /// offered.
    pub volunteer: bool,
    /// The file is protected by a passphrase; its kits need one too.
    pub protected: bool,
}

impl AssociationDto {
    pub fn new(books: &commonpot_app::Books, path: &std::path::Path) -> AssociationDto {
        let a = books.association();
        AssociationDto {
            volunteer: books.role().ok() == Some(commonpot_app::Role::Volunteer),
            protected: books.is_protected(),
            name: a.name.clone(),
            currency: a.currency.to_string(),
            locale: a.locale.to_string(),
            max_amount: AmountView::new(a.max_amount, &a.locale),
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

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProjectDto {
    pub id: String,
    pub code: String,
    pub title: String,
    pub description: String,
    pub status: String,
    pub goal: AmountView,
    pub raised: AmountView,
    pub spent: AmountView,
    pub balance: AmountView,
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
            goal: AmountView::new(p.project.goal, locale),
            raised: AmountView::new(p.raised, locale),
            spent: AmountView::new(p.spent, locale),
            balance: AmountView::new(f.balance(), locale),
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
    pub entered: AmountView,
    pub entered_count: u32,
    pub closed: bool,
    pub counted: Option<AmountView>,
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
            entered: AmountView::new(s.entered, locale),
            entered_count: u32::try_from(s.entered_count).unwrap_or(u32::MAX),
            closed: s.close.is_some(),
            counted: s
                .close
                .as_ref()
                .map(|c| AmountView::new(c.counted_total, locale)),
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
    pub counted: AmountView,
    pub entered: AmountView,
    /// Counted minus entered.
    pub difference: AmountView,
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
    pub amount: AmountView,
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
            amount: AmountView::new(l.amount, locale),
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
    pub raised: AmountView,
    pub spent: AmountView,
    pub balance: AmountView,
    pub general_fund: AmountView,
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
    pub max_amount: AmountView,
    /// In groups of four.
    pub iban: Option<String>,
    pub bic: Option<String>,
    pub creditor: Option<String>,
    /// Where backups go; the data folder's `backups` when none.
    pub backup_folder: Option<String>,
    /// "en" or "de" when chosen; none follows the locale.
    pub language: Option<String>,
    /// Public documents show no count or sum over fewer contributors than this.
    pub disclosure_threshold: u32,
    /// How many automatic backups (taken when the window closes, at most daily) are kept.
    pub backups_kept: u32,
    /// Printed on member statements that serve as donation receipts.
    pub receipt_text: Option<String>,
    /// The association file.
    pub path: String,
}

impl SettingsDto {
    pub fn new(a: &Association, path: &std::path::Path) -> SettingsDto {
        SettingsDto {
            name: a.name.clone(),
            currency: a.currency.to_string(),
            locale: a.locale.to_string(),
            max_amount: AmountView::new(a.max_amount, &a.locale),
            iban: a.iban.as_deref().map(|i| {
                commonpot_core::payment::Iban::parse(i)
                    .map(|i| i.grouped())
                    .unwrap_or_else(|_| i.to_string())
            }),
            bic: a.bic.clone(),
            creditor: a.creditor.clone(),
            backup_folder: a.backup_folder.clone(),
            language: a.language.clone(),
            disclosure_threshold: a.disclosure_threshold,
            backups_kept: a.backups_kept,
            receipt_text: a.receipt_text.clone(),
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
    pub disclosure_threshold: String,
    pub receipt_text: String,
    pub backups_kept: String,
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

// ----- participation and decisions -----

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MeetingDto {
    pub id: String,
    pub date: String,
    pub title: String,
    pub present: u32,
}

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NewMeetingDto {
    pub date: String,
    pub title: String,
    /// Member numbers or ids.
    pub attendees: Vec<String>,
    /// Who books the attendance; never one of the attendees.
    pub by: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NewShiftDto {
    pub member: String,
    pub date: String,
    pub what: String,
    /// Who books the shift; never the volunteer.
    pub by: Option<String>,
}

/// Where a decision stands: "draft" (voting not opened), "voting" or "closed".
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DecisionSummaryDto {
    pub id: String,
    pub title: String,
    pub method: String,
    pub state: String,
}

impl From<DecisionSummary> for DecisionSummaryDto {
    fn from(d: DecisionSummary) -> Self {
        DecisionSummaryDto {
            id: d.id.to_string(),
            title: d.title,
            method: d.method,
            state: state(d.opened, d.closed).into(),
        }
    }
}

fn state(opened: bool, closed: bool) -> &'static str {
    match (opened, closed) {
        (_, true) => "closed",
        (true, false) => "voting",
        (false, false) => "draft",
    }
}

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NewDecisionDto {
    pub title: String,
    /// motion | greedy | equal-shares | quadratic
    pub method: String,
    pub budget: Option<String>,
    pub pool: Option<String>,
    pub cap: Option<String>,
    /// Project codes; every open project when empty.
    pub options: Vec<String>,
    pub weights: Option<String>,
    pub quorum: Option<String>,
    pub threshold: Option<String>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OptionDto {
    pub code: String,
    pub title: String,
    pub cost: AmountView,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct VoterDto {
    pub member: String,
    pub name: String,
    pub weight: String,
    pub voted: bool,
}

impl From<Voter> for VoterDto {
    fn from(v: Voter) -> Self {
        VoterDto {
            member: v.member,
            name: v.name,
            weight: v.weight,
            voted: v.voted,
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DecisionDto {
    pub id: String,
    pub title: String,
    pub method: String,
    pub state: String,
    pub rule: String,
    pub options: Vec<OptionDto>,
    /// Who may vote, once voting is open.
    pub voters: Vec<VoterDto>,
}

impl DecisionDto {
    pub fn new(d: &Decision, voters: Vec<Voter>, locale: &Locale) -> DecisionDto {
        DecisionDto {
            id: d.record.id.to_string(),
            title: d.record.title.clone(),
            method: d.record.method.clone(),
            state: state(d.opened_at.is_some(), d.closed_at.is_some()).into(),
            rule: d.record.rule.clone(),
            options: d
                .options
                .iter()
                .map(|o| OptionDto {
                    code: o.code.clone(),
                    title: o.title.clone(),
                    cost: AmountView::new(o.cost, locale),
                })
                .collect(),
            voters: voters.into_iter().map(VoterDto::from).collect(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BallotDto {
    pub decision: String,
    pub member: String,
    /// "yes", "no" or "abstain" for a motion; none for approvals.
    pub choice: Option<String>,
    /// The approved options' codes.
    pub approve: Vec<String>,
    /// Typed from a paper ballot.
    pub paper: bool,
}

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PaperEntryDto {
    pub decision: String,
    /// The number printed on the paper ballot.
    pub paper: String,
    /// 1 for the first volunteer's entry, 2 for the second's.
    pub pass: u8,
    pub member: String,
    pub choice: Option<String>,
    pub approve: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PaperLineDto {
    pub member: String,
    pub name: String,
    pub choice: String,
}

/// A paper ballot that does not count yet: waiting for its second entry, or differing.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PaperDifferenceDto {
    pub paper: String,
    pub first: Option<PaperLineDto>,
    pub second: Option<PaperLineDto>,
}

impl From<PaperDifference> for PaperDifferenceDto {
    fn from(p: PaperDifference) -> Self {
        let line = |l: Option<PaperLine>| {
            l.map(|l| PaperLineDto {
                member: l.member,
                name: l.name,
                choice: l.choice,
            })
        };
        PaperDifferenceDto {
            paper: p.paper,
            first: line(p.first),
            second: line(p.second),
        }
    }
}

/// What became of a paper ballot's entry: "waiting", "cast" or "differs".
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PaperOutcomeDto {
    pub outcome: String,
    pub decision: DecisionDto,
}

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

/// A message from the books that is not an error (a refused entry of an import, a gap): key
/// and arguments for the UI's catalogue, and the English.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TextDto {
    pub key: String,
    pub args: BTreeMap<String, String>,
    pub message: String,
}

impl From<&Text> for TextDto {
    fn from(text: &Text) -> TextDto {
        TextDto {
            key: text.key.id().to_string(),
            args: text
                .args
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            message: text.to_string(),
        }
    }
}

/// A sequence range of a laptop that never arrived.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct GapDto {
    pub device: String,
    pub from: u32,
    pub to: u32,
    pub text: TextDto,
}

impl From<&commonpot_app::Gap> for GapDto {
    fn from(g: &commonpot_app::Gap) -> GapDto {
        GapDto {
            device: g.device.clone(),
            from: g.from as u32,
            to: g.to as u32,
            text: (&g.text()).into(),
        }
    }
}

/// A laptop this file knows.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DeviceDto {
    pub id: String,
    pub name: String,
    pub this_laptop: bool,
    pub last_seq: u32,
    /// This laptop: entries made and not handed over in a bundle yet.
    pub not_handed_over: u32,
    pub gaps: Vec<GapDto>,
}

/// One entry an import did not apply.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FindingDto {
    pub kind: String,
    pub id: String,
    pub device: String,
    pub seq: Option<u32>,
    pub text: TextDto,
}

impl From<&commonpot_app::Finding> for FindingDto {
    fn from(f: &commonpot_app::Finding) -> FindingDto {
        FindingDto {
            kind: f.kind.clone(),
            id: f.id.clone(),
            device: f.device.clone(),
            seq: f.seq.map(|s| s as u32),
            text: (&f.text).into(),
        }
    }
}

/// What importing a bundle did, or would do.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BundleReportDto {
    pub file: String,
    pub device: String,
    pub added: u32,
    pub skipped: u32,
    pub members_added: u32,
    pub conflicts: Vec<FindingDto>,
    pub refused: Vec<FindingDto>,
    pub gaps: Vec<GapDto>,
    pub dry_run: bool,
    pub entry_count: u32,
    pub digest: String,
}

impl From<&commonpot_app::BundleReport> for BundleReportDto {
    fn from(r: &commonpot_app::BundleReport) -> BundleReportDto {
        BundleReportDto {
            file: r.file.clone(),
            device: r.device.clone(),
            added: r.added as u32,
            skipped: r.skipped as u32,
            members_added: r.members_added as u32,
            conflicts: r.conflicts.iter().map(Into::into).collect(),
            refused: r.refused.iter().map(Into::into).collect(),
            gaps: r.gaps.iter().map(Into::into).collect(),
            dry_run: r.dry_run,
            entry_count: r.entry_count as u32,
            digest: r.digest.clone(),
        }
    }
}

/// An earlier import, as the log keeps it.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportLogDto {
    pub imported_at: String,
    pub file: String,
    pub device: String,
    pub added: u32,
    pub skipped: u32,
    pub conflicts: u32,
    pub refused: u32,
}

/// The "Volunteers & laptops" screen.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LaptopsDto {
    /// "organiser" or "volunteer".
    pub role: String,
    pub devices: Vec<DeviceDto>,
    pub imports: Vec<ImportLogDto>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct KitDto {
    pub volunteer: String,
    pub projects: u32,
    pub members: u32,
    pub decisions: u32,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct HandedOverDto {
    pub path: String,
    pub entries: u32,
    pub members: u32,
    pub from: Option<u32>,
    pub to: Option<u32>,
}

/// A bank line as the Bank screen lists it.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BankLineDto {
    pub id: u32,
    pub file: String,
    pub position: String,
    pub booking_date: String,
    /// Formatted; a debit with a minus.
    pub amount: String,
    pub credit: bool,
    pub counterparty: String,
    pub counterparty_iban: String,
    pub remittance: String,
    pub bank_reference: String,
    /// "matched", "queued" or "assigned".
    pub state: String,
    pub why: TextDto,
    /// The suggested (or chosen) project's code and title.
    pub project_code: Option<String>,
    pub project_title: Option<String>,
    /// The suggested (or chosen) member's id and name.
    pub member_id: Option<String>,
    pub member_name: Option<String>,
    pub entry: Option<String>,
}

impl From<&commonpot_app::QueueLine> for BankLineDto {
    fn from(l: &commonpot_app::QueueLine) -> BankLineDto {
        BankLineDto {
            id: l.id as u32,
            file: l.file.clone(),
            position: l.position.clone(),
            booking_date: l.booking_date.to_string(),
            amount: l.amount.text.clone(),
            credit: l.credit,
            counterparty: l.counterparty.clone(),
            counterparty_iban: l.counterparty_iban.clone(),
            remittance: l.remittance.clone(),
            bank_reference: l.bank_reference.clone(),
            state: l.state.as_str().to_string(),
            why: (&l.why).into(),
            project_code: l.project.as_ref().map(|p| p.0.clone()),
            project_title: l.project.as_ref().map(|p| p.1.clone()),
            member_id: l.member.as_ref().map(|m| m.0.clone()),
            member_name: l.member.as_ref().map(|m| m.1.clone()),
            entry: l.entry.map(|e| e.to_string()),
        }
    }
}

/// A bank account's balance as the bank last stated it.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BankAccountDto {
    pub account: String,
    pub balance: String,
    pub date: String,
    pub statement_id: String,
}

/// The Bank screen.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BankDto {
    pub accounts: Vec<BankAccountDto>,
    pub ledger_balance: String,
    pub matched_count: u32,
    pub queued_count: u32,
    pub assigned_count: u32,
    pub last_import: Option<String>,
    /// Names of the saved CSV profiles.
    pub profiles: Vec<String>,
    /// The oldest waiting lines, at most 500 of `queued_count`.
    pub queue: Vec<BankLineDto>,
    /// The latest lines that became entries, newest last.
    pub matched: Vec<BankLineDto>,
}

/// A line of a statement file that was not taken in.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RefusedLineDto {
    pub position: String,
    pub reason: TextDto,
}

/// One statement of an imported file.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StatementDto {
    pub id: String,
    pub account: String,
    pub opening: Option<String>,
    pub closing: Option<String>,
    pub closing_date: Option<String>,
    pub lines: u32,
}

/// What importing a statement file did, or would do.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BankImportDto {
    pub file: String,
    pub matched: u32,
    pub queued: u32,
    pub known: u32,
    pub refused: u32,
    pub dry_run: bool,
    pub statements: Vec<StatementDto>,
    pub refused_lines: Vec<RefusedLineDto>,
}

impl BankImportDto {
    pub fn new(file: String, r: &commonpot_app::BankImportReport) -> BankImportDto {
        BankImportDto {
            file,
            matched: r.matched as u32,
            queued: r.queued as u32,
            known: r.known as u32,
            refused: r.refused as u32,
            dry_run: r.dry_run,
            statements: r
                .statements
                .iter()
                .map(|s| StatementDto {
                    id: s.id.clone(),
                    account: s.account.clone(),
                    opening: s.opening.as_ref().map(|m| m.text.clone()),
                    closing: s.closing.as_ref().map(|m| m.text.clone()),
                    closing_date: s.closing_date.map(|d| d.to_string()),
                    lines: s.lines as u32,
                })
                .collect(),
            refused_lines: r
                .refused_lines
                .iter()
                .map(|l| RefusedLineDto {
                    position: l.position.clone(),
                    reason: (&l.reason).into(),
                })
                .collect(),
        }
    }
}

/// A payment reference and its code, for showing large on screen.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PaymentCodeDto {
    pub reference: String,
    pub grouped: String,
    pub project_code: Option<String>,
    pub project_title: Option<String>,
    pub member: Option<String>,
    /// The association's account, grouped, and the holder's name.
    pub iban: String,
    pub holder: String,
    /// The EPC QR code as an SVG document.
    pub svg: String,
}

/// What a member's data export wrote.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MemberExportedDto {
    pub path: String,
    pub name: String,
    /// Ledger lines naming the member.
    pub lines: u32,
    pub kilobytes: u32,
}

/// What erasing a member did.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MemberErasedDto {
    /// The member's name from now on.
    pub pseudonym: String,
    /// How often the old name still stands in the ledger's own texts.
    pub mentions: u32,
}

/// What a restore put in place.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RestoredDto {
    pub entries: u32,
    pub digest: String,
    /// Where the books it replaced were kept.
    pub kept: Option<String>,
    /// The association as reopened.
    pub association: AssociationDto,
}
