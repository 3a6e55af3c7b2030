//! Bank statements exported as CSV, read with a saved profile: the separator, the decimal
//! mark, the date format, the encoding (UTF-8 or Windows-1252) and which column holds what.
//! Lines before the column headings (account number, period, balance) are passed over; every
//! line after them must read, or the file is refused naming the line and the column.

use std::fmt::Write;

use chrono::NaiveDate;
use commonpot_core::{Decimal, Key, Text};

/// A column profile's problem, naming the option.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{option:?}: {text}")]
pub struct ProfileError {
    pub option: ProfileOption,
    pub text: Text,
}

/// The settings a column profile is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProfileOption {
    Name,
    Delimiter,
    Decimal,
    DateFormat,
    Columns,
    Encoding,
}

fn profile_error(option: ProfileOption, text: Text) -> ProfileError {
    ProfileError { option, text }
}

/// A line of a CSV file that cannot be read, and which column.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {text}")]
pub struct CsvError {
    pub line: u64,
    /// The column's role ("amount") or "encoding"/"columns".
    pub column: String,
    pub text: Text,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Windows1252,
}

impl Encoding {
    pub fn parse(text: &str) -> Result<Encoding, ProfileError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Ok(Encoding::Utf8),
            "windows-1252" | "cp1252" | "latin1" | "iso-8859-1" => Ok(Encoding::Windows1252),
            other => Err(profile_error(
                ProfileOption::Encoding,
                Text::new(Key::BankEncoding).arg("text", other),
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Windows1252 => "windows-1252",
        }
    }
}

/// Which column (counted from 1) holds what. Date and amount are needed; the rest helps
/// matching.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Columns {
    pub date: usize,
    pub amount: usize,
    pub name: Option<usize>,
    pub iban: Option<usize>,
    pub text: Option<usize>,
    pub reference: Option<usize>,
}

impl Columns {
    /// Reads `date=1,amount=4,name=2,iban=3,text=5[,ref=6]`.
    pub fn parse(spec: &str) -> Result<Columns, ProfileError> {
        let mut columns = Columns::default();
        let (mut date, mut amount) = (None, None);
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((role, number)) = part.split_once('=') else {
                return Err(profile_error(
                    ProfileOption::Columns,
                    Text::new(Key::BankColumnShape).arg("text", part),
                ));
            };
            let number: usize = number
                .trim()
                .parse()
                .ok()
                .filter(|n| (1..=200).contains(n))
                .ok_or_else(|| {
                    profile_error(
                        ProfileOption::Columns,
                        Text::new(Key::BankColumnNumber).arg("text", part),
                    )
                })?;
            let slot = match role.trim().to_ascii_lowercase().as_str() {
                "date" => &mut date,
                "amount" => &mut amount,
                "name" => &mut columns.name,
                "iban" => &mut columns.iban,
                "text" => &mut columns.text,
                "ref" | "reference" => &mut columns.reference,
                other => {
                    return Err(profile_error(
                        ProfileOption::Columns,
                        Text::new(Key::BankColumnRole).arg("text", other),
                    ));
                }
            };
            if slot.replace(number).is_some() {
                return Err(profile_error(
                    ProfileOption::Columns,
                    Text::new(Key::BankColumnTwice).arg("role", role.trim()),
                ));
            }
        }
        let needed = |role: &str| {
            profile_error(
                ProfileOption::Columns,
                Text::new(Key::BankColumnNeeded).arg("role", role),
            )
        };
        columns.date = date.ok_or_else(|| needed("date"))?;
        columns.amount = amount.ok_or_else(|| needed("amount"))?;
        Ok(columns)
    }

    /// The form [`Columns::parse`] reads.
    pub fn spec(&self) -> String {
        let mut parts = vec![
            format!("date={}", self.date),
            format!("amount={}", self.amount),
        ];
        for (role, column) in [
            ("name", self.name),
            ("iban", self.iban),
            ("text", self.text),
            ("ref", self.reference),
        ] {
            if let Some(c) = column {
                parts.push(format!("{role}={c}"));
            }
        }
        parts.join(",")
    }

    /// The most columns a line needs.
    fn needed(&self) -> usize {
        [self.name, self.iban, self.text, self.reference]
            .into_iter()
            .flatten()
            .chain([self.date, self.amount])
            .max()
            .unwrap_or(1)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    pub delimiter: u8,
    /// `b','` or `b'.'`.
    pub decimal: u8,
    /// A chrono format, like `%d.%m.%Y`.
    pub date_format: String,
    pub encoding: Encoding,
    pub columns: Columns,
}

impl Profile {
    /// Checks every part of a profile as typed.
    pub fn new(
        name: &str,
        delimiter: &str,
        decimal: &str,
        date_format: &str,
        columns: &str,
        encoding: Option<&str>,
    ) -> Result<Profile, ProfileError> {
        let name = name.trim();
        if name.is_empty() || name.len() > 40 {
            return Err(profile_error(
                ProfileOption::Name,
                Text::new(Key::BankProfileName),
            ));
        }
        let delimiter = match delimiter {
            "\\t" | "tab" | "\t" => b'\t',
            d if d.len() == 1 && matches!(d.as_bytes()[0], b';' | b',' | b'|' | b':') => {
                d.as_bytes()[0]
            }
            other => {
                return Err(profile_error(
                    ProfileOption::Delimiter,
                    Text::new(Key::BankDelimiter).arg("text", other),
                ));
            }
        };
        let decimal = match decimal {
            "," => b',',
            "." => b'.',
            other => {
                return Err(profile_error(
                    ProfileOption::Decimal,
                    Text::new(Key::BankDecimalMark).arg("text", other),
                ));
            }
        };
        if decimal == delimiter {
            return Err(profile_error(
                ProfileOption::Decimal,
                Text::new(Key::BankDecimalIsDelimiter),
            ));
        }
        let date_format = date_format.trim();
        let sample = NaiveDate::from_ymd_opt(2026, 11, 26).expect("a date");
        let mut shown = String::new();
        if write!(shown, "{}", sample.format(date_format)).is_err()
            || NaiveDate::parse_from_str(&shown, date_format) != Ok(sample)
        {
            return Err(profile_error(
                ProfileOption::DateFormat,
                Text::new(Key::BankDateFormat).arg("text", date_format),
            ));
        }
        Ok(Profile {
            name: name.to_string(),
            delimiter,
            decimal,
            date_format: date_format.to_string(),
            encoding: encoding
                .map(Encoding::parse)
                .transpose()?
                .unwrap_or(Encoding::Utf8),
            columns: Columns::parse(columns)?,
        })
    }
}

/// One line of a CSV statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvLine {
    pub line: u64,
    pub booking_date: NaiveDate,
    /// Signed: a debit is negative.
    pub amount: Decimal,
    pub counterparty: String,
    pub iban: String,
    pub text: String,
    pub reference: String,
}

fn csv_error(line: u64, column: &str, text: Text) -> CsvError {
    CsvError {
        line,
        column: column.to_string(),
        text,
    }
}

/// The file's text in the profile's encoding; bytes that are not UTF-8 name their line.
fn decode(bytes: &[u8], encoding: Encoding) -> Result<String, CsvError> {
    match encoding {
        Encoding::Windows1252 => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok(text.into_owned())
        }
        Encoding::Utf8 => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            std::str::from_utf8(bytes).map(str::to_string).map_err(|e| {
                csv_error(
                    crate::line_at(bytes, e.valid_up_to()),
                    "encoding",
                    Text::new(Key::BankCsvNotUtf8),
                )
            })
        }
    }
}

/// Every line of a CSV statement, or the first that cannot be read.
pub fn parse_csv(bytes: &[u8], profile: &Profile) -> Result<Vec<CsvLine>, CsvError> {
    let text = decode(bytes, profile.encoding)?;
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(profile.delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let columns = &profile.columns;
    let needed = columns.needed();
    let mut lines = Vec::new();
    // Lines before the first with a date in the date column are the bank's heading.
    let mut heading = true;
    let mut record = ::csv::StringRecord::new();
    loop {
        let line_before = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line_before, |p| p.line());
                return Err(csv_error(
                    line,
                    "columns",
                    Text::new(Key::BankCsvUnreadable),
                ));
            }
        }
        let line = record.position().map_or(line_before, |p| p.line());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let field = |n: usize| record.get(n - 1).map(str::trim).unwrap_or("");
        if heading {
            if record.len() < needed || !field(columns.date).bytes().any(|b| b.is_ascii_digit()) {
                continue;
            }
            heading = false;
        }
        if record.len() < needed {
            return Err(csv_error(
                line,
                "columns",
                Text::new(Key::BankCsvShort)
                    .arg("count", record.len())
                    .arg("needed", needed),
            ));
        }
        let date_text = field(columns.date);
        let booking_date =
            NaiveDate::parse_from_str(date_text, &profile.date_format).map_err(|_| {
                csv_error(
                    line,
                    "date",
                    Text::new(Key::BankCsvDate)
                        .arg("text", date_text)
                        .arg("format", &profile.date_format),
                )
            })?;
        let amount = parse_amount(field(columns.amount), profile.decimal)
            .map_err(|problem| csv_error(line, "amount", problem))?;
        let optional = |c: Option<usize>| c.map(field).unwrap_or("").to_string();
        lines.push(CsvLine {
            line,
            booking_date,
            amount,
            counterparty: optional(columns.name),
            iban: optional(columns.iban).replace(' ', "").to_ascii_uppercase(),
            text: optional(columns.text),
            reference: optional(columns.reference),
        });
    }
    if heading {
        return Err(csv_error(
            1,
            "date",
            Text::new(Key::BankCsvNoDate)
                .arg("format", &profile.date_format)
                .arg("column", columns.date),
        ));
    }
    Ok(lines)
}

/// A signed amount as banks export it: "-1.234,56", "1,234.56", "12,50 EUR", "5,00-".
fn parse_amount(text: &str, decimal: u8) -> Result<Decimal, Text> {
    let trimmed = text
        .trim()
        .trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '€' || c.is_whitespace())
        .trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '€' || c.is_whitespace());
    let (negative, unsigned) = if let Some(rest) = trimmed.strip_prefix('-') {
        (true, rest)
    } else if let Some(rest) = trimmed.strip_suffix('-') {
        (true, rest)
    } else {
        (false, trimmed.strip_prefix('+').unwrap_or(trimmed))
    };
    let mark = char::from(decimal);
    let grouping: &[char] = if decimal == b',' {
        &['.', '\'', ' ', '\u{a0}']
    } else {
        &[',', '\'', ' ', '\u{a0}']
    };
    let unsigned = unsigned.trim();
    let (whole, fraction) = unsigned.split_once(mark).unwrap_or((unsigned, ""));
    let groups: Vec<&str> = whole.split(grouping).collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let grouped_well =
        groups.len() == 1 || groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3);
    if !groups.iter().all(|g| digits(g))
        || !grouped_well
        || !(fraction.is_empty() || digits(fraction) && fraction.len() <= 4)
        || unsigned.ends_with(mark)
    {
        return Err(Text::new(Key::BankCsvAmount)
            .arg("text", text)
            .arg("mark", mark));
    }
    let whole_digits = groups.concat();
    if whole_digits.trim_start_matches('0').len() > crate::WHOLE_DIGITS_MAX {
        return Err(Text::new(Key::BankAmountDigits)
            .arg("text", text)
            .arg("digits", crate::WHOLE_DIGITS_MAX));
    }
    let plain = format!(
        "{}.{}",
        whole_digits,
        if fraction.is_empty() { "0" } else { fraction }
    );
    let value: Decimal = plain
        .parse()
        .map_err(|_| Text::new(Key::BankAmountRange).arg("text", text))?;
    Ok(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(
        delimiter: &str,
        decimal: &str,
        date: &str,
        columns: &str,
        encoding: Option<&str>,
    ) -> Profile {
        Profile::new("test", delimiter, decimal, date, columns, encoding).unwrap()
    }

    #[test]
    fn amounts_read_in_either_decimal_mark() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(parse_amount("-1.234,56", b','), Ok(d("-1234.56")));
        assert_eq!(parse_amount("12,50 EUR", b','), Ok(d("12.50")));
        assert_eq!(parse_amount("5,00-", b','), Ok(d("-5.00")));
        assert_eq!(parse_amount("1,234.56", b'.'), Ok(d("1234.56")));
        assert_eq!(parse_amount("+3.00", b'.'), Ok(d("3.00")));
        assert!(parse_amount("12.50.1", b'.').is_err());
        assert!(parse_amount("", b',').is_err());
        assert!(parse_amount("zwölf", b',').is_err());
    }

    #[test]
    fn profiles_refuse_what_cannot_work() {
        // Each refusal names the option and says why by a key of the books' catalogue, with
        // what was typed as its argument, so the desktop can say it in German.
        let bad = |d, m, f, c| {
            let e = Profile::new("p", d, m, f, c, None).unwrap_err();
            (e.option, e.text.key)
        };
        use ProfileOption as O;
        let cases = [
            (
                (";", ",", "%d.%m.%Y", "amount=4"),
                (O::Columns, Key::BankColumnNeeded),
            ),
            (
                (";", ",", "%d.%m.%Y", "date=0,amount=4"),
                (O::Columns, Key::BankColumnNumber),
            ),
            (
                (";", ",", "%d.%m.%Y", "date=1,amount=4,colour=2"),
                (O::Columns, Key::BankColumnRole),
            ),
            (
                (";", ",", "%d.%m.%Y", "date=1,amount=4,date=2"),
                (O::Columns, Key::BankColumnTwice),
            ),
            (
                (";", ",", "%d.%m.%Y", "date=1,amount"),
                (O::Columns, Key::BankColumnShape),
            ),
            (
                (",", ",", "%d.%m.%Y", "date=1,amount=4"),
                (O::Decimal, Key::BankDecimalIsDelimiter),
            ),
            (
                (";", "'", "%d.%m.%Y", "date=1,amount=4"),
                (O::Decimal, Key::BankDecimalMark),
            ),
            (
                ("x", ",", "%d.%m.%Y", "date=1,amount=4"),
                (O::Delimiter, Key::BankDelimiter),
            ),
            (
                (";", ",", "%d.%m", "date=1,amount=4"),
                (O::DateFormat, Key::BankDateFormat),
            ),
            (
                (";", ",", "%Q", "date=1,amount=4"),
                (O::DateFormat, Key::BankDateFormat),
            ),
        ];
        for ((d, m, f, c), expected) in cases {
            assert_eq!(bad(d, m, f, c), expected, "{d} {m} {f} {c}");
        }
        let e =
            Profile::new("p", ";", ",", "%d.%m.%Y", "date=1,amount=4,colour=2", None).unwrap_err();
        assert_eq!(e.text.get("text"), Some("colour"));
        let p = profile(
            ";",
            ",",
            "%d.%m.%Y",
            "date=1,amount=4,name=2,iban=3,text=5,ref=6",
            None,
        );
        assert_eq!(Columns::parse(&p.columns.spec()).unwrap(), p.columns);
        assert!(
            Profile::new("p", ";", ",", "%d.%m.%Y", "date=1,amount=2", Some("ebcdic")).is_err()
        );
    }

    #[test]
    fn heading_lines_are_passed_over_and_every_later_line_must_read() {
        let p = profile(
            ";",
            ",",
            "%d.%m.%Y",
            "date=1,amount=4,name=2,iban=3,text=5",
            None,
        );
        let file = "\"Konto\";\"DE89370400440532013000\"\n\"Kontostand vom 30.11.2026:\";\"1.234,56 EUR\"\n\nBuchungstag;Name;IBAN;Betrag;Verwendungszweck\n01.11.2026;Jana Nowak;DE02 1203 0000 0000 2020 51;5,00;RF70TREES\n02.11.2026;\"Kowalski; Piotr\";;-12,00;Miete\n";
        let lines = parse_csv(file.as_bytes(), &p).unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].line, 5);
        assert_eq!(lines[0].iban, "DE02120300000000202051");
        assert_eq!(lines[1].counterparty, "Kowalski; Piotr");
        assert_eq!(lines[1].amount, "-12.00".parse().unwrap());

        let short = format!("{file}03.11.2026;Nowak;DE02\n");
        let e = parse_csv(short.as_bytes(), &p).unwrap_err();
        assert_eq!((e.line, e.column.as_str()), (7, "columns"), "{e}");
        let bad_amount = format!("{file}03.11.2026;Nowak;;12.50.3;x\n");
        let e = parse_csv(bad_amount.as_bytes(), &p).unwrap_err();
        assert_eq!((e.line, e.column.as_str()), (7, "amount"), "{e}");
        let bad_date = format!("{file}2026-11-03;Nowak;;12,50;x\n");
        let e = parse_csv(bad_date.as_bytes(), &p).unwrap_err();
        assert_eq!((e.line, e.column.as_str()), (7, "date"), "{e}");
        let e = parse_csv(b"Buchungstag;Name\n", &p).unwrap_err();
        assert_eq!(e.column, "date");
    }

    #[test]
    fn the_encoding_is_the_profiles() {
        let utf8 = profile(";", ",", "%d.%m.%Y", "date=1,amount=3,name=2", None);
        let cp1252 = profile(
            ";",
            ",",
            "%d.%m.%Y",
            "date=1,amount=3,name=2",
            Some("windows-1252"),
        );
        let mut file =
            b"Datum;Name;Betrag\n01.11.2026;Jana;5,00\n01.11.2026;J\xFCrgen M\xFCller;7,00\n"
                .to_vec();
        let e = parse_csv(&file, &utf8).unwrap_err();
        assert_eq!((e.line, e.column.as_str()), (3, "encoding"));
        let lines = parse_csv(&file, &cp1252).unwrap();
        assert_eq!(lines[1].counterparty, "Jürgen Müller");
        file = "\u{feff}Datum;Name;Betrag\n01.11.2026;Jürgen;5,00\n"
            .as_bytes()
            .to_vec();
        assert_eq!(parse_csv(&file, &utf8).unwrap()[0].counterparty, "Jürgen");
    }
}
