//! Ledger entries: contributions, expenses and reversals. Entries are immutable facts; a
//! mistake is corrected by a reversal, never by changing an entry. Each entry's content hash
//! covers its id and every field a person gave, so that the same entry imported twice is
//! recognised and the same id with other content is a conflict.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use sha2::{Digest, Sha256};

use crate::digest::ContentHash;
use crate::ids::{DeviceId, EntryId, MemberId, ProjectId};
use crate::money::Amount;
use crate::text::{Key, Text};

macro_rules! word_enum {
    ($(#[$doc:meta])* $name:ident, $unknown:expr, { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = Text;
            fn from_str(s: &str) -> Result<Self, Text> {
                let lower = s.trim().to_ascii_lowercase();
                $name::ALL.iter().copied().find(|v| v.as_str() == lower).ok_or_else(|| {
                    let words: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                    Text::new($unknown).arg("text", s).arg("words", words.join(", "))
                })
            }
        }
    };
}

word_enum!(
    /// How money reached the association.
    Channel, Key::ChannelUnknown, { Cash = "cash", Transfer = "transfer", Card = "card", Mobile = "mobile", Other = "other" }
);

word_enum!(
    /// Where a project stands. Only open projects take contributions from collections.
    ProjectStatus, Key::StatusUnknown, {
        Proposed = "proposed", Open = "open", Funded = "funded", Done = "done", Cancelled = "cancelled"
    }
);

word_enum!(
    EntryKind, Key::KindUnknown, { Contribution = "contribution", Expense = "expense", Reversal = "reversal" }
);

/// Where and when an entry was born: the device that created it, that device's sequence
/// number for it, and the moment it was recorded. Set in the transaction that saves it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EntryMeta {
    pub device: DeviceId,
    pub device_seq: i64,
    pub recorded_at: DateTime<Utc>,
}

/// Money received, for a project or (with no project) for the general fund.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contribution {
    pub id: EntryId,
    pub project: Option<ProjectId>,
    pub member: Option<MemberId>,
    pub amount: Amount,
    pub channel: Channel,
    pub received_at: DateTime<Utc>,
    pub collector: Option<MemberId>,
    pub note: String,
    /// The cash collection it was entered in, if any. Not part of its content hash: the CSV
    /// format carries no collection, and the collection's closing count records its total.
    pub collection: Option<EntryId>,
}

/// Money paid out of a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expense {
    pub id: EntryId,
    pub project: ProjectId,
    pub payee: String,
    pub amount: Amount,
    pub paid_on: NaiveDate,
    pub note: String,
}

/// The cancellation of one earlier contribution or expense, with the reason. An entry can be
/// reversed once; a reversal cannot itself be reversed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reversal {
    pub id: EntryId,
    pub reversed: EntryId,
    pub reversed_kind: EntryKind,
    pub reason: String,
}

/// The one text form of an instant in the ledger: UTC, whole seconds. Hashes and the store
/// both use it, so a stored entry always re-hashes to the same value.
pub fn instant_text(t: DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    // Written digit by digit: strftime re-parses its pattern on every call, and a
    // million-line import calls this twice per line.
    let mut out = String::with_capacity(20);
    push_digits(&mut out, t.year().clamp(0, 9999) as u32, 4);
    out.push('-');
    push_digits(&mut out, t.month(), 2);
    out.push('-');
    push_digits(&mut out, t.day(), 2);
    out.push('T');
    push_digits(&mut out, t.hour(), 2);
    out.push(':');
    push_digits(&mut out, t.minute(), 2);
    out.push(':');
    push_digits(&mut out, t.second(), 2);
    out.push('Z');
    out
}

fn push_digits(out: &mut String, value: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = (value / 10u32.pow(place)) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}

pub fn date_text(d: NaiveDate) -> String {
    use chrono::Datelike;
    let mut out = String::with_capacity(10);
    push_digits(&mut out, d.year().clamp(0, 9999) as u32, 4);
    out.push('-');
    push_digits(&mut out, d.month(), 2);
    out.push('-');
    push_digits(&mut out, d.day(), 2);
    out
}

/// Builds a content hash from named fields in a fixed order, each length-prefixed, so no two
/// different entries can encode to the same bytes.
pub(crate) struct Hasher(Sha256);

impl Hasher {
    fn new(kind: EntryKind, id: EntryId) -> Hasher {
        Hasher::for_kind(kind.as_str(), id)
    }

    /// For entries that are not money (collections and their closing counts).
    pub(crate) fn for_kind(kind: &str, id: EntryId) -> Hasher {
        let mut h = Hasher(Sha256::new());
        h.0.update(b"commonpot-entry-v1\0");
        h.field("kind", Some(kind));
        h.field(
            "id",
            Some(
                id.uuid()
                    .hyphenated()
                    .encode_lower(&mut uuid::Uuid::encode_buffer()),
            ),
        );
        h
    }

    pub(crate) fn field(&mut self, name: &str, value: Option<&str>) {
        self.0.update((name.len() as u32).to_be_bytes());
        self.0.update(name.as_bytes());
        match value {
            None => self.0.update([0u8]),
            Some(v) => {
                self.0.update([1u8]);
                self.0.update((v.len() as u64).to_be_bytes());
                self.0.update(v.as_bytes());
            }
        }
    }

    pub(crate) fn finish(self) -> ContentHash {
        ContentHash::from_bytes(self.0.finalize().into())
    }
}

/// How an entry's content hash names what the entry refers to: a project by its code, a
/// member (giver or collector) by their member number or, when they have none, their id — the
/// same texts the CSV export writes. So a contribution's hash can be recomputed from its CSV
/// line alone, and an association with the same members and projects gives the same digest.
/// This is why a project's code and a member's number never change once given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Refs<'a> {
    pub project: Option<&'a str>,
    pub member: Option<&'a str>,
    pub collector: Option<&'a str>,
}

impl Contribution {
    pub fn content_hash(&self, refs: Refs<'_>) -> ContentHash {
        debug_assert_eq!(self.project.is_some(), refs.project.is_some());
        debug_assert_eq!(self.member.is_some(), refs.member.is_some());
        debug_assert_eq!(self.collector.is_some(), refs.collector.is_some());
        let mut h = Hasher::new(EntryKind::Contribution, self.id);
        h.field("received", Some(&instant_text(self.received_at)));
        h.field("project", refs.project);
        h.field("member", refs.member);
        h.field("amount", Some(&self.amount.to_string()));
        h.field("channel", Some(self.channel.as_str()));
        h.field("collector", refs.collector);
        h.field("note", Some(&self.note));
        h.finish()
    }

    /// The names of the fields in which `other` differs from `self`, for a conflict message.
    pub fn differing_fields(&self, other: &Contribution) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.project != other.project {
            out.push("project");
        }
        if self.member != other.member {
            out.push("member");
        }
        if self.amount != other.amount {
            out.push("amount");
        }
        if self.channel != other.channel {
            out.push("channel");
        }
        if self.received_at != other.received_at {
            out.push("received");
        }
        if self.collector != other.collector {
            out.push("collector");
        }
        if self.note != other.note {
            out.push("note");
        }
        out
    }
}

impl Expense {
    /// `project_code` names the project, as for contributions (see [`Refs`]).
    pub fn content_hash(&self, project_code: &str) -> ContentHash {
        let mut h = Hasher::new(EntryKind::Expense, self.id);
        h.field("project", Some(project_code));
        h.field("payee", Some(&self.payee));
        h.field("amount", Some(&self.amount.to_string()));
        h.field("paid_on", Some(&date_text(self.paid_on)));
        h.field("note", Some(&self.note));
        h.finish()
    }
}

impl Reversal {
    pub fn content_hash(&self) -> ContentHash {
        let mut h = Hasher::new(EntryKind::Reversal, self.id);
        h.field("reversed", Some(&self.reversed.to_string()));
        h.field("reversed_kind", Some(self.reversed_kind.as_str()));
        h.field("reason", Some(&self.reason));
        h.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;
    use uuid::Uuid;

    fn contribution() -> Contribution {
        let eur = Currency::from_code("EUR").unwrap();
        Contribution {
            id: EntryId::from_uuid(Uuid::from_u128(1)),
            project: Some(ProjectId::from_uuid(Uuid::from_u128(2))),
            member: None,
            amount: Amount::from_minor(250, eur),
            channel: Channel::Cash,
            received_at: DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
            collector: None,
            note: String::new(),
            collection: None,
        }
    }

    fn refs(c: &Contribution) -> Refs<'static> {
        Refs {
            project: c.project.map(|_| "TREES"),
            member: c.member.map(|_| "M1"),
            collector: c.collector.map(|_| "M2"),
        }
    }

    #[test]
    fn every_field_changes_the_hash() {
        let base = contribution();
        let eur = Currency::from_code("EUR").unwrap();
        let variants = [
            Contribution {
                project: None,
                ..base.clone()
            },
            Contribution {
                member: Some(MemberId::from_uuid(Uuid::from_u128(3))),
                ..base.clone()
            },
            Contribution {
                amount: Amount::from_minor(251, eur),
                ..base.clone()
            },
            Contribution {
                channel: Channel::Card,
                ..base.clone()
            },
            Contribution {
                received_at: base.received_at + chrono::Duration::seconds(1),
                ..base.clone()
            },
            Contribution {
                collector: Some(MemberId::from_uuid(Uuid::from_u128(3))),
                ..base.clone()
            },
            Contribution {
                note: "x".into(),
                ..base.clone()
            },
            Contribution {
                id: EntryId::from_uuid(Uuid::from_u128(9)),
                ..base.clone()
            },
        ];
        let hash = |c: &Contribution| c.content_hash(refs(c));
        for v in &variants {
            assert_ne!(hash(v), hash(&base), "{v:?}");
        }
        assert_eq!(hash(&base), hash(&contribution()));
        let renamed = Refs {
            project: Some("BENCH"),
            ..refs(&base)
        };
        assert_ne!(
            base.content_hash(renamed),
            hash(&base),
            "the project's code is part of the content"
        );
        assert_eq!(variants[2].differing_fields(&base), vec!["amount"]);
    }

    #[test]
    fn instants_and_dates_have_one_text_form() {
        let t = DateTime::from_timestamp(1_700_000_000, 999_000_000).unwrap();
        assert_eq!(instant_text(t), t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        assert_eq!(instant_text(t), "2023-11-14T22:13:20Z");
        assert_eq!(date_text(t.date_naive()), "2023-11-14");
        let early = DateTime::from_timestamp(-62_135_596_800 + 86_400 * 40, 0).unwrap();
        assert_eq!(instant_text(early), "0001-02-10T00:00:00Z");
    }

    #[test]
    fn words_parse_and_refuse() {
        assert_eq!("Cash".parse::<Channel>(), Ok(Channel::Cash));
        assert_eq!(
            "cheque".parse::<Channel>().unwrap_err().to_string(),
            "\"cheque\" is not a channel; use one of: cash, transfer, card, mobile, other"
        );
        assert_eq!(
            "cancelled".parse::<ProjectStatus>(),
            Ok(ProjectStatus::Cancelled)
        );
    }
}
