//! An amount as every front end shows it: the exact value, and the same amount as the
//! association writes it, so no front end parses or formats money itself.

use commonpot_core::Amount;
use serde::{Serialize, Serializer};

/// An amount with its text. `--json` and the desktop both carry the value as a plain decimal
/// string (`"-1234.50"`) and the text beside it (`"−1.234,50 €"`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Money {
    #[serde(serialize_with = "decimal")]
    pub value: Amount,
    pub text: String,
}

impl Money {
    /// `value` with `text`, the way the association writes it.
    pub fn new(value: Amount, text: String) -> Money {
        Money { value, text }
    }
}

fn decimal<S: Serializer>(amount: &Amount, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(amount)
}

#[cfg(test)]
mod tests {
    use super::*;
    use commonpot_core::Currency;

    #[test]
    fn the_value_is_a_plain_decimal_beside_the_text() {
        let eur = Currency::from_code("EUR").unwrap();
        let debit = Money::new(Amount::from_minor(-123_450, eur), "−1.234,50 €".into());
        assert_eq!(
            serde_json::to_value(&debit).unwrap(),
            serde_json::json!({"value": "-1234.50", "text": "−1.234,50 €"})
        );
    }
}
