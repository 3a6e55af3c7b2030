//! Cash collections: a volunteer's session at a stall. A collection is opened (who collects,
//! where, for which project by default), contributions are entered in it, and it is closed by
//! counting the cash box note by note and coin by coin. Both the opening and the closing count
//! are ledger entries; the closing count records what was counted, what had been entered, and
//! why they differ if they do.

use chrono::{DateTime, Utc};

use crate::digest::ContentHash;
use crate::entry::{Hasher, instant_text};
use crate::ids::EntryId;
use crate::money::{Amount, Currency};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Collection {
    pub id: EntryId,
    pub collector: crate::ids::MemberId,
    pub place: String,
    /// Where gifts go unless the volunteer names another project; none is the general fund.
    pub project: Option<crate::ids::ProjectId>,
    pub opened_at: DateTime<Utc>,
}

impl Collection {
    /// `collector` and `project` are named as in contribution hashes (number or id; code).
    pub fn content_hash(&self, collector: &str, project: Option<&str>) -> ContentHash {
        let mut h = Hasher::for_kind("collection", self.id);
        h.field("collector", Some(collector));
        h.field("place", Some(&self.place));
        h.field("project", project);
        h.field("opened", Some(&instant_text(self.opened_at)));
        h.finish()
    }
}

/// The cash in the box: how many of each note and coin.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct CashCount {
    counts: Vec<(Amount, u32)>,
}

impl CashCount {
    /// Counts per denomination; a denomination given twice is added up, zero counts dropped.
    /// None when a count added up passes `u32` (no box holds four billion coins of a kind).
    pub fn new(counts: impl IntoIterator<Item = (Amount, u32)>) -> Option<CashCount> {
        let mut merged: Vec<(Amount, u32)> = Vec::new();
        for (denomination, count) in counts {
            match merged.iter_mut().find(|(d, _)| *d == denomination) {
                Some((_, c)) => *c = c.checked_add(count)?,
                None => merged.push((denomination, count)),
            }
        }
        merged.retain(|(_, c)| *c > 0);
        merged.sort_by_key(|(denomination, _)| std::cmp::Reverse(*denomination));
        Some(CashCount { counts: merged })
    }

    pub fn counts(&self) -> &[(Amount, u32)] {
        &self.counts
    }

    pub fn total(&self, currency: Currency) -> Amount {
        self.counts
            .iter()
            .fold(Amount::zero(currency), |sum, (denomination, count)| {
                let line = Amount::from_minor(
                    denomination.to_minor(currency) * i64::from(*count),
                    currency,
                );
                sum.checked_add(line)
                    .expect("a cash box holds far less than Decimal's range")
            })
    }

    /// "50.00x2;0.50x3": largest denomination first, the form stored and hashed.
    pub fn to_text(&self) -> String {
        self.counts
            .iter()
            .map(|(d, c)| format!("{d}x{c}"))
            .collect::<Vec<_>>()
            .join(";")
    }

    /// Reads the stored form back. Only that form is accepted: each denomination once, so no
    /// count is added up here (a forged "1.00x4294967295;1.00x1" would overflow).
    pub fn from_text(text: &str, currency: Currency) -> Option<CashCount> {
        if text.is_empty() {
            return Some(CashCount::default());
        }
        let max = Amount::from_units(1_000_000, currency);
        let plain = crate::locale::Locale::parse("en").expect("en");
        let mut counts = Vec::new();
        for part in text.split(';') {
            let (d, c) = part.split_once('x')?;
            let denomination = Amount::parse(d, currency, &plain, max).ok()?;
            if counts.iter().any(|(seen, _)| *seen == denomination) {
                return None;
            }
            counts.push((denomination, c.parse().ok()?));
        }
        CashCount::new(counts)
    }
}

/// The end of a collection: the counted cash against the entered contributions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CollectionClose {
    pub id: EntryId,
    pub collection: EntryId,
    pub counted: CashCount,
    pub counted_total: Amount,
    pub entered_total: Amount,
    /// Why counted and entered differ; required when they do.
    pub note: String,
}

impl CollectionClose {
    pub fn content_hash(&self) -> ContentHash {
        let mut h = Hasher::for_kind("collection-close", self.id);
        h.field("collection", Some(&self.collection.to_string()));
        h.field("counts", Some(&self.counted.to_text()));
        h.field("counted", Some(&self.counted_total.to_string()));
        h.field("entered", Some(&self.entered_total.to_string()));
        h.field("note", Some(&self.note));
        h.finish()
    }
}

/// The notes and coins of a currency, largest first, for counting a cash box.
pub fn denominations(currency: Currency) -> Vec<Amount> {
    let units: &[&str] = match currency.code() {
        "EUR" => &[
            "500", "200", "100", "50", "20", "10", "5", "2", "1", "0.50", "0.20", "0.10", "0.05",
            "0.02", "0.01",
        ],
        "CHF" => &[
            "1000", "200", "100", "50", "20", "10", "5", "2", "1", "0.50", "0.20", "0.10", "0.05",
        ],
        "GBP" => &[
            "50", "20", "10", "5", "2", "1", "0.50", "0.20", "0.10", "0.05", "0.02", "0.01",
        ],
        "USD" => &[
            "100", "50", "20", "10", "5", "2", "1", "0.25", "0.10", "0.05", "0.01",
        ],
        "PLN" => &[
            "500", "200", "100", "50", "20", "10", "5", "2", "1", "0.50", "0.20", "0.10", "0.05",
            "0.02", "0.01",
        ],
        "SEK" => &["1000", "500", "200", "100", "50", "20", "10", "5", "2", "1"],
        "DKK" | "NOK" => &[
            "1000", "500", "200", "100", "50", "20", "10", "5", "2", "1", "0.50",
        ],
        "CZK" => &[
            "5000", "2000", "1000", "500", "200", "100", "50", "20", "10", "5", "2", "1",
        ],
        "JPY" => &[
            "10000", "5000", "2000", "1000", "500", "100", "50", "10", "5", "1",
        ],
        "KRW" => &["50000", "10000", "5000", "1000", "500", "100", "50", "10"],
        _ => &[],
    };
    let plain = crate::locale::Locale::parse("en").expect("en");
    let max = Amount::from_units(1_000_000, currency);
    let known: Vec<Amount> = units
        .iter()
        .filter_map(|u| Amount::parse(u, currency, &plain, max).ok())
        .collect();
    if !known.is_empty() {
        return known;
    }
    // Any other currency: the 1-2-5 series from 500 units down to its smallest minor unit.
    let mut out = Vec::new();
    let smallest = -(currency.minor_units() as i32);
    for exponent in (smallest..=2).rev() {
        for step in [5i64, 2, 1] {
            let minor_exponent = exponent + currency.minor_units() as i32;
            out.push(Amount::from_minor(
                step * 10i64.pow(minor_exponent as u32),
                currency,
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(minor: i64) -> Amount {
        Amount::from_minor(minor, Currency::from_code("EUR").unwrap())
    }

    #[test]
    fn a_cash_count_adds_up_exactly() {
        let currency = Currency::from_code("EUR").unwrap();
        let count =
            CashCount::new([(eur(50), 3), (eur(2000), 2), (eur(50), 1), (eur(1), 0)]).unwrap();
        assert_eq!(count.counts(), &[(eur(2000), 2), (eur(50), 4)]);
        assert_eq!(count.total(currency), eur(4200));
        assert_eq!(count.to_text(), "20.00x2;0.50x4");
        assert_eq!(
            CashCount::from_text(&count.to_text(), currency),
            Some(count)
        );
        assert_eq!(CashCount::from_text("bogus", currency), None);
    }

    #[test]
    fn a_count_that_would_overflow_is_no_count() {
        let currency = Currency::from_code("EUR").unwrap();
        assert_eq!(CashCount::new([(eur(100), u32::MAX), (eur(100), 1)]), None);
        // The stored form names each denomination once; a forged repeat is not read.
        assert_eq!(
            CashCount::from_text("1.00x4294967295;1.00x1", currency),
            None
        );
        assert_eq!(CashCount::from_text("1.00x4294967296", currency), None);
        let most = CashCount::from_text("500.00x4294967295", currency).unwrap();
        assert_eq!(most.total(currency), eur(50_000 * i64::from(u32::MAX)));
    }

    #[test]
    fn currencies_have_their_notes_and_coins() {
        let eur = denominations(Currency::from_code("EUR").unwrap());
        assert_eq!(eur.len(), 15);
        assert_eq!(eur.first().unwrap().to_string(), "500.00");
        assert_eq!(eur.last().unwrap().to_string(), "0.01");
        let jpy = denominations(Currency::from_code("JPY").unwrap());
        assert_eq!(jpy.last().unwrap().to_string(), "1");
        let other = denominations(Currency::from_code("KWD").unwrap());
        assert_eq!(
            (
                other.first().unwrap().to_string(),
                other.last().unwrap().to_string()
            ),
            ("500.000".into(), "0.001".into())
        );
    }
}
