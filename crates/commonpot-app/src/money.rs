//! An amount as front ends show it: the exact value, and the same amount as the association
//! writes it, so no front end parses or formats money itself.

use commonpot_core::{Amount, Currency, Locale};

/// An amount with its text. `--json` prints the value as a plain decimal string
/// (`"-1234.50"`) and the text beside it under `*_text` (`"−1.234,50 €"`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Money {
    pub value: Amount,
    pub text: String,
}

impl Money {
    /// `value` as the association writes it, with its currency's symbol.
    pub fn of(value: Amount, currency: Currency, locale: &Locale) -> Money {
        Money {
            value,
            text: locale.format_money(value, currency),
        }
    }
}
