//! What the bank screen sends and receives.

use serde::Serialize;
use specta::Type;

use commonpot_app::TextView;

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
    pub why: TextView,
    /// The suggested (or chosen) project's code and title.
    pub project_code: Option<String>,
    pub project_title: Option<String>,
    /// The suggested (or chosen) member's id and name.
    pub member_id: Option<String>,
    pub member_name: Option<String>,
    pub entry: Option<String>,
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
    pub reason: TextView,
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
