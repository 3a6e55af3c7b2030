//! View models: what each document shows, already formatted for the association's locale
//! (amounts and dates are text), so that the documents only lay out.

use crate::{Lang, Paper};

/// What every document needs besides its content.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    pub paper: Paper,
    pub lang: Lang,
    pub association: String,
    /// When the document was made, as printed ("26.11.2026 18:00").
    pub generated: String,
    /// The same moment as seconds since 1970, for the PDF's own dates.
    pub generated_unix: i64,
    /// The ledger digest (hex) and the entry count at that moment, as printed.
    pub digest: String,
    pub entries: String,
}

/// A money figure as printed, and how a bar should show it against a goal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectLine {
    pub code: String,
    pub title: String,
    pub goal: String,
    pub raised: String,
    pub spent: String,
    pub balance: String,
    pub contributors: String,
    /// Raised as a share of the goal, per mille.
    pub progress: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChannelLine {
    pub channel: String,
    pub gifts: String,
    pub amount: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExpenseLine {
    pub paid_on: String,
    pub project: String,
    pub payee: String,
    pub note: String,
    pub amount: String,
}

/// A decision closed in the period, its weighted result and how the weights came about.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DecisionBlock {
    pub title: String,
    /// "Closed 12.11.2026 · Motion, simple majority" and the like.
    pub subtitle: String,
    /// Column labels of the result table (option first).
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The outcome in one sentence.
    pub outcome: String,
    /// How the weights were formed, in one or two sentences.
    pub weights: String,
    /// (weight, members with it) from the frozen weights.
    pub weight_counts: Vec<(String, String)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpenCollectionLine {
    pub opened: String,
    pub collector: String,
    pub place: String,
    pub gifts: String,
    pub entered: String,
}

#[derive(Clone, Debug, Default)]
pub struct MeetingStatement {
    pub from: String,
    pub to: String,
    pub opening: String,
    pub money_in: String,
    pub money_out: String,
    pub closing: String,
    pub projects: Vec<ProjectLine>,
    pub projects_total: ProjectLine,
    pub channels: Vec<ChannelLine>,
    pub channels_total: ChannelLine,
    pub expenses: Vec<ExpenseLine>,
    pub expenses_total: String,
    pub decisions: Vec<DecisionBlock>,
    pub open_collections: Vec<OpenCollectionLine>,
}

/// A figure of a public document, or the reason it is withheld.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Public {
    Shown(String),
    /// Fewer givers than the disclosure threshold, or a figure it could be worked out from.
    Withheld,
    /// Nothing was given.
    Empty,
}

/// Payment details for a payment QR code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Payment {
    /// The EPC payload the QR code carries.
    pub payload: String,
    pub holder: String,
    /// IBAN in groups of four.
    pub iban: String,
    pub bic: String,
    /// The RF reference in groups of four.
    pub reference: String,
}

#[derive(Clone, Debug)]
pub struct ProjectStatement {
    pub code: String,
    pub title: String,
    pub description: String,
    pub status: String,
    pub goal: String,
    pub raised: Public,
    pub spent: String,
    pub balance: Public,
    pub contributors: Public,
    /// Raised as a share of the goal, per mille; none when withheld.
    pub progress: Option<u32>,
    /// The columns of the month table (channels with gifts).
    pub channels: Vec<String>,
    /// (month, a cell per channel, the month's total).
    pub months: Vec<(String, Vec<Public>, Public)>,
    pub channel_totals: Vec<Public>,
    pub total: Public,
    pub expenses: Vec<ExpenseLine>,
    pub expenses_total: String,
    pub threshold: u32,
    pub payment: Option<Payment>,
    /// Why there is no payment code, when there is none.
    pub payment_missing: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GiftLine {
    pub date: String,
    pub project: String,
    pub channel: String,
    pub amount: String,
}

#[derive(Clone, Debug, Default)]
pub struct MemberStatement {
    pub year: String,
    pub name: String,
    pub number: String,
    /// The member's own payment reference (RF…), grouped: transfers carrying it are theirs.
    pub payment_reference: String,
    pub gifts: Vec<GiftLine>,
    pub total: String,
    pub meetings: String,
    pub shifts: String,
    pub months: String,
    pub points: String,
    pub weight: String,
    /// How the weight is worked out, in a sentence.
    pub weight_rule: String,
    pub receipt_text: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnteredLine {
    pub time: String,
    pub giver: String,
    pub project: String,
    pub amount: String,
}

#[derive(Clone, Debug, Default)]
pub struct CashSheet {
    pub id: String,
    pub collector: String,
    pub place: String,
    pub project: String,
    pub opened: String,
    /// Empty while the collection is open: the sheet then has blank lines to count on.
    pub closed: String,
    /// (denomination, count, sum); counts and sums empty on a blank sheet.
    pub denominations: Vec<(String, String, String)>,
    pub entered: Vec<EnteredLine>,
    pub entered_total: String,
    pub counted_total: String,
    pub difference: String,
    pub note: String,
}

#[derive(Clone, Debug, Default)]
pub struct Ballot {
    pub decision: String,
    pub question: String,
    pub description: String,
    /// How to mark, one sentence.
    pub how: String,
    /// (option, detail such as its cost).
    pub options: Vec<(String, String)>,
    pub budget: String,
    pub weighting: String,
    pub count: u32,
}

#[derive(Clone, Debug)]
pub struct Poster {
    pub title: String,
    pub description: String,
    pub goal: String,
    pub progress: Option<(u32, String)>,
    pub payment: Option<Payment>,
    pub payment_missing: String,
}

/// Everything the books hold about one member, as the readable copy of their data export.
#[derive(Clone, Debug, Default)]
pub struct MemberData {
    pub name: String,
    /// The member record: label and value, already in the document's language.
    pub record: Vec<(String, String)>,
    pub sections: Vec<DataSection>,
}

/// One kind of data about the member: a table with its heading.
#[derive(Clone, Debug, Default)]
pub struct DataSection {
    pub title: String,
    /// Column headings and their shares of the width.
    pub columns: Vec<(String, f32)>,
    pub rows: Vec<Vec<String>>,
    /// Said when there are no rows.
    pub empty: String,
}
