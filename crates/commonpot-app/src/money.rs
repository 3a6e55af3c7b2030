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

/// An amount as the desktop shows it beside the currency's code: the plain decimal
/// (`"1234.50"`) and as the association writes it (`"1.234,50"`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AmountView {
    pub value: String,
    pub text: String,
}

impl AmountView {
    pub fn new(amount: Amount, locale: &Locale) -> AmountView {
        AmountView {
            value: amount.to_string(),
            text: locale.format_amount(amount),
        }
    }
}
