//! The association's bank details, as printed in payment QR codes: the IBAN (checked by its
//! ISO 13616 check digits, through the `iban_validate` crate), the BIC (checked by shape) and
//! the creditor name.

use std::fmt;

use iban::IbanLike;

use crate::text::{Key, Text};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Iban(String);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bic(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.text())]
pub enum PaymentDetailError {
    Iban(String, IbanProblem),
    Bic(String),
    CreditorTooLong(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IbanProblem {
    Format,
    Checksum,
    /// The account part does not have the shape the country prescribes.
    Account,
    UnknownCountry,
}

impl PaymentDetailError {
    pub fn text(&self) -> Text {
        match self {
            PaymentDetailError::Iban(t, problem) => {
                let key = match problem {
                    IbanProblem::Format => Key::IbanFormat,
                    IbanProblem::Checksum => Key::IbanChecksum,
                    IbanProblem::Account => Key::IbanAccount,
                    IbanProblem::UnknownCountry => Key::IbanCountry,
                };
                let country: String = t.chars().filter(|c| !c.is_whitespace()).take(2).collect();
                Text::new(key)
                    .arg("text", t)
                    .arg("country", country.to_ascii_uppercase())
            }
            PaymentDetailError::Bic(t) => Text::new(Key::BicShape).arg("text", t),
            PaymentDetailError::CreditorTooLong(n) => {
                Text::new(Key::CreditorTooLong).arg("count", n)
            }
        }
    }
}

/// Longest creditor name a SEPA payment code carries (EPC069-12).
pub const CREDITOR_CHARS_MAX: usize = 70;

impl Iban {
    /// Accepts spaces and lower case as people copy them; keeps the electronic form.
    pub fn parse(text: &str) -> Result<Iban, PaymentDetailError> {
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        compact
            .parse::<iban::Iban>()
            .map(|i| Iban(i.electronic_str().to_string()))
            .map_err(|e| {
                let problem = match e {
                    iban::ParseIbanError::InvalidBaseIban {
                        source: iban::ParseBaseIbanError::InvalidChecksum,
                    } => IbanProblem::Checksum,
                    iban::ParseIbanError::InvalidBaseIban { .. } => IbanProblem::Format,
                    iban::ParseIbanError::InvalidBban(_) => IbanProblem::Account,
                    iban::ParseIbanError::UnknownCountry(_) => IbanProblem::UnknownCountry,
                };
                PaymentDetailError::Iban(text.trim().to_string(), problem)
            })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// In groups of four, as printed: "DE44 5001 0517 5407 3249 31".
    pub fn grouped(&self) -> String {
        in_fours(&self.0)
    }
}

impl fmt::Display for Iban {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Bic {
    pub fn parse(text: &str) -> Result<Bic, PaymentDetailError> {
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let b = compact.as_bytes();
        let shape = (b.len() == 8 || b.len() == 11)
            && b[..6].iter().all(u8::is_ascii_uppercase)
            && b[6..].iter().all(u8::is_ascii_alphanumeric);
        if shape {
            Ok(Bic(compact))
        } else {
            Err(PaymentDetailError::Bic(text.trim().to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A code in groups of four characters, as IBANs and creditor references are printed for
/// people to read out and type.
pub fn in_fours(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn creditor_name(text: &str) -> Result<String, PaymentDetailError> {
    let name = text.trim();
    let chars = name.chars().count();
    if chars > CREDITOR_CHARS_MAX {
        return Err(PaymentDetailError::CreditorTooLong(chars));
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ibans_are_checked_by_their_check_digits() {
        let iban = Iban::parse("de44 5001 0517 5407 3249 31").unwrap();
        assert_eq!(iban.as_str(), "DE44500105175407324931");
        assert_eq!(iban.grouped(), "DE44 5001 0517 5407 3249 31");
        assert!(
            Iban::parse("DE45500105175407324931")
                .unwrap_err()
                .to_string()
                .contains("not a valid IBAN")
        );
        assert!(Iban::parse("hello").is_err());
    }

    #[test]
    fn bics_are_checked_by_shape() {
        assert_eq!(Bic::parse("genodef1m04").unwrap().as_str(), "GENODEF1M04");
        assert_eq!(Bic::parse("DEUTDEFF").unwrap().as_str(), "DEUTDEFF");
        for bad in ["DEUTDEF", "DEUT1EFF", "DEUTDEFF5", "DEUTDEFF50!"] {
            assert!(Bic::parse(bad).is_err(), "{bad}");
        }
        assert!(creditor_name(&"x".repeat(71)).is_err());
    }
}
