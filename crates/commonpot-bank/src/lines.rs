//! A bank file as the books take it in: its statements (account, balances) and one line per
//! transaction (a batch entry gives one line per transaction), each with a stable identity so
//! that a statement imported twice, or two overlapping statements, add nothing twice.

use std::collections::HashMap;

use chrono::NaiveDate;
use commonpot_core::Decimal;
use sha2::{Digest, Sha256};

use crate::camt::{Balance, Statement};
use crate::csv::CsvLine;

/// One statement of the file: a camt.053 `<Stmt>`, or a whole CSV file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementInfo {
    /// The bank's statement id; for CSV, empty.
    pub id: String,
    /// The account's IBAN; for CSV, `csv:` and the profile's name.
    pub account: String,
    pub currency: Option<String>,
    pub opening: Option<Balance>,
    pub closing: Option<Balance>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankLine {
    /// The statement it belongs to, an index into [`BankFile::statements`].
    pub statement: usize,
    /// Where it is in the file, for people: "line 12", "statement S-7, entry 3".
    pub position: String,
    pub booking_date: NaiveDate,
    /// Positive.
    pub amount: Decimal,
    pub currency: Option<String>,
    pub credit: bool,
    /// The bank reversed an earlier booking with it.
    pub reversal: bool,
    pub counterparty: String,
    pub counterparty_iban: String,
    /// Unstructured remittance text, and the structured creditor reference after it.
    pub remittance: String,
    /// The bank's reference of the entry (with the transaction's, for a batch).
    pub bank_reference: String,
    /// Which transaction of its entry (0 unless the entry is a batch).
    pub transaction: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BankFile {
    pub statements: Vec<StatementInfo>,
    pub lines: Vec<BankLine>,
}

impl BankFile {
    pub fn from_camt(statements: Vec<Statement>) -> BankFile {
        let mut file = BankFile::default();
        for (s, statement) in statements.into_iter().enumerate() {
            let account = statement
                .iban
                .clone()
                .unwrap_or_else(|| format!("statement:{}", statement.id));
            for (n, entry) in statement.entries.iter().enumerate() {
                let details = if entry.transactions.is_empty() {
                    vec![Default::default()]
                } else {
                    entry.transactions.clone()
                };
                let batch = details.len() > 1;
                for (t, tx) in details.into_iter().enumerate() {
                    let mut remittance = tx.remittance.clone();
                    if let Some(reference) = &tx.structured_reference {
                        if !remittance.is_empty() {
                            remittance.push(' ');
                        }
                        remittance.push_str(reference);
                    }
                    let bank_reference = match (&entry.reference, &tx.bank_reference) {
                        (Some(e), Some(t)) if batch && e != t => format!("{e}/{t}"),
                        (Some(e), _) => e.clone(),
                        (None, Some(t)) => t.clone(),
                        (None, None) => tx.end_to_end_id.clone().unwrap_or_default(),
                    };
                    file.lines.push(BankLine {
                        statement: s,
                        position: if batch {
                            format!(
                                "statement {}, entry {}, transaction {}",
                                statement.id,
                                n + 1,
                                t + 1
                            )
                        } else {
                            format!("statement {}, entry {}", statement.id, n + 1)
                        },
                        booking_date: entry.booking_date,
                        amount: tx.amount.filter(|_| batch).unwrap_or(entry.amount),
                        currency: Some(entry.currency.clone()).filter(|c| !c.is_empty()),
                        credit: entry.credit,
                        reversal: entry.reversal,
                        counterparty: tx.counterparty.unwrap_or_default(),
                        counterparty_iban: tx.counterparty_iban.unwrap_or_default(),
                        remittance,
                        bank_reference: if entry.reference.is_some() || tx.bank_reference.is_some()
                        {
                            bank_reference
                        } else {
                            String::new()
                        },
                        transaction: t,
                    });
                }
            }
            file.statements.push(StatementInfo {
                id: statement.id,
                account,
                currency: statement.currency,
                opening: statement.opening,
                closing: statement.closing,
            });
        }
        file
    }

    pub fn from_csv(profile: &str, lines: Vec<CsvLine>) -> BankFile {
        let statements = vec![StatementInfo {
            id: String::new(),
            account: format!("csv:{profile}"),
            currency: None,
            opening: None,
            closing: None,
        }];
        let lines = lines
            .into_iter()
            .map(|l| BankLine {
                statement: 0,
                position: format!("line {}", l.line),
                booking_date: l.booking_date,
                amount: l.amount.abs(),
                currency: None,
                credit: l.amount.is_sign_positive() && !l.amount.is_zero(),
                reversal: false,
                counterparty: l.counterparty,
                counterparty_iban: l.iban,
                remittance: l.text,
                bank_reference: l.reference,
                transaction: 0,
            })
            .collect();
        BankFile { statements, lines }
    }

    /// Each line's identity: the bank's reference of the entry where there is one (with the
    /// transaction's place in a batch), else a hash of account, booking date, amount,
    /// direction, counterparty and remittance text; then how many lines before it in this
    /// file had the same, so that two equal gifts on one day stay two.
    pub fn identities(&self) -> Vec<String> {
        let mut seen: HashMap<String, u32> = HashMap::new();
        self.lines
            .iter()
            .map(|line| {
                let account = &self.statements[line.statement].account;
                let base = if line.bank_reference.is_empty() {
                    let mut h = Sha256::new();
                    for part in [
                        account.as_str(),
                        &line.booking_date.to_string(),
                        &line.amount.normalize().to_string(),
                        if line.credit { "C" } else { "D" },
                        &line.counterparty,
                        &line.counterparty_iban,
                        &line.remittance,
                    ] {
                        h.update(part.as_bytes());
                        h.update([0]);
                    }
                    format!("{account}|hash|{}", hex(&h.finalize()[..16]))
                } else {
                    format!("{account}|ref|{}|{}", line.bank_reference, line.transaction)
                };
                let n = seen.entry(base.clone()).or_insert(0);
                *n += 1;
                format!("{base}|{n}")
            })
            .collect()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv_line(line: u64, amount: &str, name: &str) -> CsvLine {
        CsvLine {
            line,
            booking_date: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            amount: amount.parse().unwrap(),
            counterparty: name.into(),
            iban: String::new(),
            text: "Spende".into(),
            reference: String::new(),
        }
    }

    #[test]
    fn equal_lines_in_one_file_stay_apart_and_read_alike_in_the_next() {
        let first = BankFile::from_csv(
            "giro",
            vec![
                csv_line(2, "5.00", "Jana"),
                csv_line(3, "5.00", "Jana"),
                csv_line(4, "-5", "Jana"),
            ],
        );
        let ids = first.identities();
        assert_eq!(ids.len(), 3);
        assert_ne!(ids[0], ids[1]);
        assert_ne!(ids[0], ids[2], "a debit is not the credit");
        assert!(!first.lines[2].credit);
        // An overlapping export: one more line before, the same three lines.
        let second = BankFile::from_csv(
            "giro",
            vec![
                csv_line(2, "7.00", "Piotr"),
                csv_line(3, "5.00", "Jana"),
                csv_line(4, "5.00", "Jana"),
                csv_line(5, "-5", "Jana"),
            ],
        );
        let again = second.identities();
        assert_eq!(&again[1..], &ids[..]);
        // Another profile is another account.
        assert_ne!(
            BankFile::from_csv("savings", vec![csv_line(2, "5.00", "Jana")]).identities()[0],
            ids[0]
        );
    }
}
