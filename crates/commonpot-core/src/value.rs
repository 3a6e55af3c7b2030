//! The one definition of valid text (and of a typed day). Every reader — typed input in the command and the desktop,
//! CSV imports, bank files, kits and bundles — builds its text values here, so that what one
//! front end accepts, every file that carries it is accepted again.

use crate::text::{Key, Text};

/// Longest text accepted; longer text is a paste gone wrong.
pub const TEXT_CHARS_MAX: usize = 2_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextProblem {
    Empty,
    TooLong,
    Control,
}

impl TextProblem {
    pub fn text(self) -> Text {
        match self {
            TextProblem::Empty => Text::new(Key::TextEmpty),
            TextProblem::TooLong => Text::new(Key::TextTooLong).arg("max", TEXT_CHARS_MAX),
            TextProblem::Control => Text::new(Key::TextControl),
        }
    }
}

/// A free text — a note, description, place, payee or reason: trimmed, at most
/// [`TEXT_CHARS_MAX`] characters; line breaks (a Windows "\r\n" made "\n") and tabs are text,
/// other control characters (escape sequences, NUL) are refused.
pub fn free_text(text: &str, required: bool) -> Result<String, TextProblem> {
    let t = text.trim().replace("\r\n", "\n").replace('\r', "\n");
    if t.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(TextProblem::Control);
    }
    checked(t, required)
}

/// A text that stands on one line — a name, a member number, a title: trimmed, every run of
/// line breaks and tabs made one space (a name pasted from a spreadsheet), so that it can never
/// forge a row of a printed table or a field of a file; other control characters are refused.
pub fn one_line(text: &str, required: bool) -> Result<String, TextProblem> {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.trim().chars() {
        if matches!(c, '\n' | '\r' | '\t') {
            gap = true;
            continue;
        }
        if c.is_control() {
            return Err(TextProblem::Control);
        }
        if gap {
            out.push(' ');
            gap = false;
        }
        out.push(c);
    }
    checked(out, required)
}

/// A day as YYYY-MM-DD (surrounding spaces ignored): the form people type and files carry.
pub fn date(text: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

fn checked(t: String, required: bool) -> Result<String, TextProblem> {
    if required && t.is_empty() {
        return Err(TextProblem::Empty);
    }
    if t.chars().count() > TEXT_CHARS_MAX {
        return Err(TextProblem::TooLong);
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn texts_keep_their_breaks_and_lines_lose_them() {
        assert_eq!(free_text("  a\tb\nc ", false).unwrap(), "a\tb\nc");
        assert_eq!(free_text("a\r\nb\rc", false).unwrap(), "a\nb\nc");
        assert_eq!(one_line(" Jana\tNowak\r\n", true).unwrap(), "Jana Nowak");
        assert_eq!(one_line("Jana\n\n\tNowak", true).unwrap(), "Jana Nowak");
        assert_eq!(one_line("\t", true), Err(TextProblem::Empty));
        assert_eq!(free_text("\u{1b}[2J", false), Err(TextProblem::Control));
        assert_eq!(one_line("a\u{0}b", false), Err(TextProblem::Control));
        assert_eq!(
            free_text(&"x".repeat(TEXT_CHARS_MAX + 1), false),
            Err(TextProblem::TooLong)
        );
    }

    proptest! {
        /// What either constructor accepts, it accepts again unchanged: a value read from a
        /// bundle or kit is never refused by the rule that let it in.
        #[test]
        fn an_accepted_text_is_accepted_again_unchanged(text in "\\PC{0,40}|[ \\t\\r\\na-z\u{1b}\u{0}]{0,40}") {
            if let Ok(t) = free_text(&text, false) {
                prop_assert_eq!(free_text(&t, false), Ok(t.clone()));
            }
            if let Ok(t) = one_line(&text, false) {
                prop_assert_eq!(one_line(&t, false), Ok(t.clone()));
                prop_assert!(!t.contains(['\n', '\r', '\t']));
                prop_assert_eq!(free_text(&t, false), Ok(t.clone()));
            }
        }
    }
}
