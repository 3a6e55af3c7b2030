//! Members' rights: everything the books hold about one member, exported as JSON; and their
//! erasure by pseudonymisation — name and contact details gone, every amount, count and entry
//! kept, the file vacuumed so that the old name is not left in free pages or the WAL.

use std::path::Path;

use commonpot_core::entry::date_text;
use commonpot_core::{Key, Text};
use commonpot_store::rights;
use serde_json::json;

use commonpot_core::EntryKind;

use crate::books::Books;
use crate::entries::LedgerQuery;
use crate::{AppError, Field, OutputKind, PrintOptions, Result};
use commonpot_report as report;
use commonpot_report::Word;

/// What an export wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberExported {
    pub name: String,
    pub contributions: usize,
    pub bytes: usize,
}

/// What an erasure did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberErased {
    /// The member's name from now on: "Former member #N".
    pub pseudonym: String,
    /// How often the old name still stands in the ledger's own texts (notes, titles, places),
    /// which no one may change; zero in the usual case.
    pub mentions: i64,
}

impl Books {
    /// Everything the file holds about one member, as JSON.
    pub fn member_export_json(&self, reference: &str) -> Result<(String, serde_json::Value)> {
        let id = self.find_member(Field::Subject, reference)?;
        let member = self.member(id)?;
        let data = rights::member_data(self.store().conn(), id)?;
        let lines = self.ledger(&LedgerQuery {
            member: Some(id.to_string()),
            ..LedgerQuery::default()
        })?;
        let currency = self.association().currency;
        let contributions: Vec<_> = lines
            .iter()
            .map(|l| {
                json!({
                    "id": l.id.to_string(),
                    "kind": l.kind.as_str(),
                    "when": l.occurred_at,
                    "project": l.project.as_ref().map(|p| &p.1),
                    "amount": l.amount.decimal().to_string(),
                    "currency": currency.code(),
                    "channel": l.channel.map(|c| c.as_str()),
                    "note": l.text,
                    "reversed_by": l.reversed_by.map(|r| r.to_string()),
                })
            })
            .collect();
        let value = json!({
            "format": "commonpot-member-export/1",
            "association": self.association().name,
            "member": {
                "id": member.id.to_string(),
                "name": member.name,
                "number": member.number,
                "email": member.email,
                "joined_on": date_text(member.joined_on),
                "registered_by": data.registered_by,
            },
            "contributions": contributions,
            "collections_collected": data.collections.iter()
                .map(|(at, place)| json!({"opened": at, "place": place})).collect::<Vec<_>>(),
            "meetings_attended": data.meetings.iter()
                .map(|(d, t)| json!({"date": date_text(*d), "title": t})).collect::<Vec<_>>(),
            "shifts": data.shifts.iter()
                .map(|(d, w)| json!({"date": date_text(*d), "what": w})).collect::<Vec<_>>(),
            "ballots": data.ballots.iter()
                .map(|(title, at, choice)| json!({"decision": title, "cast": at, "choice": choice}))
                .collect::<Vec<_>>(),
            "bank_lines": data.bank_lines.iter()
                .map(|(d, name, iban, text)| json!({"booked": date_text(*d), "counterparty": name, "iban": iban, "text": text}))
                .collect::<Vec<_>>(),
            "remembered_accounts": data.accounts,
        });
        Ok((member.name, value))
    }

    /// Writes everything held about a member to `out`, whole or not at all: as the readable
    /// PDF of [`Books::member_export_pdf`] when the name ends in `.pdf`, else as the JSON of
    /// [`Books::member_export_json`].
    pub fn export_member(&mut self, reference: &str, out: &Path) -> Result<MemberExported> {
        let pdf = out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
        let kind = if pdf {
            OutputKind::Pdf
        } else {
            OutputKind::Json
        };
        self.check_output(Field::OutputFile, out, kind)?;
        let (name, value) = self.member_export_json(reference)?;
        let contributions = value["contributions"].as_array().map_or(0, Vec::len);
        let bytes = if pdf {
            self.member_export_pdf(reference, &PrintOptions::default())?
        } else {
            serde_json::to_string_pretty(&value)
                .expect("JSON values serialise")
                .into_bytes()
        };
        self.write_output(Field::OutputFile, out, kind, &bytes)?;
        Ok(MemberExported {
            name,
            contributions,
            bytes: bytes.len(),
        })
    }

    /// The same data as [`Books::member_export_json`], as a PDF a member can read: the record,
    /// then every ledger line, collection, meeting, shift, ballot, bank line and remembered
    /// account, each kind in a table (an empty one says so).
    pub fn member_export_pdf(
        &mut self,
        reference: &str,
        options: &PrintOptions,
    ) -> Result<Vec<u8>> {
        let id = self.find_member(Field::Subject, reference)?;
        let member = self.member(id)?;
        let data = rights::member_data(self.store().conn(), id)?;
        let lines = self.ledger(&LedgerQuery {
            member: Some(id.to_string()),
            ..LedgerQuery::default()
        })?;
        let meta = self.meta(options)?;
        let none = self.say(Word::None);
        let record = vec![
            (self.say(Word::Name), member.name.clone()),
            (
                self.say(Word::MemberNumber),
                member.number.clone().unwrap_or_default(),
            ),
            (
                self.say(Word::EMail),
                member.email.clone().unwrap_or_default(),
            ),
            (self.say(Word::MemberSince), self.day(member.joined_on)),
            (self.say(Word::IdInTheBooks), member.id.to_string()),
            (
                self.say(Word::RegisteredOnTheLaptop),
                data.registered_by.clone().unwrap_or_default(),
            ),
        ];
        let ledger_rows = lines
            .iter()
            .map(|l| {
                let when = l
                    .occurred_at
                    .get(..10)
                    .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
                let mut note = l.text.clone();
                if let Some(r) = l.reversed_by {
                    note = format!("{note} ({} {r})", self.say(Word::ReversedBy));
                }
                vec![
                    when.map_or_else(|| l.occurred_at.clone(), |d| self.day(d)),
                    match l.kind {
                        EntryKind::Contribution => self.say(Word::Contribution),
                        EntryKind::Expense => self.say(Word::Expense),
                        EntryKind::Reversal => self.say(Word::Reversal),
                    },
                    l.project
                        .as_ref()
                        .map_or_else(|| self.say(Word::GeneralFund), |p| p.1.clone()),
                    l.channel.map(|c| self.channel_text(c)).unwrap_or_default(),
                    self.amount_text(l.amount),
                    note.trim().to_string(),
                ]
            })
            .collect();
        let section = |title: String, columns: Vec<(String, f32)>, rows: Vec<Vec<String>>| {
            report::DataSection {
                title,
                columns,
                rows,
                empty: none.clone(),
            }
        };
        let sections = vec![
            section(
                self.say(Word::LedgerLinesNamingTheMember),
                vec![
                    (self.say(Word::Date), 0.13),
                    (self.say(Word::Kind), 0.12),
                    (self.say(Word::Project), 0.2),
                    (self.say(Word::Channel), 0.15),
                    (self.say(Word::Amount), 0.13),
                    (self.say(Word::Note), 0.27),
                ],
                ledger_rows,
            ),
            section(
                self.say(Word::CashCollectionsCollected),
                vec![
                    (self.say(Word::Opened2), 0.35),
                    (self.say(Word::Place), 0.65),
                ],
                data.collections
                    .iter()
                    .map(|(at, place)| vec![at.clone(), place.clone()])
                    .collect(),
            ),
            section(
                self.say(Word::MeetingsAttended),
                vec![
                    (self.say(Word::Date), 0.25),
                    (self.say(Word::Meeting), 0.75),
                ],
                data.meetings
                    .iter()
                    .map(|(d, t)| vec![self.day(*d), t.clone()])
                    .collect(),
            ),
            section(
                self.say(Word::VolunteerShifts),
                vec![(self.say(Word::Date), 0.25), (self.say(Word::What), 0.75)],
                data.shifts
                    .iter()
                    .map(|(d, w)| vec![self.day(*d), w.clone()])
                    .collect(),
            ),
            section(
                self.say(Word::BallotsCast),
                vec![
                    (self.say(Word::Decision), 0.45),
                    (self.say(Word::Cast), 0.25),
                    (self.say(Word::Choice), 0.3),
                ],
                data.ballots
                    .iter()
                    .map(|(t, at, c)| vec![t.clone(), at.clone(), c.clone()])
                    .collect(),
            ),
            section(
                self.say(Word::BankLinesFromTheMember),
                vec![
                    (self.say(Word::Booked), 0.13),
                    (self.say(Word::AccountHolder), 0.31),
                    (self.say(Word::Iban), 0.3),
                    (self.say(Word::Text), 0.26),
                ],
                data.bank_lines
                    .iter()
                    .map(|(d, n, i, t)| vec![self.day(*d), n.clone(), i.clone(), t.clone()])
                    .collect(),
            ),
            section(
                self.say(Word::AccountsRememberedAsTheMember),
                vec![(self.say(Word::Iban), 1.0)],
                data.accounts.iter().map(|a| vec![a.clone()]).collect(),
            ),
        ];
        Ok(report::member_data(
            &meta,
            &report::MemberData {
                name: member.name,
                record,
                sections,
            },
        ))
    }

    /// Erases a member's name and contact details: they become "Former member #N" (N their
    /// key in this file), their e-mail address, the bank's counterparty data of their
    /// transfers and the accounts remembered as theirs are removed, and the file is
    /// vacuumed. Every amount, count and entry stays; the books verify as before.
    pub fn erase_member(&mut self, reference: &str, confirmed: bool) -> Result<MemberErased> {
        self.organiser_only("erasing a member")?;
        let id = self.find_member(Field::Subject, reference)?;
        if !confirmed {
            return Err(AppError::invalid(
                Field::Confirm,
                Text::new(Key::EraseConfirm).arg("member", reference.trim()),
            ));
        }
        let member = self.member(id)?;
        let key = rights::member_key(self.store().conn(), id)?;
        let pseudonym = format!("Former member #{key}");
        let old = member.name.clone();
        let (store, _) = self.parts();
        store.write(|w| w.erase_member(id, &old, &pseudonym))?;
        store.vacuum()?;
        let mentions = if old == pseudonym {
            0
        } else {
            rights::mentions(self.store().conn(), &old)?
        };
        Ok(MemberErased {
            pseudonym,
            mentions,
        })
    }
}
