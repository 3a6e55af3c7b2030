//! Exact money. A currency fixes how many decimal places its amounts have (ISO 4217 minor
//! units); an [`Amount`] is a `Decimal` at exactly that scale and is stored as integer minor
//! units. Nothing here uses floating point.

use std::fmt;

use rust_decimal::Decimal;

use crate::locale::Locale;
use crate::text::{Key, Text};

/// Amounts are stored in an `i64` of minor units; 13 integer digits keep every supported
/// currency far inside that range.
const INTEGER_DIGITS_MAX: usize = 13;

/// The largest single amount, maximum single amount or project goal the books accept, in whole
/// units of the currency: 10^9, which is at most 10^13 minor units (four-decimal currencies).
pub const UNITS_MAX: i64 = 1_000_000_000;

/// The largest total of live contributions, and of live expenses, one file may reach, in minor
/// units: 10^18. Every saved figure is a part of one of these two totals (entries are positive),
/// so every sum the books form, and raised minus spent, fits an `i64` (about 9.2 × 10^18) with
/// room to spare. A change that would pass it is refused whole (see ARCHITECTURE.md).
pub const TOTAL_MINOR_MAX: i64 = 1_000_000_000_000_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Currency {
    code: [u8; 3],
    minor_units: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.text())]
pub enum CurrencyError {
    Unknown(String),
    NotMoney(String),
}

impl CurrencyError {
    pub fn text(&self) -> Text {
        match self {
            CurrencyError::Unknown(t) => Text::new(Key::CurrencyUnknown).arg("text", t),
            CurrencyError::NotMoney(t) => Text::new(Key::CurrencyNotMoney).arg("text", t),
        }
    }
}

impl Currency {
    pub fn from_code(code: &str) -> Result<Currency, CurrencyError> {
        let upper = code.trim().to_ascii_uppercase();
        let iso = iso_currency::Currency::from_code(&upper)
            .ok_or_else(|| CurrencyError::Unknown(code.to_string()))?;
        let minor_units = iso
            .exponent()
            .ok_or_else(|| CurrencyError::NotMoney(upper.clone()))?;
        let bytes = upper.as_bytes();
        Ok(Currency {
            code: [bytes[0], bytes[1], bytes[2]],
            minor_units: u32::from(minor_units),
        })
    }

    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.code).expect("currency codes are ASCII")
    }

    /// Decimal places of this currency: EUR 2, JPY 0, KWD 3.
    pub fn minor_units(&self) -> u32 {
        self.minor_units
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An exact amount of the association's currency, at the currency's scale. It may be negative
/// (a balance); amounts typed by people are positive, which [`Amount::parse`] enforces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(Decimal);

impl Amount {
    pub fn zero(currency: Currency) -> Amount {
        Amount(Decimal::new(0, currency.minor_units))
    }

    pub fn from_minor(minor: i64, currency: Currency) -> Amount {
        Amount(Decimal::new(minor, currency.minor_units))
    }

    /// Whole units, such as the default maximum single amount of 100,000.
    pub fn from_units(units: i64, currency: Currency) -> Amount {
        let mut d = Decimal::from(units);
        d.rescale(currency.minor_units);
        Amount(d)
    }

    /// A decimal as an amount of `currency`; None when it has more decimals than the currency.
    /// None too when its minor units do not fit the ledger's i64 (a bank line's 20-digit
    /// amount): every `Amount` made here converts with [`Amount::to_minor`] without loss.
    pub fn from_decimal(value: Decimal, currency: Currency) -> Option<Amount> {
        let mut d = value;
        d.rescale(currency.minor_units);
        let exact = d == value && d.scale() == currency.minor_units;
        let fits = i64::try_from(d.mantissa()).is_ok();
        (exact && fits).then_some(Amount(d))
    }

    /// The largest single amount of `currency` the books accept ([`UNITS_MAX`] whole units).
    pub fn ceiling(currency: Currency) -> Amount {
        Amount::from_units(UNITS_MAX, currency)
    }

    pub fn to_minor(self, currency: Currency) -> i64 {
        let mut d = self.0;
        d.rescale(currency.minor_units);
        debug_assert_eq!(
            d, self.0,
            "an amount never has more decimals than its currency"
        );
        i64::try_from(d.mantissa()).expect("amounts stay within i64 minor units")
    }

    pub fn decimal(self) -> Decimal {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        self.0.checked_add(other.0).map(Amount)
    }

    pub fn checked_sub(self, other: Amount) -> Option<Amount> {
        self.0.checked_sub(other.0).map(Amount)
    }

    /// Reads an amount as a person typed it, in the association's locale and currency.
    /// "2,50" and "2.50" both mean 2.50 in a German or French association; "1,234.50" is
    /// English and "1.234,50" German. Zero, negative, exponent, NaN, empty, non-digit input,
    /// more decimals than the currency has and anything above `max` are refused.
    pub fn parse(
        input: &str,
        currency: Currency,
        locale: &Locale,
        max: Amount,
    ) -> Result<Amount, AmountError> {
        let fail = |problem| AmountError::new(input, problem, currency, locale);
        let s = input.trim();
        if s.is_empty() {
            return Err(fail(AmountProblem::Empty));
        }
        let lower = s.to_lowercase();
        if lower.contains("nan") || lower.contains("inf") {
            return Err(fail(AmountProblem::NotANumber));
        }
        if s.starts_with(['-', '−']) {
            return Err(fail(AmountProblem::Negative));
        }
        if s.contains(['e', 'E']) && s.chars().any(|c| c.is_ascii_digit()) {
            return Err(fail(AmountProblem::Exponent));
        }
        let decimal = locale.decimal_separator();
        let alternative = locale.alternative_decimal_separator();
        if let Some(bad) = s.chars().find(|&c| {
            !c.is_ascii_digit()
                && c != decimal
                && Some(c) != alternative
                && !locale.is_group_separator(c)
        }) {
            return Err(fail(AmountProblem::InvalidCharacter(bad)));
        }

        // Which character, if any, separates the fraction. The locale's own separator wins;
        // the alternative counts only when the locale's is absent and it occurs exactly once
        // (a lone "." in "1.234.567" is a thousands separator, in "2.50" a decimal point),
        // and never for a currency without minor units.
        let count = |c: char| s.chars().filter(|&x| x == c).count();
        let separator = if count(decimal) > 0 {
            Some(decimal)
        } else {
            alternative.filter(|&a| count(a) == 1 && currency.minor_units > 0)
        };
        // "4.500" in a German association: thousands by the locale's own convention, but a
        // decimal point to someone used to English. Neither reading is safe to assume.
        if let Some(sep) =
            separator.filter(|&c| Some(c) == alternative && locale.is_group_separator(c))
        {
            let after = s.rsplit_once(sep).map_or("", |(_, f)| f);
            if after.len() == 3 && after.chars().all(|c| c.is_ascii_digit()) {
                return Err(fail(AmountProblem::Ambiguous));
            }
        }
        let (whole, fraction) = match separator {
            Some(sep) => {
                if count(sep) > 1 {
                    return Err(fail(AmountProblem::Malformed));
                }
                let (w, f) = s.split_once(sep).expect("counted once");
                (w, Some(f))
            }
            None => (s, None),
        };
        let whole_digits =
            read_grouped(whole, locale).ok_or_else(|| fail(AmountProblem::Malformed))?;
        let fraction_digits = match fraction {
            None => "",
            Some(f) if !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()) => f,
            Some(_) => return Err(fail(AmountProblem::Malformed)),
        };
        if whole_digits.is_empty() && fraction_digits.is_empty() {
            return Err(fail(AmountProblem::Malformed));
        }
        let places = fraction_digits.len() as u32;
        if places > currency.minor_units {
            return Err(fail(AmountProblem::TooManyDecimals { found: places }));
        }
        let whole_digits = whole_digits.trim_start_matches('0');
        if whole_digits.len() > INTEGER_DIGITS_MAX {
            return Err(fail(AmountProblem::TooLarge {
                max: locale.format_amount(max),
            }));
        }
        let digits = format!("{whole_digits}{fraction_digits}");
        let mantissa: i64 = if digits.is_empty() {
            0
        } else {
            digits.parse().expect("only digits")
        };
        let mut value = Decimal::new(mantissa, places);
        value.rescale(currency.minor_units);
        let amount = Amount(value);
        if amount.is_zero() {
            return Err(fail(AmountProblem::Zero));
        }
        if amount > max {
            return Err(fail(AmountProblem::TooLarge {
                max: locale.format_amount(max),
            }));
        }
        Ok(amount)
    }
}

/// Digits of the whole part, with thousands separators checked and removed: groups of three
/// after a first group of one to three digits, one kind of separator throughout.
fn read_grouped(whole: &str, locale: &Locale) -> Option<String> {
    if whole.chars().all(|c| c.is_ascii_digit()) {
        return Some(whole.to_string());
    }
    let groups: Vec<&str> = whole.split(|c| locale.is_group_separator(c)).collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    let digits_ok = groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()));
    (first_ok && rest_ok && digits_ok).then(|| groups.concat())
}

/// The plain form used in files and across program boundaries: digits, a point, exactly the
/// currency's decimals ("1234.50"), a leading "-" when negative.
impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Locale {
    /// An amount as this locale writes it, without currency: "1.234,50" in de, "1,234.50" in en.
    pub fn format_amount(&self, amount: Amount) -> String {
        let plain = amount.0.abs().to_string();
        let (whole, fraction) = match plain.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (plain.as_str(), None),
        };
        let mut out = String::with_capacity(plain.len() + 8);
        if amount.is_negative() {
            out.push('-');
        }
        self.push_grouped(&mut out, whole);
        if let Some(fraction) = fraction {
            out.push(self.decimal_separator());
            out.push_str(fraction);
        }
        out
    }

    /// A count as this locale writes it: "1.014.009" in de, "1,014,009" in en.
    pub fn format_count(&self, n: u64) -> String {
        let mut out = String::new();
        self.push_grouped(&mut out, &n.to_string());
        out
    }

    /// Appends `digits` with the group separator between every three from the right.
    fn push_grouped(&self, out: &mut String, digits: &str) {
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(self.group_separator());
            }
            out.push(c);
        }
    }
}

impl Locale {
    /// An amount with its currency as printed documents show it: "1.234,50 €" in German,
    /// "€1,234.50" in English, the symbol after the number (with a no-break space) wherever the
    /// decimal separator is a comma.
    pub fn format_money(&self, amount: Amount, currency: Currency) -> String {
        let symbol = iso_currency::Currency::from_code(currency.code())
            .map(|c| c.symbol().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| currency.code().to_string());
        let number = self.format_amount(amount);
        let letters = symbol.chars().all(|c| c.is_ascii_alphabetic());
        if self.decimal_separator() == ',' {
            format!("{number}\u{a0}{symbol}")
        } else if letters {
            format!("{symbol}\u{a0}{number}")
        } else if let Some(n) = number.strip_prefix('-') {
            format!("-{symbol}{n}")
        } else {
            format!("{symbol}{number}")
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountProblem {
    Empty,
    Negative,
    Zero,
    Exponent,
    NotANumber,
    InvalidCharacter(char),
    Malformed,
    /// "4.500" where "." both groups thousands and, for some, marks decimals.
    Ambiguous,
    TooManyDecimals {
        found: u32,
    },
    TooLarge {
        max: String,
    },
}

/// Why a typed amount was refused, with the form that would have been accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text}")]
pub struct AmountError {
    pub problem: AmountProblem,
    pub text: Text,
}

impl AmountError {
    fn new(input: &str, problem: AmountProblem, currency: Currency, locale: &Locale) -> Self {
        let shown = input.trim();
        let key = match &problem {
            AmountProblem::Empty => Key::AmountEmpty,
            AmountProblem::Negative => Key::AmountNegative,
            AmountProblem::Zero => Key::AmountZero,
            AmountProblem::Exponent => Key::AmountExponent,
            AmountProblem::NotANumber => Key::AmountNotANumber,
            AmountProblem::InvalidCharacter(c) if c.is_whitespace() => Key::AmountSpace,
            AmountProblem::InvalidCharacter(_) => Key::AmountCharacter,
            AmountProblem::Malformed => Key::AmountMalformed,
            AmountProblem::Ambiguous => Key::AmountAmbiguous,
            AmountProblem::TooManyDecimals { found: 1 } => Key::AmountOneDecimal,
            AmountProblem::TooManyDecimals { .. } => Key::AmountDecimals,
            AmountProblem::TooLarge { .. } => Key::AmountTooLarge,
        };
        let unit = 10i64.pow(currency.minor_units());
        let mut text = Text::new(key)
            .arg("text", shown)
            .arg("currency", currency.code())
            .arg(
                "small",
                locale.format_amount(Amount::from_minor(25 * unit / 10, currency)),
            )
            .arg(
                "large",
                locale.format_amount(Amount::from_minor(123_450 * unit / 100, currency)),
            );
        match &problem {
            AmountProblem::InvalidCharacter(c) => text = text.arg("character", c),
            AmountProblem::Ambiguous => {
                let digits: String = shown.chars().filter(char::is_ascii_digit).collect();
                let separator = locale.decimal_separator();
                let zeros = "0".repeat(currency.minor_units() as usize);
                text = text
                    .arg("digits", digits)
                    .arg("padded", format!("{shown}{separator}{zeros}"))
                    .arg("separator", separator);
            }
            AmountProblem::TooManyDecimals { found } => {
                text = text
                    .arg("found", found)
                    .arg("places", currency.minor_units())
            }
            AmountProblem::TooLarge { max } => text = text.arg("max", max),
            _ => {}
        }
        AmountError { problem, text }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_beyond_the_ledger_are_no_amount() {
        let eur = Currency::from_code("EUR").unwrap();
        let huge: Decimal = "123456789012345678901234567".parse().unwrap();
        assert_eq!(Amount::from_decimal(huge, eur), None);
        let just: Decimal = "92233720368547758.07".parse().unwrap();
        assert_eq!(
            Amount::from_decimal(just, eur).map(|a| a.to_minor(eur)),
            Some(i64::MAX)
        );
        let over: Decimal = "92233720368547758.08".parse().unwrap();
        assert_eq!(Amount::from_decimal(over, eur), None);
    }

    #[test]
    fn printed_money_carries_its_currency_the_local_way() {
        let eur = Currency::from_code("EUR").unwrap();
        let a = Amount::from_minor(123_450, eur);
        assert_eq!(
            Locale::parse("de-DE").unwrap().format_money(a, eur),
            "1.234,50\u{a0}€"
        );
        assert_eq!(
            Locale::parse("en-IE").unwrap().format_money(a, eur),
            "€1,234.50"
        );
        assert_eq!(
            Locale::parse("en")
                .unwrap()
                .format_money(Amount::from_minor(-500, eur), eur),
            "-€5.00"
        );
        assert_eq!(
            Locale::parse("de").unwrap().format_count(1_014_009),
            "1.014.009"
        );
        assert_eq!(Locale::parse("en").unwrap().format_count(999), "999");
    }

    fn parse(input: &str, currency: &str, locale: &str) -> Result<String, String> {
        let currency = Currency::from_code(currency).unwrap();
        let locale = Locale::parse(locale).unwrap();
        Amount::parse(
            input,
            currency,
            &locale,
            Amount::from_units(100_000, currency),
        )
        .map(|a| a.to_string())
        .map_err(|e| e.to_string())
    }

    fn check(input: &str, currency: &str, locale: &str, expect: Result<&str, &str>) {
        match (parse(input, currency, locale), expect) {
            (Ok(got), Ok(want)) => assert_eq!(got, want, "{input:?} in {currency}/{locale}"),
            (Err(got), Err(want)) => {
                assert!(
                    got.contains(want),
                    "{input:?} in {currency}/{locale}: {got:?} lacks {want:?}"
                )
            }
            (got, want) => panic!("{input:?} in {currency}/{locale}: got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn currencies_know_their_minor_units() {
        for (code, units) in [("EUR", 2), ("JPY", 0), ("KRW", 0), ("KWD", 3), ("chf", 2)] {
            assert_eq!(
                Currency::from_code(code).unwrap().minor_units(),
                units,
                "{code}"
            );
        }
        assert!(
            Currency::from_code("XYZ")
                .unwrap_err()
                .to_string()
                .contains("ISO 4217")
        );
        assert!(
            Currency::from_code("XAU").is_err(),
            "gold is not money here"
        );
    }

    #[test]
    fn accepted_forms() {
        check("2,50", "EUR", "de-DE", Ok("2.50"));
        check("2.50", "EUR", "de-DE", Ok("2.50"));
        check("2,50", "EUR", "fr-FR", Ok("2.50"));
        check("2.50", "EUR", "fr", Ok("2.50"));
        check("1.234,50", "EUR", "de", Ok("1234.50"));
        check("1,234.50", "EUR", "en", Ok("1234.50"));
        check("1 234,50", "EUR", "fr", Ok("1234.50"));
        check("1\u{202F}234,50", "EUR", "fr", Ok("1234.50"));
        check("1’234.50", "CHF", "de-CH", Ok("1234.50"));
        check("2,50", "CHF", "de-CH", Ok("2.50"));
        check("5", "EUR", "de", Ok("5.00"));
        check(" 7,5 ", "EUR", "de", Ok("7.50"));
        check(",50", "EUR", "de", Ok("0.50"));
        check(
            "1.234.567",
            "EUR",
            "de",
            Err("maximum single amount of 100.000,00 EUR"),
        );
        check(
            "12.345.678",
            "KRW",
            "ko",
            Err("not a well-formed amount; write a positive amount in KRW like 2 or 1,234"),
        );
        check("10.000,00", "EUR", "de", Ok("10000.00"));
        check("1.234", "JPY", "de", Ok("1234"));
        check("1,234", "JPY", "en", Ok("1234"));
        check("1,234", "EUR", "en", Ok("1234.00"));
        check("1.234,567", "KWD", "de", Ok("1234.567"));
        check("100000", "EUR", "en", Ok("100000.00"));
    }

    #[test]
    fn refused_forms_name_the_accepted_form() {
        check(
            "2.505",
            "EUR",
            "en",
            Err(
                "has 3 decimal places but EUR has 2; write a positive amount in EUR like 2.50 or 1,234.50",
            ),
        );
        check(
            "2.505",
            "EUR",
            "de",
            Err(
                "\"2.505\" is ambiguous: for thousands write 2505 or 2.505,00, for a fraction use \",\"; write a positive amount in EUR like 2,50 or 1.234,50",
            ),
        );
        check("1.234", "EUR", "de", Err("is ambiguous"));
        check("1.234", "EUR", "nl", Err("is ambiguous"));
        check("4.500,00", "EUR", "de", Ok("4500.00"));
        check("2.5050", "EUR", "de", Err("has 4 decimal places"));
        check("1.234", "EUR", "fr", Err("has 3 decimal places"));
        check("2,5", "JPY", "en", Err("not a well-formed amount"));
        check("0", "EUR", "en", Err("is zero"));
        check("0,00", "EUR", "de", Err("is zero"));
        check("-5", "EUR", "en", Err("is negative"));
        check("−5", "EUR", "en", Err("is negative"));
        check("1e3", "EUR", "en", Err("uses an exponent"));
        check("NaN", "EUR", "en", Err("is not a number"));
        check("inf", "EUR", "en", Err("is not a number"));
        check("", "EUR", "en", Err("no amount was given"));
        check("   ", "EUR", "en", Err("no amount was given"));
        check("12a", "EUR", "en", Err("contains \"a\""));
        check("€5", "EUR", "en", Err("contains \"€\""));
        check("+5", "EUR", "en", Err("contains \"+\""));
        check("2,50", "EUR", "en", Err("not a well-formed amount"));
        check("1,23,4.00", "EUR", "en", Err("not a well-formed amount"));
        check("1.2.3,4", "EUR", "de", Err("not a well-formed amount"));
        check("2,", "EUR", "de", Err("not a well-formed amount"));
        check("1,2,3", "EUR", "de", Err("not a well-formed amount"));
        check(
            "100000.01",
            "EUR",
            "en",
            Err("maximum single amount of 100,000.00 EUR"),
        );
        check(
            "99999999999999999999",
            "EUR",
            "en",
            Err("maximum single amount"),
        );
        check("1,000", "KWD", "en", Ok("1000.000"));
    }

    #[test]
    fn formatting_follows_the_locale() {
        let eur = Currency::from_code("EUR").unwrap();
        let amount = Amount::from_minor(123_456_789, eur);
        let cases = [
            ("en", "1,234,567.89"),
            ("de", "1.234.567,89"),
            ("fr", "1\u{202F}234\u{202F}567,89"),
            ("de-CH", "1’234’567.89"),
        ];
        for (tag, want) in cases {
            assert_eq!(Locale::parse(tag).unwrap().format_amount(amount), want);
        }
        let negative = Amount::zero(eur)
            .checked_sub(Amount::from_minor(5, eur))
            .unwrap();
        assert_eq!(
            Locale::parse("de").unwrap().format_amount(negative),
            "-0,05"
        );
        let jpy = Currency::from_code("JPY").unwrap();
        assert_eq!(
            Locale::parse("ja")
                .unwrap()
                .format_amount(Amount::from_minor(1234, jpy)),
            "1,234"
        );
    }

    proptest::proptest! {
        /// Whatever an association's locale and currency, an amount it prints reads back as
        /// the same amount.
        #[test]
        fn format_then_parse_round_trips(
            minor in 1i64..=100_000_000,
            currency in proptest::sample::select(vec!["EUR", "JPY", "KWD", "CHF", "KRW"]),
            tag in proptest::sample::select(vec![
                "en", "en-GB", "de", "de-DE", "de-AT", "de-CH", "fr", "fr-FR", "fr-CH", "nl", "it",
                "es", "pl", "el", "ko", "ja", "sv", "cs",
            ]),
        ) {
            let currency = Currency::from_code(currency).unwrap();
            let locale = Locale::parse(tag).unwrap();
            let max = Amount::from_units(100_000_000, currency);
            let amount = Amount::from_minor(minor, currency);
            let printed = locale.format_amount(amount);
            proptest::prop_assert_eq!(Amount::parse(&printed, currency, &locale, max), Ok(amount), "{}", printed);
            // The plain form of files ("1234.50") reads back with the file locale.
            let plain = Locale::parse("en").unwrap();
            proptest::prop_assert_eq!(Amount::parse(&amount.to_string(), currency, &plain, max), Ok(amount));
        }
    }
}
