//! Locales: how an association writes numbers. One place decides which characters separate
//! decimals and thousands; parsing and formatting of amounts both ask it.

use std::fmt;

use crate::text::{Key, Text};

/// Narrow no-break space, the thousands separator French and Polish typography use.
const NARROW_NBSP: char = '\u{202F}';
const NBSP: char = '\u{00A0}';

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    /// 1,234.50 — English, Japanese, Korean, Chinese.
    PointComma,
    /// 1.234,50 — German, Dutch, Italian, Spanish, Greek and others; "2.50" is still read as 2,50.
    CommaPoint,
    /// 1 234,50 — French, Polish, Swedish, Czech and others; "2.50" is still read as 2,50.
    CommaSpace,
    /// 1’234.50 — Swiss German, French and Italian; "2,50" is still read as 2.50.
    PointApostrophe,
}

const POINT_COMMA: &[&str] = &["en", "ja", "ko", "zh", "ga", "mt", "he", "th"];
const COMMA_POINT: &[&str] = &[
    "de", "nl", "it", "es", "pt", "da", "el", "id", "tr", "ro", "hr", "sl", "sr", "is", "ca", "eu",
    "gl",
];
const COMMA_SPACE: &[&str] = &[
    "fr", "pl", "sv", "nb", "nn", "no", "fi", "cs", "sk", "ru", "uk", "bg", "hu", "lt", "lv", "et",
    "be",
];

/// A BCP 47 language tag reduced to what Commonpot uses: a language and an optional region,
/// such as `de`, `de-DE` or `fr-CH`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Locale {
    language: String,
    region: Option<String>,
    style: Style,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.text())]
pub enum LocaleError {
    Malformed(String),
    Unsupported(String),
}

impl LocaleError {
    pub fn text(&self) -> Text {
        match self {
            LocaleError::Malformed(t) => Text::new(Key::LocaleMalformed).arg("text", t),
            LocaleError::Unsupported(t) => Text::new(Key::LocaleUnsupported)
                .arg("text", t)
                .arg("languages", supported_languages().join(", ")),
        }
    }
}

pub fn supported_languages() -> Vec<&'static str> {
    let mut all: Vec<&str> = [POINT_COMMA, COMMA_POINT, COMMA_SPACE].concat();
    all.sort_unstable();
    all
}

impl Locale {
    pub fn parse(tag: &str) -> Result<Locale, LocaleError> {
        let tag = tag.trim();
        let mut parts = tag.split(['-', '_']);
        let language = parts.next().unwrap_or_default().to_ascii_lowercase();
        let region = parts.next().map(str::to_ascii_uppercase);
        let well_formed = (2..=3).contains(&language.len())
            && language.chars().all(|c| c.is_ascii_lowercase())
            && region
                .as_deref()
                .is_none_or(|r| r.len() == 2 && r.chars().all(|c| c.is_ascii_uppercase()))
            && parts.next().is_none();
        if !well_formed {
            return Err(LocaleError::Malformed(tag.to_string()));
        }
        let swiss = region.as_deref() == Some("CH") || region.as_deref() == Some("LI");
        let style = if swiss && ["de", "fr", "it"].contains(&language.as_str()) {
            Style::PointApostrophe
        } else if POINT_COMMA.contains(&language.as_str()) {
            Style::PointComma
        } else if COMMA_POINT.contains(&language.as_str()) {
            Style::CommaPoint
        } else if COMMA_SPACE.contains(&language.as_str()) {
            Style::CommaSpace
        } else {
            return Err(LocaleError::Unsupported(tag.to_string()));
        };
        Ok(Locale {
            language,
            region,
            style,
        })
    }

    pub fn language(&self) -> &str {
        &self.language
    }

    /// A day as the association writes it: 26.11.2026 in German, 11/26/2026 in the United
    /// States, 26/11/2026 in Britain and France, 2026-11-26 in Korean, Japanese, Chinese,
    /// Swedish and Lithuanian.
    pub fn format_date(&self, day: chrono::NaiveDate) -> String {
        let iso = ["ko", "ja", "zh", "sv", "lt", "hu", "ca", "eu"];
        let dots = [
            "de", "pl", "ru", "uk", "cs", "sk", "fi", "nb", "nn", "no", "da", "tr", "ro", "hr",
            "sl", "sr", "bg", "et", "lv", "be", "is",
        ];
        let pattern = match (self.language.as_str(), self.region.as_deref()) {
            ("en", Some("US")) => "%m/%d/%Y",
            (l, _) if iso.contains(&l) => "%Y-%m-%d",
            (l, _) if dots.contains(&l) => "%d.%m.%Y",
            ("nl", _) => "%d-%m-%Y",
            _ => "%d/%m/%Y",
        };
        day.format(pattern).to_string()
    }

    /// The separator written between whole units and the fraction.
    pub fn decimal_separator(&self) -> char {
        match self.style {
            Style::PointComma | Style::PointApostrophe => '.',
            Style::CommaPoint | Style::CommaSpace => ',',
        }
    }

    /// The separator written between groups of three digits.
    pub fn group_separator(&self) -> char {
        match self.style {
            Style::PointComma => ',',
            Style::CommaPoint => '.',
            Style::CommaSpace => NARROW_NBSP,
            Style::PointApostrophe => '’',
        }
    }

    /// The other decimal separator a treasurer may type and mean the same ("2.50" in a
    /// German association), if this locale accepts one.
    pub(crate) fn alternative_decimal_separator(&self) -> Option<char> {
        match self.style {
            Style::PointComma => None,
            Style::CommaPoint | Style::CommaSpace => Some('.'),
            Style::PointApostrophe => Some(','),
        }
    }

    /// Whether `c` is accepted as a thousands separator when reading an amount.
    pub(crate) fn is_group_separator(&self, c: char) -> bool {
        match self.style {
            Style::PointComma => c == ',',
            Style::CommaPoint => c == '.',
            Style::CommaSpace => c == ' ' || c == NBSP || c == NARROW_NBSP,
            Style::PointApostrophe => c == '’' || c == '\'',
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.region {
            Some(region) => write!(f, "{}-{}", self.language, region),
            None => f.write_str(&self.language),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_written_the_local_way() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 6).unwrap();
        let f = |tag: &str| Locale::parse(tag).unwrap().format_date(day);
        assert_eq!(f("de-DE"), "06.11.2026");
        assert_eq!(f("en-US"), "11/06/2026");
        assert_eq!(f("en-GB"), "06/11/2026");
        assert_eq!(f("fr"), "06/11/2026");
        assert_eq!(f("ko-KR"), "2026-11-06");
        assert_eq!(f("nl"), "06-11-2026");
    }

    fn check(tag: &str, expect: Result<&str, &str>) {
        let got = Locale::parse(tag)
            .map(|l| l.to_string())
            .map_err(|e| e.to_string());
        match (got, expect) {
            (Ok(got), Ok(want)) => assert_eq!(got, want),
            (Err(got), Err(want)) => assert!(got.contains(want), "{got:?} lacks {want:?}"),
            (got, want) => panic!("{tag}: got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn tags_are_normalised_or_refused() {
        check("de", Ok("de"));
        check("de_de", Ok("de-DE"));
        check("EN-gb", Ok("en-GB"));
        check("fr-CH", Ok("fr-CH"));
        check("", Err("is not a locale"));
        check("german", Err("is not a locale"));
        check("de-DE-x", Err("is not a locale"));
        check("xx", Err("not supported"));
    }
}
