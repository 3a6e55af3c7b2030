//! The types that cross IPC. Amounts travel as decimal strings with their text in the
//! association's locale beside them, so the front end never parses or computes money.
//! Types only one screen uses are in the file named after it; those several share are here.

use commonpot_app::{AmountView, LedgerLine, ProjectWithFigures, Setting, SettingsOf};
use commonpot_core::totals::ProjectFigures;
use commonpot_core::{Key, Locale};
use serde::Serialize;
use specta::Type;
use std::collections::BTreeMap;

mod bank;
mod collections;
mod decisions;
mod entries;
mod error;
mod laptops;
mod members;
mod overview;
mod participation;
mod projects;
mod reports;
mod settings;
mod start;

pub use bank::*;
pub use collections::*;
pub use decisions::*;
pub use entries::*;
pub use error::*;
pub use laptops::*;
pub use members::*;
pub use overview::*;
pub use participation::*;
pub use projects::*;
pub use reports::*;
pub use settings::*;
pub use start::*;

/// Every message the books can give, in English, by key: exported to the UI so that its
/// catalogue can be checked to translate each one.
pub fn book_texts() -> BTreeMap<&'static str, &'static str> {
    Key::ALL.iter().map(|k| (k.id(), k.english())).collect()
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
            language: a.settings.text(Setting::Language).map(String::from),
            path: path.display().to_string(),
        }
    }
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
