//! Cash collections: opening one at a stall, entering gifts, counting the box.

use commonpot_app::{AmountView, NewCollection};
use tauri::State;

use crate::dto::{CashCountDto, CashLineDto, CollectionDto, NewCollectionDto};
use crate::session::{Result, Session};

/// The notes and coins of the association's currency, largest first.
#[tauri::command]
#[specta::specta]
pub fn denominations(session: State<'_, Session>) -> Result<Vec<AmountView>> {
    session.with(|books, _| {
        let locale = books.association().locale.clone();
        Ok(books
            .denominations()
            .into_iter()
            .map(|d| AmountView::new(d, &locale))
            .collect())
    })
}

#[tauri::command]
#[specta::specta]
pub fn open_collections(session: State<'_, Session>) -> Result<Vec<CollectionDto>> {
    session.with(|books, _| {
        let locale = books.association().locale.clone();
        Ok(books
            .open_collections()?
            .iter()
            .map(|c| CollectionDto::new(c, &locale))
            .collect())
    })
}

#[tauri::command]
#[specta::specta]
pub fn open_collection(
    session: State<'_, Session>,
    collection: NewCollectionDto,
) -> Result<CollectionDto> {
    session.with(|books, _| {
        let id = books.open_collection(NewCollection {
            collector: collection.collector,
            place: collection.place,
            project: collection.project,
        })?;
        Ok(CollectionDto::new(
            &books.collection(&id.to_string())?,
            &books.association().locale,
        ))
    })
}

#[tauri::command]
#[specta::specta]
pub fn collection(session: State<'_, Session>, id: String) -> Result<CollectionDto> {
    session.with(|books, _| {
        Ok(CollectionDto::new(
            &books.collection(&id)?,
            &books.association().locale,
        ))
    })
}

/// Reverses the last gift of an open collection, with the reason "entered by mistake".
#[tauri::command]
#[specta::specta]
pub fn undo_last(session: State<'_, Session>, collection: String) -> Result<String> {
    session.with(|books, _| Ok(books.undo_last_in(&collection)?.to_string()))
}

pub(crate) fn cash_lines(lines: Vec<CashLineDto>) -> Vec<(String, u32)> {
    lines
        .into_iter()
        .map(|l| (l.denomination, l.count))
        .collect()
}

/// The counted cash beside what was entered, for the closing form to show as it is typed.
#[tauri::command]
#[specta::specta]
pub fn count_cash(
    session: State<'_, Session>,
    collection: String,
    counts: Vec<CashLineDto>,
) -> Result<CashCountDto> {
    session.with(|books, _| {
        let check = books.check_count(&collection, &cash_lines(counts))?;
        let locale = &books.association().locale;
        Ok(CashCountDto {
            counted: AmountView::new(check.counted, locale),
            entered: AmountView::new(check.entered, locale),
            difference: AmountView::new(check.difference, locale),
            matches: check.matches(),
        })
    })
}

#[tauri::command]
#[specta::specta]
pub fn close_collection(
    session: State<'_, Session>,
    collection: String,
    counts: Vec<CashLineDto>,
    note: String,
) -> Result<CollectionDto> {
    session.with(|books, _| {
        books.close_collection(&collection, &cash_lines(counts), &note)?;
        Ok(CollectionDto::new(
            &books.collection(&collection)?,
            &books.association().locale,
        ))
    })
}
