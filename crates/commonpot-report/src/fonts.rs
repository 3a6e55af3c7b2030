//! The fonts every document embeds, and text split into runs by which font has its glyphs.
//!
//! DejaVu Sans covers Latin with its diacritics, Polish, Greek and Cyrillic; Nanum Square
//! covers Korean Hangul. printpdf does no font fallback, so each text is split into runs of
//! characters that one font can draw, and each run is measured and placed by itself. No
//! shaping is needed for these scripts.

use std::sync::OnceLock;

use printpdf::{FontId, ParsedFont, PdfDocument};

const DEJAVU: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
const DEJAVU_BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");
const NANUM: &[u8] = include_bytes!("../fonts/NanumSquareR.ttf");
const NANUM_BOLD: &[u8] = include_bytes!("../fonts/NanumSquareB.ttf");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// One of the four embedded faces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Face {
    Latin,
    LatinBold,
    Hangul,
    HangulBold,
}

impl Face {
    const ALL: [Face; 4] = [Face::Latin, Face::LatinBold, Face::Hangul, Face::HangulBold];

    fn bytes(self) -> &'static [u8] {
        match self {
            Face::Latin => DEJAVU,
            Face::LatinBold => DEJAVU_BOLD,
            Face::Hangul => NANUM,
            Face::HangulBold => NANUM_BOLD,
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The resource name in the PDF: fixed, so that documents are the same bytes each time.
    pub fn id(self) -> FontId {
        FontId(format!("F{}", self.index() + 1))
    }

    fn metrics(self) -> &'static Metrics {
        static METRICS: OnceLock<[Metrics; 4]> = OnceLock::new();
        &METRICS.get_or_init(|| Face::ALL.map(Metrics::load))[self.index()]
    }
}

/// What layout needs from a face: which characters it has and how wide they are.
struct Metrics {
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
    /// Advances of the first 256 characters (none where the face lacks one): most text of
    /// most associations, looked up without searching the font's character map.
    latin1: [Option<f32>; 256],
}

impl Metrics {
    fn load(face: Face) -> Metrics {
        let parsed = ttf_parser::Face::parse(face.bytes(), 0).expect("the embedded fonts parse");
        let mut m = Metrics {
            units_per_em: f32::from(parsed.units_per_em()),
            face: parsed,
            latin1: [None; 256],
        };
        for i in 0..=255u8 {
            let c = char::from(i);
            if m.face.glyph_index(c).is_some() {
                m.latin1[usize::from(i)] = Some(m.lookup_advance(c));
            }
        }
        m
    }

    fn has(&self, c: char) -> bool {
        match u8::try_from(u32::from(c)) {
            Ok(b) => self.latin1[usize::from(b)].is_some(),
            Err(_) => self.face.glyph_index(c).is_some(),
        }
    }

    fn advance(&self, c: char) -> f32 {
        match u8::try_from(u32::from(c)) {
            Ok(b) => self.latin1[usize::from(b)].unwrap_or_else(|| self.lookup_advance(c)),
            Err(_) => self.lookup_advance(c),
        }
    }

    fn lookup_advance(&self, c: char) -> f32 {
        self.face
            .glyph_index(c)
            .or_else(|| self.face.glyph_index('\u{FFFD}'))
            .and_then(|g| self.face.glyph_hor_advance(g))
            .map_or(0.5, |a| f32::from(a) / self.units_per_em)
    }
}

/// A piece of text that one face draws.
#[derive(Clone, Debug, PartialEq)]
pub struct Run<'a> {
    pub face: Face,
    pub text: std::borrow::Cow<'a, str>,
    /// Width at a size of 1 pt.
    pub width: f32,
}

/// What a character no face has is printed as: visibly, never as nothing.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Splits `text` into runs by glyph coverage: the Latin face where it has the character,
/// the Hangul face where only that one has it, and [`REPLACEMENT`] in the Latin face for a
/// character neither has (an emoji, a script the fonts do not cover).
pub fn runs(text: &str, weight: Weight) -> Vec<Run<'_>> {
    let (latin, hangul) = match weight {
        Weight::Regular => (Face::Latin, Face::Hangul),
        Weight::Bold => (Face::LatinBold, Face::HangulBold),
    };
    let mut out: Vec<Run<'_>> = Vec::new();
    let mut start = 0;
    let mut current: Option<Face> = None;
    let mut width = 0.0;
    fn flush<'a>(
        out: &mut Vec<Run<'a>>,
        text: &'a str,
        face: Option<Face>,
        span: (usize, usize),
        width: f32,
    ) {
        if let Some(f) = face.filter(|_| span.1 > span.0) {
            out.push(Run {
                face: f,
                text: std::borrow::Cow::Borrowed(&text[span.0..span.1]),
                width,
            });
        }
    }
    for (i, c) in text.char_indices() {
        let face = if latin.metrics().has(c) {
            latin
        } else if hangul.metrics().has(c) {
            hangul
        } else {
            flush(&mut out, text, current, (start, i), width);
            out.push(Run {
                face: latin,
                text: std::borrow::Cow::Owned(REPLACEMENT.to_string()),
                width: latin.metrics().advance(REPLACEMENT),
            });
            current = None;
            start = i + c.len_utf8();
            width = 0.0;
            continue;
        };
        if current != Some(face) {
            flush(&mut out, text, current, (start, i), width);
            current = Some(face);
            start = i;
            width = 0.0;
        }
        width += face.metrics().advance(c);
    }
    flush(&mut out, text, current, (start, text.len()), width);
    out
}

/// The width of `text` at `size` points.
pub fn width(text: &str, weight: Weight, size: f32) -> f32 {
    runs(text, weight).iter().map(|r| r.width).sum::<f32>() * size
}

/// Adds the four faces to a document under their fixed names. Unused glyphs are left out
/// when the document is saved (subsetting), so a statement in Latin script stays small.
pub fn embed(doc: &mut PdfDocument) {
    static PARSED: OnceLock<Vec<ParsedFont>> = OnceLock::new();
    let parsed = PARSED.get_or_init(|| {
        Face::ALL
            .iter()
            .map(|f| {
                ParsedFont::from_bytes(f.bytes(), 0, &mut Vec::new())
                    .expect("the embedded fonts parse")
            })
            .collect()
    });
    for (face, font) in Face::ALL.iter().zip(parsed) {
        doc.resources
            .fonts
            .map
            .insert(face.id(), printpdf::PdfFont::new(font.clone()));
    }
}

/// `text` cut to fit `max` points, ending in "…" when it had to be cut.
pub fn shorten(text: &str, weight: Weight, size: f32, max: f32) -> String {
    if width(text, weight, size) <= max {
        return text.to_string();
    }
    let mut t: String = text.to_string();
    while !t.is_empty() && width(&format!("{t}…"), weight, size) > max {
        t.pop();
    }
    format!("{}…", t.trim_end())
}

/// [`wrap`], keeping at most `lines` lines; the last one kept ends in "…" when text was left.
pub fn wrap_at_most(text: &str, weight: Weight, size: f32, max: f32, lines: usize) -> Vec<String> {
    let mut all = wrap(text, weight, size, max);
    if all.len() > lines {
        all.truncate(lines);
        if let Some(last) = all.last_mut() {
            *last = shorten(&format!("{last}…"), weight, size, max);
        }
    }
    all
}

/// Splits text into lines no wider than `max` points, breaking between words, and inside a
/// word only when the word alone is wider than a line.
pub fn wrap(text: &str, weight: Weight, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if width(&candidate, weight, size) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than the line is broken between characters.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if width(&piece, weight, size) > max && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line = piece;
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangul_goes_to_the_hangul_face_and_the_rest_to_dejavu() {
        let r = runs("Kim 김민준 Łódź", Weight::Regular);
        let faces: Vec<(Face, &str)> = r.iter().map(|r| (r.face, r.text.as_ref())).collect();
        assert_eq!(
            faces,
            [
                (Face::Latin, "Kim "),
                (Face::Hangul, "김민준"),
                (Face::Latin, " Łódź")
            ]
        );
        for text in ["Ζωή Παπαδοπούλου", "Ольга Кузнецова", "Zofia Wójcik-Żak"]
        {
            assert!(
                runs(text, Weight::Bold)
                    .iter()
                    .all(|r| r.face == Face::LatinBold),
                "{text}"
            );
        }
    }

    #[test]
    fn a_character_no_face_has_prints_as_the_replacement_glyph() {
        assert!(Face::Latin.metrics().has(REPLACEMENT), "DejaVu has U+FFFD");
        let r = runs("Tee 🍵 und 𓀀", Weight::Regular);
        let text: String = r.iter().map(|r| r.text.as_ref()).collect();
        assert_eq!(text, "Tee \u{FFFD} und \u{FFFD}");
        assert!(r.iter().all(|r| r.width > 0.0), "{r:?}");
    }

    #[test]
    fn lines_fit_their_width_and_keep_every_word() {
        let text = "Die Quittung gilt als Zuwendungsbestätigung im Sinne des Steuerrechts, sofern unterschrieben.";
        let lines = wrap(text, Weight::Regular, 10.0, 160.0);
        assert!(lines.len() > 2);
        assert!(
            lines
                .iter()
                .all(|l| width(l, Weight::Regular, 10.0) <= 160.0)
        );
        assert_eq!(lines.join(" "), text);
        let narrow = wrap("Zuwendungsbestätigung", Weight::Regular, 10.0, 40.0);
        assert!(
            narrow.len() > 2,
            "a word wider than the line is broken: {narrow:?}"
        );
        assert_eq!(narrow.concat(), "Zuwendungsbestätigung");
        assert_eq!(wrap("", Weight::Regular, 10.0, 50.0), [""]);
    }
}
