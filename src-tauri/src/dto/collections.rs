//! What the collections screen sends and receives.

use commonpot_app::AmountView;
use commonpot_core::Locale;
use serde::{Deserialize, Serialize};
use specta::Type;

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
