//! Counterparty names as banks write them, compared with the names of members: "NOWAK, JANA",
//! "Jana Nowak" and "Frau Jana Nowak" are the same name; "Jana Nowak-Berg" or "Jana Nowack" is
//! a near one, which a person must confirm.

use deunicode::deunicode;

/// Words that are not part of a person's name.
const TITLES: &[&str] = &[
    "herr", "frau", "hr", "fr", "dr", "prof", "mr", "mrs", "ms", "und", "u",
];

/// The name's words without accents, case, punctuation or titles, in alphabetical order.
pub fn normalize(name: &str) -> String {
    // "ü" and "ue" are one letter to a German bank: both become "u".
    let plain = deunicode(name)
        .to_lowercase()
        .replace("ae", "a")
        .replace("oe", "o")
        .replace("ue", "u");
    let mut words: Vec<&str> = plain
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !TITLES.contains(w))
        .collect();
    words.sort_unstable();
    words.join(" ")
}

/// How two names, both [`normalize`]d, compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Likeness {
    Same,
    /// One or two letters apart, or one name is the other with a word more.
    Near,
    Different,
}

pub fn compare(a: &str, b: &str) -> Likeness {
    if a.is_empty() || b.is_empty() {
        return Likeness::Different;
    }
    if a == b {
        return Likeness::Same;
    }
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    let (short, long) = if wa.len() <= wb.len() {
        (&wa, &wb)
    } else {
        (&wb, &wa)
    };
    if short.len() >= 2 && long.len() == short.len() + 1 && short.iter().all(|w| long.contains(w)) {
        return Likeness::Near;
    }
    if a.len().min(b.len()) >= 6 && edit_distance(a, b) <= 2 {
        return Likeness::Near;
    }
    Likeness::Different
}

/// Levenshtein distance, by bytes (names are ASCII once normalized).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn banks_spellings_of_one_name_are_the_same() {
        let member = normalize("Jana Nowák");
        for bank in [
            "NOWAK, JANA",
            "Jana Nowak",
            "Frau Jana Nowak",
            "nowak jana",
            "Jana Nowak",
        ] {
            assert_eq!(compare(&normalize(bank), &member), Likeness::Same, "{bank}");
        }
    }

    #[test]
    fn umlauts_and_their_spelling_out_are_one() {
        assert_eq!(normalize("Zoë Müller"), normalize("MUELLER, ZOE"));
        assert_eq!(normalize("Jürgen Groß"), normalize("Juergen Gross"));
    }

    #[test]
    fn near_names_are_told_apart_from_the_same() {
        let member = normalize("Jana Nowak");
        assert_eq!(compare(&normalize("Jana Nowack"), &member), Likeness::Near);
        assert_eq!(
            compare(&normalize("Jana Nowak-Berg"), &member),
            Likeness::Near
        );
        assert_eq!(compare(&normalize("Jan Nowak"), &member), Likeness::Near);
        assert_eq!(
            compare(&normalize("Piotr Kowalski"), &member),
            Likeness::Different
        );
        assert_eq!(compare(&normalize("Nowak"), &member), Likeness::Different);
        assert_eq!(compare("", ""), Likeness::Different);
    }
}
