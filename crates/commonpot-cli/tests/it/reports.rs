//! Printed documents through the command, read back the way a member or a scanner reads them:
//! text extracted with `pdftotext`, files checked with `qpdf --check`, pages rendered with
//! `pdftoppm` and the payment code decoded with `zbarimg`. Snapshots of each document's text
//! (with the digest and ids masked; the scenarios run on a fixed clock) catch unintended changes to what is printed.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{Books, day};

/// Runs a tool of poppler-utils, qpdf or zbar-tools; `cargo xtask test` installs them.
fn tool(program: &str, args: &[&str]) -> std::process::Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} is needed for this test (apt-get install poppler-utils qpdf zbar-tools; `cargo xtask test` does it): {e}"))
}

pub(crate) fn text(pdf: &Path) -> String {
    let out = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8(out.stdout).expect("pdftotext writes UTF-8")
}

fn pages(pdf: &Path) -> Vec<String> {
    text(pdf)
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(str::to_string)
        .collect()
}

fn info(pdf: &Path) -> String {
    String::from_utf8(tool("pdfinfo", &[pdf.to_str().unwrap()]).stdout).unwrap()
}

#[track_caller]
pub(crate) fn qpdf_check(pdf: &Path) {
    let out = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "qpdf --check {}: {}{}",
        pdf.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The QR code on a page rendered at 150 dpi, as zbarimg decodes it.
fn qr_codes(pdf: &Path, page: usize) -> Vec<String> {
    let prefix = pdf.with_extension(format!("p{page}"));
    let p = page.to_string();
    let out = tool(
        "pdftoppm",
        &[
            "-r",
            "150",
            "-f",
            &p,
            "-l",
            &p,
            "-png",
            "-singlefile",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    let png = PathBuf::from(format!("{}.png", prefix.display()));
    let out = tool(
        "zbarimg",
        &["--raw", "-q", "-Sbinary", png.to_str().unwrap()],
    );
    // With -Sbinary zbarimg writes the code's bytes as they are; a page has one code at most.
    let raw = String::from_utf8(out.stdout).expect("the payload is UTF-8");
    if raw.is_empty() { vec![] } else { vec![raw] }
}

/// Seven members whose names use Latin with diacritics, Polish, Greek, Cyrillic and Hangul;
/// gifts in 2025 to TREES from all of them and to BENCH from three; an expense; a closed
/// motion; an open cash collection with two gifts; bank details for payment codes.
fn statement_books() -> (Books, String, String) {
    let b = Books::with_members_and_projects();
    for (name, number) in [
        ("Łucja Wójcik-Żak", "M3"),
        ("Ζωή Παπαδοπούλου", "M4"),
        ("Ольга Кузнецова", "M5"),
        ("Jonas Berg", "M6"),
        ("Amélie Dupré", "M7"),
    ] {
        b.run(&[
            "member",
            "add",
            "--name",
            name,
            "--number",
            number,
            "--joined",
            "2024-01-01",
        ])
        .ok();
    }
    b.run(&[
        "association",
        "set",
        "--iban",
        "DE89 3704 0044 0532 0130 00",
        "--bic",
        "GENODEF1S04",
        "--creditor",
        "Nachbarschaftsverein Südstadt e. V.",
        "--receipt-text",
        "Wir bestätigen, dass die Beiträge ausschließlich für die satzungsgemäßen Zwecke des Vereins verwendet werden.",
    ])
    .ok();
    let gifts = [
        ("M1", "TREES", "50,00", "transfer", "2025-03-04"),
        ("M2", "TREES", "20,00", "cash", "2025-03-15"),
        ("M3", "TREES", "35,00", "transfer", "2025-03-20"),
        ("M4", "TREES", "12,50", "cash", "2025-04-02"),
        ("M5", "TREES", "40,00", "card", "2025-04-18"),
        ("M6", "TREES", "25,00", "transfer", "2025-04-30"),
        ("M7", "TREES", "60,00", "transfer", "2025-05-05"),
        ("M1", "TREES", "30,00", "transfer", "2025-05-09"),
        ("M1", "BENCH", "17,00", "cash", "2025-06-01"),
        ("M2", "BENCH", "23,00", "transfer", "2025-06-02"),
        ("M3", "BENCH", "31,00", "transfer", "2025-07-03"),
        ("M4", "general", "8,00", "cash", "2025-07-04"),
    ];
    for (member, project, amount, channel, received) in gifts {
        b.run(&[
            "contribute",
            "--member",
            member,
            "--project",
            project,
            "--amount",
            amount,
            "--channel",
            channel,
            "--received",
            received,
        ])
        .ok();
    }
    b.run(&[
        "expense",
        "add",
        "--project",
        "TREES",
        "--amount",
        "120,00",
        "--payee",
        "Baumschule Grünwald",
        "--paid",
        "2025-06-10",
        "--note",
        "Watering bags",
    ])
    .ok();
    let decision = b
        .run(&[
            "decision",
            "create",
            "--title",
            "Plant the trees in autumn?",
            "--method",
            "motion",
        ])
        .ok()
        .lines()
        .last()
        .unwrap()
        .split_whitespace()
        .last()
        .unwrap()
        .to_string();
    b.run(&["decision", "open", &decision, "--at", "2025-09-01T10:00"])
        .ok();
    for (m, choice) in [("M1", "--yes"), ("M2", "--yes"), ("M3", "--no")] {
        b.run(&[
            "ballot",
            "cast",
            "--decision",
            &decision,
            "--member",
            m,
            choice,
        ])
        .ok();
    }
    b.run(&["decision", "close", &decision]).ok();
    let collection = b
        .run(&[
            "collection",
            "open",
            "--collector",
            "M2",
            "--place",
            "Stall am Lindenplatz",
            "--project",
            "TREES",
        ])
        .ok();
    let collection = collection.split_whitespace().last().unwrap().to_string();
    b.run(&[
        "contribute",
        "--collection",
        &collection,
        "--amount",
        "5,00",
        "--channel",
        "cash",
        "--project",
        "TREES",
    ])
    .ok();
    b.run(&[
        "contribute",
        "--collection",
        &collection,
        "--amount",
        "7,50",
        "--channel",
        "cash",
        "--project",
        "TREES",
        "--member",
        "M5",
    ])
    .ok();
    (b, decision, collection)
}

const NAMES: [&str; 7] = [
    "Zoë Müller",
    "김민준",
    "Łucja Wójcik-Żak",
    "Ζωή Παπαδοπούλου",
    "Ольга Кузнецова",
    "Jonas Berg",
    "Amélie Dupré",
];
/// The generation time printed on every page: the evening of the scenarios' day.
const AT: &str = "2026-12-01T18:00";

fn report(b: &Books, args: &[&str], out: &str) -> PathBuf {
    let path = b.path(out);
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--out", path.to_str().unwrap(), "--generated-at", AT]);
    let said = b.run(&all).ok();
    assert!(said.starts_with("wrote "), "{said}");
    qpdf_check(&path);
    // Kept for people to look at: test-output/reports/ in the workspace.
    let keep = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../test-output/reports");
    std::fs::create_dir_all(&keep).unwrap();
    std::fs::copy(&path, keep.join(out)).unwrap();
    path
}

/// Masks what changes from run to run: the digest and ids (random in their last bits); and
/// collapses runs of spaces, which `pdftotext -layout` varies with the width of the digest.
/// Dates and times are not masked: the scenarios run on a fixed clock.
fn normalised(text: &str, b: &Books, ids: &[&str]) -> String {
    let mut t = text.replace(&b.digest(), "<digest>");
    for id in ids {
        t = t.replace(&id[..8], "<id>");
    }
    t.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Compares with `tests/snapshots/NAME.txt`; `COMMONPOT_UPDATE_SNAPSHOTS=1` writes it instead.
#[track_caller]
fn snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.txt"));
    if std::env::var_os("COMMONPOT_UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no snapshot {}; run with COMMONPOT_UPDATE_SNAPSHOTS=1 and look at it",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or(0);
        panic!(
            "{name} differs from its snapshot from line {}:\n expected: {:?}\n   actual: {:?}\n(COMMONPOT_UPDATE_SNAPSHOTS=1 rewrites it; look at the change first)",
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first)
        );
    }
}

#[test]
fn the_meeting_statement_adds_up_and_names_its_digest_on_every_page() {
    let (b, decision, collection) = statement_books();
    let pdf = report(
        &b,
        &["meeting", "--from", "2025-01-01", "--to", &day(0)],
        "meeting.pdf",
    );
    let t = text(&pdf);
    // 12 gifts of 351,50 plus 12,50 in the open collection; one expense of 120,00.
    for line in [
        "Bestand zu Beginn",
        "Einnahmen",
        "Ausgaben",
        "Bestand am Ende",
    ] {
        assert!(t.contains(line), "{line} missing:\n{t}");
    }
    let figure = |label: &str| {
        t.lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap()
            .split_whitespace()
            .rev()
            .take(2)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(figure("Bestand zu Beginn"), "0,00 €");
    assert_eq!(figure("Einnahmen"), "364,00 €");
    assert_eq!(figure("Ausgaben"), "120,00 €");
    assert_eq!(figure("Bestand am Ende"), "244,00 €");
    assert!(
        t.contains("Plant the trees in autumn?") && t.contains("Angenommen"),
        "the closed motion and its result"
    );
    assert!(t.contains("Stall am Lindenplatz"), "the open collection");
    assert!(t.contains("Baumschule Grünwald"), "the expense");
    let all = pages(&pdf);
    let n = all.len();
    let digest = b.digest();
    let entries = b.summary()["entry_count"].as_u64().unwrap();
    for (i, page) in all.iter().enumerate() {
        assert!(
            page.contains(&format!("Seite {} von {n}", i + 1)),
            "page {} numbering:\n{page}",
            i + 1
        );
        assert!(page.contains(&digest), "page {} carries the digest", i + 1);
        assert!(
            page.contains(&format!("Journal mit {entries} Buchungen")),
            "page {} carries the entry count",
            i + 1
        );
        assert!(page.contains("Erstellt 01.12.2026 18:00 UTC"));
    }
    assert!(info(&pdf).contains("595.28 x 841.89"), "A4 by default");
    snapshot("meeting", &normalised(&t, &b, &[&decision, &collection]));

    // The same books and generation time give the same bytes; US Letter is letter-sized.
    let again = report(
        &b,
        &["meeting", "--from", "2025-01-01", "--to", &day(0)],
        "meeting-again.pdf",
    );
    assert!(
        std::fs::read(&pdf).unwrap() == std::fs::read(&again).unwrap(),
        "deterministic bytes"
    );
    let letter = report(
        &b,
        &[
            "meeting",
            "--from",
            "2025-01-01",
            "--to",
            &day(0),
            "--paper",
            "letter",
        ],
        "letter.pdf",
    );
    assert!(info(&letter).contains("612 x 792"), "{}", info(&letter));
}

#[test]
fn names_in_every_script_print_and_extract() {
    let (b, decision, collection) = statement_books();
    for (number, name) in ["M1", "M2", "M3", "M4", "M5", "M6", "M7"].iter().zip(NAMES) {
        let pdf = report(
            &b,
            &["member", number, "--year", "2025"],
            &format!("member-{number}.pdf"),
        );
        let t = text(&pdf);
        assert!(t.contains(name), "{name} on their statement:\n{t}");
        assert!(t.contains("Beitragsbescheinigung 2025"));
        if *number == "M1" {
            assert!(
                t.contains("97,00 €"),
                "50 + 30 to TREES and 17 to BENCH:\n{t}"
            );
            assert!(
                t.contains("satzungsgemäßen Zwecke") && t.contains("Unterschrift für Lindenhof"),
                "the receipt text and signature line"
            );
            snapshot("member", &normalised(&t, &b, &[&decision, &collection]));
        }
    }
    let sheet = report(&b, &["cash-sheet", &collection], "sheet.pdf");
    let t = text(&sheet);
    assert!(
        t.contains("Ольга Кузнецова") && t.contains("anonym") && t.contains("김민준"),
        "givers and collector:\n{t}"
    );
    assert!(
        t.contains("noch offen"),
        "an open collection's sheet is blank to count on"
    );
    snapshot("cash-sheet", &normalised(&t, &b, &[&decision, &collection]));
}

#[test]
fn the_payment_code_decodes_to_the_exact_epc_payload() {
    let (b, decision, collection) = statement_books();
    let pdf = report(&b, &["project", "TREES"], "trees.pdf");
    let expected = "BCD\n002\n1\nSCT\nGENODEF1S04\nNachbarschaftsverein Südstadt e. V.\nDE89370400440532013000\n\n\nRF70TREES";
    let last = pages(&pdf).len();
    let codes: Vec<String> = (1..=last).flat_map(|p| qr_codes(&pdf, p)).collect();
    assert_eq!(codes, [expected], "one payment code on the statement");
    let t = text(&pdf);
    assert!(
        t.contains("RF70 TREE S") && t.contains("DE89 3704 0044 0532 0130 00"),
        "reference and IBAN typed out"
    );
    snapshot("project", &normalised(&t, &b, &[&decision, &collection]));

    let poster = report(&b, &["poster", "TREES"], "poster.pdf");
    assert_eq!(qr_codes(&poster, 1), [expected]);
    let t = text(&poster);
    assert!(t.contains("Ziel 4.500,00 €"), "{t}");
    snapshot("poster", &normalised(&t, &b, &[&decision, &collection]));

    // Without an IBAN there is no code, and the statement says why.
    b.run(&["association", "set", "--iban", ""]).ok();
    let pdf = report(&b, &["project", "TREES"], "trees-no-iban.pdf");
    assert!(text(&pdf).contains("IBAN des Vereins ist nicht eingetragen"));
    assert!(qr_codes(&pdf, pages(&pdf).len()).is_empty());
}

#[test]
fn a_public_statement_reveals_nothing_about_three_givers() {
    let (b, ..) = statement_books();
    let pdf = report(&b, &["project", "BENCH"], "bench.pdf");
    let t = text(&pdf);
    // BENCH had three givers: 17, 23 and 31 (71 in all). No figure from which any of them,
    // or their sum, can be read is printed; nor is their number.
    for amount in [
        "17,00", "23,00", "31,00", "71,00", "40,00", "48,00", "54,00",
    ] {
        assert!(
            !t.contains(amount),
            "{amount} is printed on a public statement:\n{t}"
        );
    }
    assert!(t.contains("nicht gezeigt (weniger als 5 Gebende)"), "{t}");
    assert!(
        !t.lines()
            .any(|l| l.trim_start().starts_with("Gebende") && l.trim_end().ends_with(" 3")),
        "no count of 3:\n{t}"
    );
    assert!(
        !t.contains('%'),
        "no progress that gives away the sum:\n{t}"
    );
    // No member's name on any public document.
    let trees = report(&b, &["project", "TREES"], "trees.pdf");
    let posters = [
        report(&b, &["poster", "TREES"], "p1.pdf"),
        report(&b, &["poster", "BENCH"], "p2.pdf"),
    ];
    for doc in [&pdf, &trees, &posters[0], &posters[1]] {
        let t = text(doc);
        for name in NAMES {
            assert!(!t.contains(name), "{name} on public {}", doc.display());
        }
    }
}

#[test]
fn long_tables_repeat_their_header_and_keep_the_total_with_rows() {
    let b = Books::with_members_and_projects();
    for i in 0..240 {
        let received = format!("2025-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
        b.run(&[
            "contribute",
            "--member",
            "M1",
            "--project",
            "TREES",
            "--amount",
            "1,00",
            "--channel",
            "transfer",
            "--received",
            &received,
        ])
        .ok();
    }
    let pdf = report(&b, &["member", "M1", "--year", "2025"], "long.pdf");
    let all = pages(&pdf);
    assert!(
        all.len() >= 4,
        "240 rows take several pages, got {}",
        all.len()
    );
    for (i, page) in all.iter().enumerate().skip(1) {
        if page.contains("Datum") || i + 1 < all.len() {
            assert!(
                page.lines()
                    .any(|l| l.contains("Datum") && l.contains("Betrag")),
                "page {} repeats the header:\n{page}",
                i + 1
            );
        }
    }
    let with_total = all
        .iter()
        .find(|p| p.lines().any(|l| l.trim_start().starts_with("Summe")))
        .expect("a total");
    let rows_before = with_total
        .lines()
        .take_while(|l| !l.trim_start().starts_with("Summe"))
        .filter(|l| l.contains("1,00 €"))
        .count();
    assert!(
        rows_before >= 2,
        "the total stands with at least two rows:\n{with_total}"
    );
    assert!(text(&pdf).contains("240,00 €"));
}

#[test]
fn ballots_are_numbered_with_cut_marks() {
    let (b, decision, collection) = statement_books();
    let pdf = report(&b, &["ballot", &decision, "--count", "7"], "ballots.pdf");
    let t = text(&pdf);
    for n in 1..=7 {
        assert!(t.contains(&format!("Nr. {n} von 7")), "ballot {n}:\n{t}");
    }
    assert!(t.matches("Plant the trees in autumn?").count() == 7);
    assert!(t.contains('✂'), "cut marks between ballots");
    assert!(pages(&pdf).len() < 7, "several ballots share a page");
    snapshot("ballots", &normalised(&t, &b, &[&decision, &collection]));
}

#[test]
fn bad_report_requests_are_refused_and_write_nothing() {
    let (b, decision, _) = statement_books();
    let out = b.path("never.pdf");
    let o = out.to_str().unwrap();
    b.run(&[
        "report",
        "meeting",
        "--from",
        "2025-02-01",
        "--to",
        "2025-01-01",
        "--out",
        o,
    ])
    .refused("before it starts");
    b.run(&[
        "report",
        "meeting",
        "--from",
        "2025-13-01",
        "--to",
        "2025-12-01",
        "--out",
        o,
    ])
    .refused("--from");
    b.run(&["report", "member", "M1", "--year", "25", "--out", o])
        .refused("is not a year");
    b.run(&["report", "member", "M99", "--year", "2025", "--out", o])
        .refused("no member");
    b.run(&["report", "project", "NOPE", "--out", o])
        .refused("no project");
    b.run(&["report", "poster", "general", "--out", o])
        .refused("general fund");
    b.run(&["report", "ballot", &decision, "--count", "0", "--out", o])
        .refused("1 to 1000");
    b.run(&[
        "report",
        "meeting",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--out",
        o,
        "--generated-at",
        "yesterday",
    ])
    .refused("--generated-at");
    let missing = b.path("no-such-folder/x.pdf");
    b.run(&[
        "report",
        "project",
        "TREES",
        "--out",
        missing.to_str().unwrap(),
    ])
    .refused("no-such-folder");
    assert!(!out.exists(), "nothing was written");
}

/// A word as `pdftotext -bbox` finds it: page number, page size, text and box.
type Word = (usize, (f32, f32), String, [f32; 4]);

/// Every word of `pdf`.
fn word_boxes(pdf: &Path) -> Vec<Word> {
    let out = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let html = String::from_utf8(out.stdout).unwrap();
    let attr = |tag: &str, name: &str| -> f32 {
        let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[start..].split('"').next().unwrap().parse().unwrap()
    };
    let mut words = Vec::new();
    let (mut page, mut size) = (0, (0.0, 0.0));
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            page += 1;
            size = (attr(line, "width"), attr(line, "height"));
        } else if line.starts_with("<word ") {
            let text = line
                .split('>')
                .nth(1)
                .unwrap_or("")
                .split('<')
                .next()
                .unwrap_or("");
            let b = ["xMin", "yMin", "xMax", "yMax"].map(|n| attr(line, n));
            words.push((page, size, text.to_string(), b));
        }
    }
    words
}

/// A 2,000-character project title, a 130-character name without a break and characters no
/// font has: every word stays on its page and no word is printed over another.
#[test]
fn long_titles_and_unbreakable_names_stay_on_the_page_and_off_each_other() {
    let b = Books::with_members_and_projects();
    let title: String = "Spielplatz am Lindenhof mit neuer Schaukel "
        .repeat(48)
        .chars()
        .take(2000)
        .collect::<String>()
        .trim()
        .to_string();
    b.run(&[
        "project", "add", "--title", &title, "--goal", "900", "--code", "LONG",
    ])
    .ok();
    let name = format!("Z{}", "x".repeat(129));
    b.run(&["member", "add", "--name", &name, "--number", "L1"])
        .ok();
    for (project, member, note) in [
        ("LONG", "L1", "Tee 🍵 vom Stand"),
        ("TREES", "L1", "gift"),
        ("LONG", "M1", "gift"),
    ] {
        b.run(&[
            "contribute",
            "--project",
            project,
            "--member",
            member,
            "--amount",
            "12",
            "--channel",
            "cash",
            &format!("--note={note}"),
        ])
        .ok();
    }
    let pdfs = [
        report(
            &b,
            &["meeting", "--from", "2025-01-01", "--to", &day(0)],
            "long-meeting.pdf",
        ),
        report(&b, &["project", "LONG"], "long-project.pdf"),
        report(&b, &["poster", "LONG"], "long-poster.pdf"),
        report(&b, &["member", "L1", "--year", "2026"], "long-member.pdf"),
    ];
    for pdf in &pdfs {
        let words = word_boxes(pdf);
        assert!(!words.is_empty(), "{}", pdf.display());
        for (page, (w, h), text, [x0, y0, x1, y1]) in &words {
            assert!(
                *x0 >= 0.0 && *x1 <= w - 10.0 && *y0 >= 0.0 && *y1 <= *h,
                "{}: page {page}: \"{text}\" at {x0}..{x1} × {y0}..{y1} leaves the {w} × {h} page",
                pdf.display()
            );
        }
        for (i, (p, _, a, ba)) in words.iter().enumerate() {
            for (q, _, c, bc) in &words[i + 1..] {
                let overlap_x = ba[2].min(bc[2]) - ba[0].max(bc[0]);
                let overlap_y = ba[3].min(bc[3]) - ba[1].max(bc[1]);
                assert!(
                    p != q || overlap_x <= 1.0 || overlap_y <= 1.0,
                    "{}: page {p}: \"{a}\" {ba:?} is printed over \"{c}\" {bc:?}",
                    pdf.display()
                );
            }
        }
    }
    let member = text(&pdfs[3]);
    assert!(
        member.contains("Zxxxxxxx"),
        "the name is printed, broken or shortened:\n{member}"
    );
    let meeting = text(&pdfs[0]);
    assert!(meeting.contains("Spielplatz am Lindenhof"), "{meeting}");
}
