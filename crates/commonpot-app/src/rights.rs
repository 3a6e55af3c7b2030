//! Members' rights: everything the books hold about one member, exported as JSON; and their
//! erasure by pseudonymisation — name and contact details gone, every amount, count and entry
//! kept, the file vacuumed so that the old name is not left in free pages or the WAL.

use std::path::Path;

use commonpot_core::entry::date_text;
use commonpot_core::{Key, Text};
use commonpot_store::rights;
use serde_json::json;

use crate::books::{Books, LedgerQuery};
use crate::{AppError, Result};

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
        let id = self.find_member("REF", reference)?;
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

    /// Writes [`Books::member_export_json`] to `out`, whole or not at all.
    pub fn export_member(&self, reference: &str, out: &Path) -> Result<MemberExported> {
        let (name, value) = self.member_export_json(reference)?;
        let text = serde_json::to_string_pretty(&value).expect("JSON values serialise");
        crate::write_document("--out", out, text.as_bytes())?;
        Ok(MemberExported {
            name,
            contributions: value["contributions"].as_array().map_or(0, Vec::len),
            bytes: text.len(),
        })
    }

    /// Erases a member's name and contact details: they become "Former member #N" (N their
    /// key in this file), their e-mail address, the bank's counterparty data of their
    /// transfers and the accounts remembered as theirs are removed, and the file is
    /// vacuumed. Every amount, count and entry stays; the books verify as before.
    pub fn erase_member(&mut self, reference: &str, confirmed: bool) -> Result<MemberErased> {
        self.organiser_only("erasing a member")?;
        let id = self.find_member("REF", reference)?;
        if !confirmed {
            return Err(AppError::invalid(
                "--confirm",
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
