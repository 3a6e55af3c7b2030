//! The EPC payment code (EPC069-12, version 002): the text a QR code carries so that a
//! banking app fills in a SEPA credit transfer — beneficiary, IBAN, amount and reference.

use commonpot_core::payment::{Bic, Iban};
use commonpot_core::{Amount, Currency};

use crate::rf::CreditorReference;

/// The longest beneficiary name the code may carry.
pub const NAME_MAX: usize = 70;

/// A SEPA credit transfer for a banking app to prefill.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EpcPayment {
    pub bic: Option<Bic>,
    pub name: String,
    pub iban: Iban,
    /// Left for the giver to choose when `None`.
    pub amount: Option<Amount>,
    pub reference: CreditorReference,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EpcError {
    #[error("payment codes are for euro; the association keeps {0}")]
    Currency(String),
    #[error("the beneficiary name is empty or longer than 70 characters")]
    Name,
    #[error("a payment code carries an amount from 0.01 to 999999999.99 euro")]
    Amount,
}

impl EpcPayment {
    /// The payload: twelve lines at most, separated by line feeds, UTF-8, the structured
    /// reference in line 10 and no unstructured text (the two exclude each other).
    pub fn payload(&self, currency: Currency) -> Result<String, EpcError> {
        if currency.code() != "EUR" {
            return Err(EpcError::Currency(currency.code().to_string()));
        }
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > NAME_MAX || name.contains(['\n', '\r']) {
            return Err(EpcError::Name);
        }
        let amount = match self.amount {
            None => String::new(),
            Some(a) => {
                let minor = a.to_minor(currency);
                if !(1..=99_999_999_999).contains(&minor) {
                    return Err(EpcError::Amount);
                }
                format!("EUR{}.{:02}", minor / 100, minor % 100)
            }
        };
        let lines = [
            "BCD",
            "002",
            "1",
            "SCT",
            self.bic.as_ref().map_or("", Bic::as_str),
            name,
            self.iban.as_str(),
            &amount,
            "",
            self.reference.as_str(),
        ];
        Ok(lines.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payment(amount: Option<Amount>) -> EpcPayment {
        EpcPayment {
            bic: Some(Bic::parse("GENODEF1S04").unwrap()),
            name: "Nachbarschaftsverein Südstadt e. V.".into(),
            iban: Iban::parse("DE89 3704 0044 0532 0130 00").unwrap(),
            amount,
            reference: CreditorReference::for_project("PLAYGROUND"),
        }
    }

    #[test]
    fn the_payload_has_the_fields_in_their_lines() {
        let eur = Currency::from_code("EUR").unwrap();
        let p = payment(Some(Amount::from_minor(1250, eur)))
            .payload(eur)
            .unwrap();
        let lines: Vec<&str> = p.split('\n').collect();
        assert_eq!(
            lines,
            [
                "BCD",
                "002",
                "1",
                "SCT",
                "GENODEF1S04",
                "Nachbarschaftsverein Südstadt e. V.",
                "DE89370400440532013000",
                "EUR12.50",
                "",
                CreditorReference::for_project("PLAYGROUND").as_str(),
            ]
        );
        let open = payment(None).payload(eur).unwrap();
        assert_eq!(open.split('\n').nth(7), Some(""));
        assert!(open.len() <= 331, "the code's payload limit");
    }

    #[test]
    fn what_a_code_cannot_carry_is_refused() {
        let eur = Currency::from_code("EUR").unwrap();
        let chf = Currency::from_code("CHF").unwrap();
        assert_eq!(
            payment(None).payload(chf),
            Err(EpcError::Currency("CHF".into()))
        );
        let mut long = payment(None);
        long.name = "x".repeat(71);
        assert_eq!(long.payload(eur), Err(EpcError::Name));
        long.name = "ä".repeat(70);
        assert!(
            long.payload(eur).is_ok(),
            "70 characters, more bytes, is allowed"
        );
        let too_much = payment(Some(Amount::from_minor(100_000_000_000, eur)));
        assert_eq!(too_much.payload(eur), Err(EpcError::Amount));
    }
}
