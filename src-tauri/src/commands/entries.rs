//! Contributions and the ledger: recording, reversing, reading.

use commonpot_app::{AmountView, LedgerQuery, NewContribution};
use tauri::State;

use crate::dto::{LedgerLineDto, LedgerQueryDto, NewContributionDto};
use crate::session::{Result, Session};

/// Reads an amount as typed, with the association's rules, for the form to show the error
/// next to the field before anything is saved.
#[tauri::command]
#[specta::specta]
pub fn check_amount(session: State<'_, Session>, text: String) -> Result<AmountView> {
    session.with(|books, _| {
        let amount = books.parse_amount(commonpot_app::Field::Amount, &text)?;
        Ok(AmountView::new(amount, &books.association().locale))
    })
}

#[tauri::command]
#[specta::specta]
pub fn record_contribution(
    session: State<'_, Session>,
    contribution: NewContributionDto,
) -> Result<String> {
    session.with(|books, _| {
        let recorded = books.record_contribution(NewContribution {
            project: contribution.project,
            amount: contribution.amount,
            channel: contribution.channel,
            member: contribution.member,
            collector: contribution.collector,
            received: None,
            note: contribution.note,
            id: None,
            collection: contribution.collection,
        })?;
        Ok(recorded.id.to_string())
    })
}

#[tauri::command]
#[specta::specta]
pub fn reverse_entry(session: State<'_, Session>, id: String, reason: String) -> Result<String> {
    session.with(|books, _| Ok(books.reverse(&id, &reason)?.to_string()))
}

#[tauri::command]
#[specta::specta]
pub fn ledger(session: State<'_, Session>, query: LedgerQueryDto) -> Result<Vec<LedgerLineDto>> {
    session.with(|books, _| {
        let locale = books.association().locale.clone();
        let lines = books.ledger(&LedgerQuery {
            project: query.project,
            member: query.member,
            limit: Some(u64::from(query.limit.clamp(1, 500))),
            collection: query.collection,
            channel: query.channel,
            from: query.from,
            to: query.to,
            text: query.text,
            newest_first: true,
        })?;
        Ok(lines
            .iter()
            .map(|l| LedgerLineDto::new(l, &locale))
            .collect())
    })
}
