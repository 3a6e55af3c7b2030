//! Commonpot's printed documents: meeting statements, project statements, member statements,
//! cash count sheets, paper ballots and payment posters, rendered to PDF bytes from view
//! models that the use cases fill. No file, dialog or database IO happens here.
//!
//! Every document embeds its fonts (subset to the glyphs used), so names in Latin, Polish,
//! Greek, Cyrillic and Korean print on any computer; every page carries a footer with its
//! number, the time of generation, the ledger digest and the entry count. The same view model
//! and generation time give the same bytes.

mod canvas;
mod documents;
mod fonts;
mod model;
mod qr;
mod words;

pub use canvas::Paper;
pub use documents::{
    ballots, cash_sheet, meeting_statement, member_data, member_statement, poster,
    project_statement,
};
pub use model::*;
pub use qr::{qr_png, qr_svg};
pub use words::Word;

/// The language of a document's own words; names, amounts and dates come formatted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    De,
}

impl Lang {
    /// German for an association that writes German, English otherwise.
    pub fn for_language(language: &str) -> Lang {
        if language.eq_ignore_ascii_case("de") {
            Lang::De
        } else {
            Lang::En
        }
    }

    /// `word` in this language.
    pub fn say(self, word: Word) -> &'static str {
        word.in_lang(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Meta {
        Meta {
            association: "Nachbarschaftsverein Südstadt".into(),
            generated: "26.11.2026 18:00".into(),
            generated_unix: 1_795_716_000,
            digest: "ab".repeat(32),
            entries: "12".into(),
            lang: Lang::De,
            ..Meta::default()
        }
    }

    #[test]
    fn the_same_model_gives_the_same_bytes() {
        let ballot = Ballot {
            decision: "0193ab".into(),
            question: "Neue Bank am Spielplatz?".into(),
            how: "Kreuzen Sie ein Feld an.".into(),
            options: vec![("Ja".into(), String::new()), ("Nein".into(), String::new())],
            count: 7,
            ..Ballot::default()
        };
        let a = ballots(&meta(), &ballot);
        let b = ballots(&meta(), &ballot);
        assert!(a.starts_with(b"%PDF-"));
        if a != b {
            std::fs::write(std::env::temp_dir().join("a.pdf"), &a).unwrap();
            std::fs::write(std::env::temp_dir().join("b.pdf"), &b).unwrap();
            panic!("two renderings differ");
        }
        let mut later = meta();
        later.generated_unix += 60;
        assert!(
            a != ballots(&later, &ballot),
            "the generation time is in the document"
        );
    }
}
