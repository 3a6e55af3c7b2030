//! The overview: the association's figures at a glance.

use commonpot_app::{AmountView, LedgerQuery};
use tauri::State;

use crate::dto::{AssociationDto, LedgerLineDto, OverviewDto, ProjectDto};
use crate::session::{Result, Session};

#[tauri::command]
#[specta::specta]
pub fn overview(session: State<'_, Session>) -> Result<OverviewDto> {
    session.with(|books, path| {
        let locale = books.association().locale.clone();
        let summary = books.summary()?;
        let latest = books.ledger(&LedgerQuery {
            limit: Some(8),
            newest_first: true,
            ..LedgerQuery::default()
        })?;
        let balance = summary.balance();
        Ok(OverviewDto {
            association: AssociationDto::new(books, path),
            projects: summary
                .projects
                .iter()
                .filter(|p| p.project.status == commonpot_core::ProjectStatus::Open)
                .map(|p| ProjectDto::new(p, &locale))
                .collect(),
            raised: AmountView::new(summary.raised, &locale),
            spent: AmountView::new(summary.spent, &locale),
            balance: AmountView::new(balance, &locale),
            general_fund: AmountView::new(summary.general_fund, &locale),
            entry_count: u32::try_from(summary.entry_count).unwrap_or(u32::MAX),
            digest: summary.digest,
            latest: latest
                .iter()
                .map(|l| LedgerLineDto::new(l, &locale))
                .collect(),
        })
    })
}
