//! Bank statements: importing them, the queue, CSV profiles, and payment codes.

use std::path::Path;

use tauri::State;

use crate::dto::{BankAccountDto, BankDto, BankImportDto, PaymentCodeDto};
use crate::session::{Result, Session};

/// How many waiting bank lines the Bank screen lists at once.
const QUEUE_SHOWN: usize = 500;

/// The Bank screen: balances, the queue, the latest matched lines, the saved CSV profiles.
#[tauri::command]
#[specta::specta]
pub fn bank(session: State<'_, Session>) -> Result<BankDto> {
    session.with(|books, _| {
        let o = books.bank_overview()?;
        Ok(BankDto {
            accounts: o
                .accounts
                .iter()
                .map(|a| BankAccountDto {
                    account: a.account.clone(),
                    balance: a.balance.text.clone(),
                    date: a.date.to_string(),
                    statement_id: a.statement_id.clone(),
                })
                .collect(),
            ledger_balance: o.ledger_balance.text,
            matched_count: o.matched as u32,
            queued_count: o.queued as u32,
            assigned_count: o.assigned as u32,
            last_import: o.last_import.map(commonpot_core::entry::instant_text),
            profiles: books.bank_profiles()?.into_iter().map(|p| p.name).collect(),
            // The oldest waiting lines; the count says how many there are in all.
            queue: books
                .bank_queue()?
                .iter()
                .take(QUEUE_SHOWN)
                .map(Into::into)
                .collect(),
            matched: books.bank_matched(50)?.iter().map(Into::into).collect(),
        })
    })
}

/// Imports a bank statement file: `profile` names the CSV profile; none reads camt.053.
#[tauri::command]
#[specta::specta]
pub async fn import_bank_file(
    session: State<'_, Session>,
    path: String,
    profile: Option<String>,
    dry_run: bool,
) -> Result<BankImportDto> {
    session.with(|books, _| {
        let format = match profile {
            Some(name) => commonpot_app::BankFormat::Csv(name),
            None => commonpot_app::BankFormat::Camt,
        };
        let report = books.import_bank_file(Path::new(&path), &format, dry_run)?;
        let file = Path::new(&path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or(path.clone());
        Ok(BankImportDto::new(file, &report))
    })
}

/// Saves a CSV column profile.
#[tauri::command]
#[specta::specta]
pub fn add_bank_profile(
    session: State<'_, Session>,
    name: String,
    delimiter: String,
    decimal: String,
    date_format: String,
    columns: String,
    encoding: String,
) -> Result<String> {
    session.with(|books, _| {
        let p = books.add_bank_profile(
            &name,
            &delimiter,
            &decimal,
            &date_format,
            &columns,
            Some(&encoding),
        )?;
        Ok(p.name)
    })
}

/// Says what a waiting bank line is; returns the entry it became.
#[tauri::command]
#[specta::specta]
pub fn assign_bank_line(
    session: State<'_, Session>,
    line: u32,
    project: String,
    member: Option<String>,
    remember: bool,
) -> Result<String> {
    session.with(|books, _| {
        let id =
            books.assign_bank_line(&line.to_string(), &project, member.as_deref(), remember)?;
        Ok(id.to_string())
    })
}

/// The payment reference and code of a project (or a member's gifts to it), to show large.
#[tauri::command]
#[specta::specta]
pub fn payment_code(
    session: State<'_, Session>,
    reference: String,
    member: Option<String>,
    amount: Option<String>,
) -> Result<PaymentCodeDto> {
    session.with(|books, _| {
        let r = books.payment_reference(&reference, member.as_deref())?;
        let svg = books.payment_code_svg(&r, amount.as_deref())?;
        Ok(PaymentCodeDto {
            reference: r.reference.clone(),
            grouped: r.grouped.clone(),
            project_code: r.project.as_ref().map(|p| p.0.clone()),
            project_title: r.project.as_ref().map(|p| p.1.clone()),
            member: r.member.clone(),
            iban: books.account_iban()?,
            holder: books.account_holder(),
            svg,
        })
    })
}
