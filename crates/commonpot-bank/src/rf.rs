//! ISO 11649 structured creditor references: `RF`, two check digits, and 1 to 21 letters or
//! digits. The check digits make a mistyped reference detectable (ISO 7064 MOD 97-10, as for
//! IBANs).

use std::collections::HashMap;
use std::fmt;

use sha2::{Digest, Sha256};

/// The longest reference body ISO 11649 allows.
pub const BODY_MAX: usize = 21;

/// Letters and digits that follow a reference body made from a long or hyphenated project
/// code, so that codes that read alike after shortening still get different references.
const TAG_LEN: usize = 4;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CreditorReference(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RfError {
    #[error("a creditor reference starts with RF and two check digits")]
    Prefix,
    #[error("a creditor reference has 1 to 21 letters or digits after its check digits")]
    Body,
    #[error("the check digits of the creditor reference do not match")]
    Check,
}

impl CreditorReference {
    /// The reference for a body of 1 to 21 letters and digits (any case).
    pub fn from_body(body: &str) -> Result<CreditorReference, RfError> {
        let body = body.to_ascii_uppercase();
        if body.is_empty()
            || body.len() > BODY_MAX
            || !body.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return Err(RfError::Body);
        }
        let check = 98 - mod97(&format!("{body}RF00"));
        Ok(CreditorReference(format!("RF{check:02}{body}")))
    }

    /// The reference that names a project: its code when that is 21 letters and digits or
    /// fewer (codes are unique, so references are); otherwise the code's first letters and
    /// digits followed by four characters of its SHA-256, which keeps references of codes that
    /// read alike after shortening (`TREES-2026`, `TREES2026`) apart.
    pub fn for_project(code: &str) -> CreditorReference {
        let code = code.trim().to_ascii_uppercase();
        let plain: String = code.chars().filter(char::is_ascii_alphanumeric).collect();
        let body = if plain == code && !plain.is_empty() && plain.len() <= BODY_MAX {
            plain
        } else {
            let tag = tag(&code, TAG_LEN);
            let head: String = plain.chars().take(BODY_MAX - TAG_LEN).collect();
            format!("{head}{tag}")
        };
        CreditorReference::from_body(&body).expect("letters and digits, at most 21")
    }

    /// The reference that names a member, and with `project` a member's gift to that project:
    /// the project's body shortened to leave room, `M`, and the member's token
    /// ([`CreditorReference::member_token`]). Without a project the gift is for the general
    /// fund. Two members or projects that shorten alike would share a reference; whoever
    /// matches transfers must treat a reference that names two things as naming none.
    pub fn for_member(project: Option<&str>, member_token: &str) -> CreditorReference {
        let tail = format!("M{member_token}");
        let head = match project {
            Some(code) => {
                let project = CreditorReference::for_project(code);
                let room = BODY_MAX.saturating_sub(tail.len());
                project.0[4..].chars().take(room).collect()
            }
            None => String::new(),
        };
        CreditorReference::from_body(&format!("{head}{tail}"))
            .expect("a member token is at most 8 letters and digits")
    }

    /// A member's part of a reference: their number when it is 1 to 8 letters and digits,
    /// else 7 characters derived from their id.
    pub fn member_token(number: Option<&str>, id: &str) -> String {
        match number.map(str::trim) {
            Some(n)
                if (1..=8).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_alphanumeric()) =>
            {
                n.to_ascii_uppercase()
            }
            _ => format!("X{}", tag(id, 6)),
        }
    }

    /// Reads a reference as printed or typed: spaces are ignored, any case.
    pub fn parse(text: &str) -> Result<CreditorReference, RfError> {
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let (Some("RF"), Some(digits)) = (compact.get(..2), compact.get(2..4)) else {
            return Err(RfError::Prefix);
        };
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(RfError::Prefix);
        }
        let body = &compact[4..];
        if body.is_empty()
            || body.len() > BODY_MAX
            || !body.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return Err(RfError::Body);
        }
        if mod97(&format!("{body}RF{digits}")) != 1 {
            return Err(RfError::Check);
        }
        Ok(CreditorReference(compact))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this reference is in a remittance text as banks pass it on: split by spaces
    /// or line breaks, in any case, with other words around it. Transfers are matched by
    /// looking for the references the file knows, never by picking whatever follows "RF" and
    /// passes the check: a short reading passes it by chance about once in 97.
    pub fn is_in(&self, remittance: &str) -> bool {
        compact(remittance).contains(&self.0)
    }

    /// In groups of four, as references are printed for people to type.
    pub fn grouped(&self) -> String {
        commonpot_core::payment::in_fours(&self.0)
    }
}

impl fmt::Display for CreditorReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `len` letters and digits derived from the SHA-256 of `text`.
fn tag(text: &str, len: usize) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .take(len)
        .map(|b| char::from(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[usize::from(*b) % 36]))
        .collect()
}

/// The references of `known` found in a remittance text as banks pass it on (split by
/// spaces or line breaks, any case, among other words), each once, in the order they appear.
/// At each "RF" the longest known reference that starts there is taken.
pub fn find_known<'k, T>(text: &str, known: &'k HashMap<String, T>) -> Vec<(&'k str, &'k T)> {
    let compact = compact(text);
    let bytes = compact.as_bytes();
    let mut found: Vec<(&'k str, &'k T)> = Vec::new();
    let shortest = 5;
    let longest = 4 + BODY_MAX;
    for start in 0..bytes.len().saturating_sub(shortest - 1) {
        if &bytes[start..start + 2] != b"RF" {
            continue;
        }
        let end_max = (start + longest).min(bytes.len());
        for end in (start + shortest..=end_max).rev() {
            let Some(candidate) = compact.get(start..end) else {
                continue;
            };
            if let Some((key, value)) = known.get_key_value(candidate) {
                if !found.iter().any(|(k, _)| *k == key.as_str()) {
                    found.push((key.as_str(), value));
                }
                break;
            }
        }
    }
    found
}

/// Upper case without whitespace: how a reference is looked for in a remittance text.
fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The remainder modulo 97 of the number written by replacing each letter with 10..35.
fn mod97(text: &str) -> u32 {
    text.chars().fold(0u32, |acc, c| {
        let v = c.to_digit(36).expect("letters and digits");
        if v >= 10 {
            (acc * 100 + v) % 97
        } else {
            (acc * 10 + v) % 97
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A reference as a bank may pass it on: split at `cuts` by spaces or line breaks, maybe
    /// in lower case.
    fn mangle(r: &CreditorReference, mut cuts: Vec<(usize, &str)>, lower: bool) -> String {
        let mut text = r.as_str().to_string();
        cuts.sort_by_key(|c| std::cmp::Reverse(c.0));
        for (at, sep) in cuts {
            let at = at.min(text.len());
            text.insert_str(at, sep);
        }
        if lower { text.to_lowercase() } else { text }
    }

    #[test]
    fn the_standard_example_checks() {
        // The example of ISO 11649 and of the EPC's guidance.
        assert_eq!(
            CreditorReference::from_body("539007547034")
                .unwrap()
                .as_str(),
            "RF18539007547034"
        );
        assert!(CreditorReference::parse("RF18 5390 0754 7034").is_ok());
        assert_eq!(
            CreditorReference::parse("RF19 5390 0754 7034"),
            Err(RfError::Check)
        );
        assert_eq!(
            CreditorReference::parse("RX18539007547034"),
            Err(RfError::Prefix)
        );
        assert_eq!(CreditorReference::parse("RF18"), Err(RfError::Body));
        assert_eq!(
            CreditorReference::from_body(&"A".repeat(22)),
            Err(RfError::Body)
        );
        assert_eq!(CreditorReference::from_body("A-B"), Err(RfError::Body));
    }

    #[test]
    fn a_short_plain_code_is_its_own_body() {
        let r = CreditorReference::for_project("playground");
        assert!(r.as_str().ends_with("PLAYGROUND"));
        assert_eq!(r.grouped(), format!("{} PLAY GROU ND", &r.as_str()[..4]));
    }

    #[test]
    fn codes_that_read_alike_get_different_references() {
        let a = CreditorReference::for_project("TREES-2026");
        let b = CreditorReference::for_project("TREES2026");
        let c = CreditorReference::for_project("TREES-20-26");
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert!(a.as_str().starts_with("RF") && a.as_str()[4..].starts_with("TREES2026"));
        let long = CreditorReference::for_project("A-VERY-LONG-PROJECT-CODE");
        assert_eq!(long.as_str().len(), 4 + BODY_MAX);
    }

    #[test]
    fn references_are_found_in_what_banks_make_of_remittance_texts() {
        let trees = CreditorReference::for_project("TREES");
        for text in [
            "RF70TREES",
            "Spende rf70trees danke",
            "SVWZ+RF70 TREE\nS",
            "Spende RF70 TREES für die Bäume",
        ] {
            assert!(trees.is_in(text), "{text}");
        }
        assert!(!trees.is_in("RF71TREES"));
        assert!(!trees.is_in("RF70 TRE"));
    }

    #[test]
    fn member_references_name_the_member_and_optionally_the_project() {
        let token = CreditorReference::member_token(Some("42"), "x");
        assert_eq!(token, "42");
        let alone = CreditorReference::for_member(None, &token);
        assert!(alone.as_str().ends_with("M42"));
        let trees = CreditorReference::for_member(Some("TREES"), &token);
        assert!(trees.as_str().ends_with("TREESM42"));
        let long = CreditorReference::for_member(Some("A-VERY-LONG-PROJECT-CODE"), &token);
        assert_eq!(long.as_str().len(), 4 + BODY_MAX);
        let unnumbered =
            CreditorReference::member_token(None, "0190a0b0-0000-7000-8000-000000000001");
        assert_eq!(unnumbered.len(), 7);
        assert!(unnumbered.starts_with('X'));
        assert_eq!(
            CreditorReference::member_token(Some("2026-17"), "id").len(),
            7
        );
    }

    #[test]
    fn the_longest_known_reference_at_each_rf_is_found_once() {
        let trees = CreditorReference::for_project("TREES");
        let with_member = CreditorReference::for_member(Some("TREES"), "42");
        let known: HashMap<String, u8> = [(trees.to_string(), 1), (with_member.to_string(), 2)]
            .into_iter()
            .collect();
        let text = format!(
            "Spende {} und nochmal {}",
            with_member.grouped().to_lowercase(),
            with_member
        );
        let found: Vec<u8> = find_known(&text, &known)
            .into_iter()
            .map(|(_, v)| *v)
            .collect();
        assert_eq!(found, vec![2]);
        let both = format!("{trees} {with_member}");
        assert_eq!(find_known(&both, &known).len(), 2);
        assert!(find_known("RF70TREE", &known).is_empty());
        assert!(find_known("RFRF", &known).is_empty());
    }

    proptest! {
        /// A member's reference, with or without a project, parses back and is found in
        /// whatever a bank makes of the remittance text.
        #[test]
        fn member_references_survive_bank_mangling(
            code in proptest::option::of("[A-Z][A-Z0-9-]{1,23}"),
            number in proptest::option::of("[0-9A-Za-z-]{1,12}"),
            id in "[0-9a-f-]{36}",
            cuts in proptest::collection::vec((0usize..25, prop_oneof![Just(" "), Just("\n"), Just("\r\n")]), 0..4),
            lower in any::<bool>(),
        ) {
            let token = CreditorReference::member_token(number.as_deref(), &id);
            let r = CreditorReference::for_member(code.as_deref(), &token);
            prop_assert_eq!(CreditorReference::parse(&r.grouped()).unwrap(), r.clone());
            let text = mangle(&r, cuts, lower);
            let known: HashMap<String, ()> = [(r.to_string(), ())].into_iter().collect();
            prop_assert_eq!(find_known(&format!("Spende {text} danke"), &known).len(), 1);
        }

        /// A reference survives what banks do to remittance text: split anywhere by spaces or
        /// line breaks, lower case, words before and after.
        #[test]
        fn references_survive_bank_mangling(
            code in "[A-Z][A-Z0-9-]{1,23}",
            cuts in proptest::collection::vec((0usize..25, prop_oneof![Just(" "), Just("\n"), Just("  "), Just("\r\n")]), 0..4),
            lower in any::<bool>(),
            before in "[a-zäöü ]{0,12}",
            after in "[ ][a-zäöü ]{0,12}",
        ) {
            let r = CreditorReference::for_project(&code);
            let text = mangle(&r, cuts, lower);
            let text = format!("{before}{text}{after}");
            prop_assert!(r.is_in(&text), "{}", text);
        }

        #[test]
        fn every_project_reference_parses_back(code in "[A-Z][A-Z0-9-]{1,23}") {
            let r = CreditorReference::for_project(&code);
            prop_assert_eq!(CreditorReference::parse(&r.grouped()).unwrap(), r.clone());
            prop_assert_eq!(CreditorReference::for_project(&code.to_lowercase()), r);
        }

        #[test]
        /// A letter typed for another letter, or a digit for another digit, is always
        /// caught: the change is a multiple of a power of ten smaller than 97 times it.
        fn one_mistyped_character_is_caught(body in "[A-Z0-9]{1,21}", pos in 0usize..21, letter in "[A-Z]", digit in "[0-9]") {
            let r = CreditorReference::from_body(&body).unwrap();
            let mut s: Vec<char> = r.as_str().chars().collect();
            let i = 4 + pos % body.len();
            let w = if s[i].is_ascii_digit() { digit } else { letter }.chars().next().unwrap();
            prop_assume!(s[i] != w);
            s[i] = w;
            let changed: String = s.into_iter().collect();
            prop_assert_eq!(CreditorReference::parse(&changed), Err(RfError::Check));
        }
    }
}
