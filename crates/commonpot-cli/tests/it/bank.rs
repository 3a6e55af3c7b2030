//! Bank statements through the command, as a treasurer imports them: camt.053 files of two
//! schema versions that overlap, CSV exports in the shapes of three kinds of bank, the review
//! queue and its assignments, payment references and codes; malformed files refused whole,
//! naming line and element, with the books unchanged.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::Books;

const ACCOUNT: &str = "DE89370400440532013000";
const IBAN_JANA: &str = "DE44500105175407324931";
const IBAN_PIOTR: &str = "DE02120300000000202051";
const IBAN_STRANGER: &str = "DE75512108001245126199";

/// One entry of a generated statement.
struct Ntry<'a> {
    reference: &'a str,
    amount: &'a str,
    credit: bool,
    date: &'a str,
    /// (amount of a batch transaction or "", name, IBAN, unstructured text, structured ref)
    transactions: Vec<(&'a str, &'a str, &'a str, &'a str, &'a str)>,
}

fn tx<'a>(
    name: &'a str,
    iban: &'a str,
    text: &'a str,
    structured: &'a str,
) -> (&'a str, &'a str, &'a str, &'a str, &'a str) {
    ("", name, iban, text, structured)
}

/// A camt.053 document of `version` (2 or 8: version 8 wraps parties in `<Pty>`), one
/// statement with the given balances and entries, laid out as banks write them.
fn camt(
    version: u32,
    id: &str,
    opening: &str,
    closing: &str,
    closing_date: &str,
    entries: &[Ntry<'_>],
) -> String {
    let mut xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version:02}">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>{id}</MsgId><CreDtTm>2026-11-30T06:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>{id}</Id>
      <Acct><Id><IBAN>{ACCOUNT}</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>PRCD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{opening}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-10-31</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{closing}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{closing_date}</Dt></Dt></Bal>
"#
    );
    for e in entries {
        let indicator = if e.credit { "CRDT" } else { "DBIT" };
        let (party, account) = if e.credit {
            ("Dbtr", "DbtrAcct")
        } else {
            ("Cdtr", "CdtrAcct")
        };
        xml.push_str(&format!(
            "      <Ntry>\n        <Amt Ccy=\"EUR\">{}</Amt><CdtDbtInd>{indicator}</CdtDbtInd><Sts>BOOK</Sts>\n        <BookgDt><Dt>{}</Dt></BookgDt><ValDt><Dt>{}</Dt></ValDt>\n        <AcctSvcrRef>{}</AcctSvcrRef>\n        <BkTxCd/>\n",
            e.amount, e.date, e.date, e.reference
        ));
        if !e.credit {
            xml.push_str("        <Chrgs><Amt Ccy=\"EUR\">0.00</Amt></Chrgs>\n");
        }
        xml.push_str("        <NtryDtls>\n");
        if e.transactions.len() > 1 {
            xml.push_str(&format!(
                "          <Btch><NbOfTxs>{}</NbOfTxs></Btch>\n",
                e.transactions.len()
            ));
        }
        for (n, (amount, name, iban, text, structured)) in e.transactions.iter().enumerate() {
            xml.push_str(&format!(
                "          <TxDtls>\n            <Refs><AcctSvcrRef>{}-{n}</AcctSvcrRef><EndToEndId>NOTPROVIDED</EndToEndId></Refs>\n",
                e.reference
            ));
            if !amount.is_empty() {
                xml.push_str(&format!(
                    "            <AmtDtls><TxAmt><Amt Ccy=\"EUR\">{amount}</Amt></TxAmt></AmtDtls>\n"
                ));
            }
            let name = if version >= 8 {
                format!("<{party}><Pty><Nm>{name}</Nm></Pty></{party}>")
            } else {
                format!("<{party}><Nm>{name}</Nm></{party}>")
            };
            let account = if iban.is_empty() {
                String::new()
            } else {
                format!("<{account}><Id><IBAN>{iban}</IBAN></Id></{account}>")
            };
            xml.push_str(&format!(
                "            <RltdPties>{name}{account}</RltdPties>\n"
            ));
            xml.push_str("            <RmtInf>");
            for line in text.split('\n').filter(|l| !l.is_empty()) {
                xml.push_str(&format!("<Ustrd>{line}</Ustrd>"));
            }
            if !structured.is_empty() {
                xml.push_str(&format!(
                    "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>{structured}</Ref></CdtrRefInf></Strd>"
                ));
            }
            xml.push_str("</RmtInf>\n          </TxDtls>\n");
        }
        xml.push_str("        </NtryDtls>\n      </Ntry>\n");
    }
    xml.push_str("    </Stmt>\n  </BkToCstmrStmt>\n</Document>\n");
    xml
}

/// Members M1 Zoë Müller, M2 김민준, 42 Jana Nowak, 43 Jan Nowak (near Jana), 7 Piotr
/// Kowalski; projects TREES, BENCH and CAFE (cancelled); the association's account set.
fn association() -> Books {
    let b = Books::with_members_and_projects();
    for (name, number) in [
        ("Jana Nowak", "42"),
        ("Jan Nowak", "43"),
        ("Piotr Kowalski", "7"),
    ] {
        b.run(&["member", "add", "--name", name, "--number", number])
            .ok();
    }
    b.run(&[
        "project",
        "add",
        "--title",
        "Repair café",
        "--goal",
        "500",
        "--code",
        "CAFE",
    ])
    .ok();
    b.run(&["project", "status", "CAFE", "cancelled"]).ok();
    b.run(&[
        "association",
        "set",
        "--iban",
        ACCOUNT,
        "--bic",
        "COBADEFFXXX",
    ])
    .ok();
    b
}

fn write(b: &Books, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = b.path(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn reference(b: &Books, args: &[&str]) -> String {
    let mut all = vec!["reference"];
    all.extend_from_slice(args);
    b.run(&all).ok()
}

fn import(b: &Books, file: &Path, format: &[&str]) -> serde_json::Value {
    let mut args = vec!["bank", "import", file.to_str().unwrap()];
    args.extend_from_slice(format);
    args.push("--json");
    b.run(&args).json()
}

fn counts(report: &serde_json::Value) -> [u64; 4] {
    ["matched", "queued", "known", "refused"].map(|k| report[k].as_u64().unwrap())
}

fn raised(b: &Books, code: &str) -> String {
    let projects = b.run(&["project", "list", "--json"]).json();
    projects
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == code)
        .map(|p| p["raised"].as_str().unwrap().to_string())
        .unwrap()
}

fn queue(b: &Books) -> Vec<serde_json::Value> {
    b.run(&["bank", "queue", "--json"])
        .json()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn overlapping_camt_statements_match_queue_and_count_nothing_twice() {
    let b = association();
    let trees = reference(&b, &["TREES"]);
    let jana_trees = reference(&b, &["TREES", "--member", "42"]);
    let cafe = reference(&b, &["CAFE"]);
    assert!(
        trees.starts_with("RF") && trees.ends_with("TREES"),
        "{trees}"
    );
    assert!(jana_trees.ends_with("TREESM42"), "{jana_trees}");
    assert!(reference(&b, &["42"]).ends_with("M42"));
    // Printed in groups of four, typed in lower case and split over two lines by the bank.
    let grouped = b.run(&["reference", "TREES", "--json"]).json()["grouped"]
        .as_str()
        .unwrap()
        .to_lowercase();
    let (head, tail) = grouped.split_at(6);
    let mangled = format!("Spende {head}\n{tail} fuer die Baeume");

    // November 1–15, camt.053.001.02.
    let first = camt(
        2,
        "2026-11-A",
        "1000.00",
        "1040.00",
        "2026-11-15",
        &[
            Ntry {
                reference: "N1",
                amount: "25.00",
                credit: true,
                date: "2026-11-02",
                transactions: vec![tx("Zoe Mueller", "", &mangled, "")],
            },
            Ntry {
                reference: "N2",
                amount: "10.00",
                credit: true,
                date: "2026-11-03",
                transactions: vec![tx("Jana Nowak", IBAN_JANA, "Spende", &jana_trees)],
            },
            Ntry {
                reference: "N3",
                amount: "15.00",
                credit: true,
                date: "2026-11-04",
                transactions: vec![
                    (
                        "5.00",
                        "Kowalski, Piotr",
                        IBAN_PIOTR,
                        "Danke fuer alles",
                        "",
                    ),
                    ("10.00", "A. Passant", IBAN_STRANGER, "Danke", ""),
                ],
            },
            Ntry {
                reference: "N4",
                amount: "30.00",
                credit: false,
                date: "2026-11-10",
                transactions: vec![tx(
                    "Baumschule Grünwald",
                    IBAN_STRANGER,
                    "Rechnung 2026-117",
                    "",
                )],
            },
            Ntry {
                reference: "N5",
                amount: "20.00",
                credit: true,
                date: "2026-11-12",
                transactions: vec![tx("Zoë Müller", "", "", &cafe)],
            },
        ],
    );
    let first = write(&b, "november-a.xml", first);
    let before = b.digest();
    let dry = import(&b, &first, &["--camt", "--dry-run"]);
    assert_eq!(counts(&dry), [3, 3, 0, 0], "{dry}");
    assert_eq!(b.digest(), before, "a dry run saves nothing");
    assert!(queue(&b).is_empty());

    let report = import(&b, &first, &["--camt"]);
    assert_eq!(counts(&report), [3, 3, 0, 0], "{report}");
    let lines = report["lines"].as_array().unwrap();
    let why = |position: &str| {
        lines
            .iter()
            .find(|l| l["position"].as_str().unwrap().ends_with(position))
            .unwrap_or_else(|| panic!("{position} in {report}"))
            .clone()
    };
    assert_eq!(why("entry 1")["project"], "TREES");
    assert_eq!(why("entry 1")["why"], format!("reference {trees}"));
    assert_eq!(why("entry 2")["member"], "Jana Nowak");
    assert_eq!(why("entry 3, transaction 1")["member"], "Piotr Kowalski");
    assert!(
        why("entry 3, transaction 1")["why"]
            .as_str()
            .unwrap()
            .contains("member's name")
    );
    assert_eq!(why("entry 3, transaction 2")["matched"], false);
    assert!(why("entry 4")["why"].as_str().unwrap().contains("expense"));
    assert!(why("entry 5")["why"].as_str().unwrap().contains("CAFE"));
    assert_eq!(raised(&b, "TREES"), "35.00");

    // November 10–30, camt.053.001.08: entries 4 and 5 again, and two new transfers from
    // Jana's account (now known) and from a name only near a member's.
    let second = camt(
        8,
        "2026-11-B",
        "1050.00",
        "1060.00",
        "2026-11-30",
        &[
            Ntry {
                reference: "N4",
                amount: "30.00",
                credit: false,
                date: "2026-11-10",
                transactions: vec![tx(
                    "Baumschule Grünwald",
                    IBAN_STRANGER,
                    "Rechnung 2026-117",
                    "",
                )],
            },
            Ntry {
                reference: "N5",
                amount: "20.00",
                credit: true,
                date: "2026-11-12",
                transactions: vec![tx("Zoë Müller", "", "", &cafe)],
            },
            Ntry {
                reference: "N6",
                amount: "12.00",
                credit: true,
                date: "2026-11-20",
                transactions: vec![tx("J. Nowak", IBAN_JANA, "Dauerauftrag", "")],
            },
            Ntry {
                reference: "N7",
                amount: "8.00",
                credit: true,
                date: "2026-11-25",
                transactions: vec![tx("NOWAK, JANA", "DE12500105170648489890", "Spende", "")],
            },
        ],
    );
    let second = write(&b, "november-b.xml", second);
    let report = import(&b, &second, &["--camt"]);
    assert_eq!(counts(&report), [1, 1, 2, 0], "{report}");
    assert_eq!(
        raised(&b, "TREES"),
        "47.00",
        "the remembered account matched Jana's TREES"
    );
    // The same file again, and the first one again: all known.
    assert_eq!(counts(&import(&b, &second, &["--camt"])), [0, 0, 4, 0]);
    assert_eq!(counts(&import(&b, &first, &["--camt"])), [0, 0, 6, 0]);

    // The queue: the stranger's gift, the debit, the cancelled café's gift, the near name.
    let waiting = queue(&b);
    assert_eq!(waiting.len(), 4, "{waiting:?}");
    let line = |text: &str| {
        waiting
            .iter()
            .find(|l| l["why"].as_str().unwrap().contains(text))
            .unwrap_or_else(|| panic!("{text} in {waiting:?}"))["id"]
            .to_string()
    };
    let cafe_line = line("is cancelled");
    let (stranger, debit, near) = (
        line("no reference"),
        line("expense"),
        line("like a member's name"),
    );
    let near_line = waiting
        .iter()
        .find(|l| l["id"] == near.parse::<i64>().unwrap())
        .unwrap();
    assert_eq!(
        near_line["member"], "Jana Nowak",
        "the same name is suggested, the near one noted"
    );

    b.run(&["bank", "assign", &stranger, "--project", "BENCH"])
        .ok();
    b.run(&[
        "bank",
        "assign",
        &near,
        "--project",
        "TREES",
        "--member",
        "42",
    ])
    .ok();
    b.run(&["bank", "assign", &debit, "--project", "TREES"])
        .ok();
    b.run(&["bank", "assign", &debit, "--project", "TREES"])
        .refused("already entry");
    b.run(&["bank", "assign", &cafe_line, "--project", "CAFE"])
        .refused("cancelled");
    b.run(&["bank", "assign", "99999", "--project", "TREES"])
        .refused("no bank line 99999");
    assert_eq!(queue(&b).len(), 1);
    assert_eq!(raised(&b, "TREES"), "55.00");
    assert_eq!(raised(&b, "BENCH"), "10.00");

    // Undo by reversal: the line waits again and can be assigned anew.
    let ledger = b.run(&["ledger", "--project", "BENCH", "--json"]).json();
    let entry = ledger[0]["id"].as_str().unwrap().to_string();
    b.run(&["reverse", &entry, "--reason", "was for the trees"])
        .ok();
    let waiting = queue(&b);
    assert_eq!(waiting.len(), 2);
    assert!(
        waiting
            .iter()
            .any(|l| l["why"].as_str().unwrap().contains("reversed"))
    );
    let status = b.run(&["bank", "status", "--json"]).json();
    assert_eq!(
        (status["queued"].as_i64(), status["assigned"].as_i64()),
        (Some(2), Some(2)),
        "the line whose entry was reversed counts as waiting again"
    );
    b.run(&["bank", "assign", &stranger, "--project", "TREES"])
        .ok();
    assert_eq!(raised(&b, "TREES"), "65.00");

    let status = b.run(&["bank", "status", "--json"]).json();
    assert_eq!(status["accounts"][0]["account"], ACCOUNT);
    assert_eq!(status["accounts"][0]["balance"], "1060.00");
    assert_eq!(status["accounts"][0]["balance_text"], "1.060,00\u{a0}€");
    assert_eq!(status["queued"], 1);
    // `--json` gives amounts as plain decimals, the association's text beside them.
    let waiting = queue(&b);
    assert!(!waiting.is_empty());
    for line in &waiting {
        let value = line["amount"].as_str().unwrap();
        let plain = value.strip_prefix('-').unwrap_or(value);
        assert!(
            plain.split_once('.').is_some_and(|(units, cents)| {
                units.chars().all(|c| c.is_ascii_digit()) && cents.len() == 2
            }),
            "{line}"
        );
        assert_eq!(value.starts_with('-'), line["credit"] == false, "{line}");
        assert!(
            line["amount_text"].as_str().unwrap().ends_with('€'),
            "{line}"
        );
    }
    b.run(&["verify"]).ok();
}

/// A credit above the maximum single amount, with a reference that would match it, waits for a
/// person; assigning it is refused until the maximum allows it.
#[test]
fn a_credit_above_the_maximum_single_amount_is_queued_never_matched() {
    let b = association();
    let trees = reference(&b, &["TREES"]);
    b.run(&["association", "set", "--max-amount", "100"]).ok();
    let entry = |reference: &'static str, amount: &'static str| Ntry {
        reference,
        amount,
        credit: true,
        date: "2026-11-02",
        transactions: vec![tx("Jana Nowak", IBAN_JANA, "", &trees)],
    };
    let file = write(
        &b,
        "big.xml",
        camt(
            2,
            "S-9",
            "0.00",
            "250.00",
            "2026-11-30",
            &[entry("BIG", "150.00"), entry("FINE", "100.00")],
        ),
    );
    let report = import(&b, &file, &["--camt"]);
    assert_eq!(counts(&report), [1, 1, 0, 0], "{report}");
    assert_eq!(raised(&b, "TREES"), "100.00");
    let waiting = queue(&b);
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    let why = waiting[0]["why"].as_str().unwrap();
    assert!(
        why.contains("above the maximum single amount of 100,00"),
        "{why}"
    );
    assert_eq!(
        waiting[0]["project"], "TREES",
        "the match is kept as a suggestion"
    );
    let line = waiting[0]["id"].to_string();

    let before = b.digest();
    b.run(&["bank", "assign", &line, "--project", "TREES"])
        .refused("above the maximum single amount");
    assert_eq!(b.digest(), before, "nothing was assigned");
    b.run(&["association", "set", "--max-amount", "200"]).ok();
    b.run(&["bank", "assign", &line, "--project", "TREES"]).ok();
    assert_eq!(raised(&b, "TREES"), "250.00");
    b.run(&["verify"]).ok();
}

#[test]
fn statement_files_that_contradict_themselves_or_are_malformed_are_refused_whole() {
    let b = association();
    let before = b.digest();
    let entry = || Ntry {
        reference: "X1",
        amount: "5.00",
        credit: true,
        date: "2026-11-02",
        transactions: vec![tx("Jana Nowak", IBAN_JANA, "RF", "")],
    };
    let mismatch = write(
        &b,
        "mismatch.xml",
        camt(2, "S-1", "100.00", "106.00", "2026-11-30", &[entry()]),
    );
    let e = b
        .run(&["bank", "import", mismatch.to_str().unwrap(), "--camt"])
        .refused("closing balance is 106");
    assert!(e.contains("line 5") && e.contains("<Stmt>"), "{e}");

    let good = camt(2, "S-1", "100.00", "105.00", "2026-11-30", &[entry()]);
    let cases = [
        (
            "bad-xml.xml",
            good.replace("</Stmt>", "</Stmnt>"),
            "not well-formed XML",
        ),
        (
            "camt052.xml",
            good.replace("camt.053.001.02", "camt.052.001.02"),
            "camt.052.001.02",
        ),
        ("comma.xml", good.replace(">5.00<", ">5,00<"), "<Amt>"),
        (
            "eighteen-digits.xml",
            good.replace(">5.00<", ">123456789012345678.00<"),
            "more than 15 digits",
        ),
        (
            "thirty-digits.xml",
            good.replace(">100.00<", ">123456789012345678901234567890<"),
            "more than 15 digits",
        ),
        (
            "no-balance.xml",
            good.lines()
                .filter(|l| !l.contains("CLBD"))
                .collect::<Vec<_>>()
                .join("\n"),
            "no opening (OPBD) or closing (CLBD) balance",
        ),
    ];
    for (name, xml, needle) in cases {
        let path = write(&b, name, xml);
        let e = b
            .run(&["bank", "import", path.to_str().unwrap(), "--camt"])
            .refused(needle);
        assert!(e.contains("line "), "{name}: {e}");
    }
    // Saved in Latin-1 although the declaration says UTF-8.
    let latin1: Vec<u8> = good
        .replace("Jana Nowak", "J\u{fc}rgen")
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    let latin1 = write(&b, "latin1.xml", latin1);
    b.run(&["bank", "import", latin1.to_str().unwrap(), "--camt"])
        .refused("UTF-8");
    b.run(&["bank", "import", "missing.xml", "--camt"])
        .refused("missing.xml");
    let no_format = b.run(&["bank", "import", mismatch.to_str().unwrap()]);
    assert_eq!(
        no_format.status, 2,
        "a format is required: {}",
        no_format.stderr
    );
    assert_eq!(b.digest(), before);
    assert!(queue(&b).is_empty());
    assert_eq!(
        b.run(&["bank", "status", "--json"]).json()["accounts"],
        serde_json::json!([])
    );
}

/// Three kinds of bank export: a savings bank's (Windows-1252, quoted, two-digit years), an
/// online bank's (heading lines before the columns, UTF-8) and an international app's
/// (commas, points, ISO dates).
#[test]
fn csv_exports_of_three_kinds_of_bank_read_with_saved_profiles() {
    let b = association();
    let trees = reference(&b, &["TREES"]);
    b.run(&[
        "bank",
        "profile",
        "add",
        "sparkasse",
        "--delimiter",
        ";",
        "--decimal",
        ",",
        "--date-format",
        "%d.%m.%y",
        "--columns",
        "date=2,amount=9,name=6,iban=7,text=5",
        "--encoding",
        "windows-1252",
    ])
    .ok();
    b.run(&[
        "bank",
        "profile",
        "add",
        "online",
        "--delimiter",
        ";",
        "--decimal",
        ",",
        "--date-format",
        "%d.%m.%Y",
        "--columns",
        "date=1,amount=8,name=4,iban=7,text=5,ref=9",
    ])
    .ok();
    b.run(&[
        "bank",
        "profile",
        "add",
        "app",
        "--delimiter",
        ",",
        "--decimal",
        ".",
        "--date-format",
        "%Y-%m-%d",
        "--columns",
        "date=1,amount=6,name=2,iban=3,text=5",
    ])
    .ok();
    assert!(
        b.run(&["bank", "profile", "list"])
            .ok()
            .contains("windows-1252")
    );

    let sparkasse = format!(
        "\"Auftragskonto\";\"Buchungstag\";\"Valutadatum\";\"Buchungstext\";\"Verwendungszweck\";\"Beguenstigter/Zahlungspflichtiger\";\"Kontonummer/IBAN\";\"BIC (SWIFT-Code)\";\"Betrag\";\"Waehrung\";\"Info\"\n\
\"{ACCOUNT}\";\"03.11.26\";\"03.11.26\";\"GUTSCHR. UEBERWEISUNG\";\"SVWZ+{trees} Spende\";\"J\u{fc}rgen M\u{fc}ller\";\"{IBAN_STRANGER}\";\"GENODEF1S04\";\"1.250,00\";\"EUR\";\"Umsatz gebucht\"\n\
\"{ACCOUNT}\";\"04.11.26\";\"04.11.26\";\"ENTGELTABSCHLUSS\";\"Kontof\u{fc}hrung\";\"\";\"\";\"\";\"-4,90\";\"EUR\";\"Umsatz gebucht\"\n"
    );
    let bytes: Vec<u8> = sparkasse
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    let sparkasse = write(&b, "sparkasse.csv", &bytes);
    assert_eq!(
        counts(&import(&b, &sparkasse, &["--csv", "sparkasse"])),
        [1, 1, 0, 0]
    );
    assert_eq!(raised(&b, "TREES"), "1250.00");

    let online = "\"Girokonto\";\"DE89 3704 0044 0532 0130 00\"\n\"Zeitraum:\";\"01.11.2026 - 30.11.2026\"\n\"Kontostand vom 30.11.2026:\";\"2.345,67 €\"\n\"\"\n\
\"Buchungsdatum\";\"Wertstellung\";\"Status\";\"Zahlungspflichtige*r\";\"Verwendungszweck\";\"Umsatztyp\";\"IBAN\";\"Betrag (€)\";\"Kundenreferenz\"\n\
\"05.11.2026\";\"05.11.2026\";\"Gebucht\";\"Piotr Kowalski\";\"Spende Sommerfest\";\"Eingang\";\"DE02 1203 0000 0000 2020 51\";\"5\";\"K-1\"\n\
\"05.11.2026\";\"05.11.2026\";\"Gebucht\";\"Piotr Kowalski\";\"Spende Sommerfest\";\"Eingang\";\"DE02 1203 0000 0000 2020 51\";\"5\";\"K-2\"\n";
    let online_path = write(&b, "online.csv", online);
    let report = import(&b, &online_path, &["--csv", "online"]);
    assert_eq!(
        counts(&report),
        [2, 0, 0, 0],
        "two equal gifts on one day stay two: {report}"
    );
    assert_eq!(report["lines"][0]["position"], "line 6");
    assert_eq!(
        counts(&import(&b, &online_path, &["--csv", "ONLINE"])),
        [0, 0, 2, 0]
    );

    let app = "Date,Payee,Account number,Transaction type,Payment reference,Amount (EUR),Amount (Foreign Currency),Type Foreign Currency,Exchange Rate\n\
2026-11-06,Zoë Müller,DE44500105175407324931,Income,\"Thanks, for the trees\",\"1,000.50\",,,\n\
2026-11-07,Some Shop,,MasterCard Payment,,-12.00,-13.20,USD,1.1\n";
    let app_path = write(&b, "app.csv", app);
    let report = import(&b, &app_path, &["--csv", "app"]);
    assert_eq!(counts(&report), [1, 1, 0, 0], "{report}");
    // Overlap: the same export with one line more.
    let longer =
        format!("{app}2026-11-08,Zoë Müller,DE44500105175407324931,Income,Sommerfest,3.00,,,\n");
    let longer = write(&b, "app-longer.csv", longer);
    assert_eq!(
        counts(&import(&b, &longer, &["--csv", "app"])),
        [1, 0, 2, 0]
    );
    b.run(&["verify"]).ok();
}

#[test]
fn bad_csv_files_and_profiles_are_refused_naming_line_and_column() {
    let b = association();
    b.add_giro_profile();
    let before = b.digest();
    let header = "Datum;Name;IBAN;Betrag;Text\n01.11.2026;Jana Nowak;;5,00;Spende\n";
    for (name, body, needle) in [
        (
            "short.csv",
            format!("{header}02.11.2026;Jana Nowak;;5,00\n"),
            "line 3, field columns",
        ),
        (
            "amount.csv",
            format!("{header}02.11.2026;Jana Nowak;;5.00.1;x\n"),
            "line 3, field amount",
        ),
        (
            "eighteen.csv",
            format!("{header}02.11.2026;Jana Nowak;;123.456.789.012.345.678,00;x\n"),
            "line 3, field amount",
        ),
        (
            "thirty.csv",
            format!("{header}02.11.2026;Jana Nowak;;123456789012345678901234567890;x\n"),
            "line 3, field amount",
        ),
        (
            "date.csv",
            format!("{header}2026-11-02;Jana Nowak;;5,00;x\n"),
            "line 3, field date",
        ),
    ] {
        let path = write(&b, name, body);
        b.run(&["bank", "import", path.to_str().unwrap(), "--csv", "giro"])
            .refused(needle);
    }
    let cp1252 = write(
        &b,
        "cp1252.csv",
        b"Datum;Name;IBAN;Betrag;Text\n01.11.2026;Jana;;5,00;x\n02.11.2026;J\xfcrgen;;5,00;x\n",
    );
    b.run(&["bank", "import", cp1252.to_str().unwrap(), "--csv", "giro"])
        .refused("line 3, field encoding");
    b.run(&["bank", "import", cp1252.to_str().unwrap(), "--csv", "nope"])
        .refused("no CSV profile \"nope\"");
    assert_eq!(b.digest(), before);

    for (args, needle) in [
        (
            vec![
                "--delimiter",
                ";",
                "--decimal",
                ",",
                "--date-format",
                "%d.%m.%Y",
                "--columns",
                "amount=4",
            ],
            "--columns",
        ),
        (
            vec![
                "--delimiter",
                ";",
                "--decimal",
                ";",
                "--date-format",
                "%d.%m.%Y",
                "--columns",
                "date=1,amount=4",
            ],
            "--decimal",
        ),
        (
            vec![
                "--delimiter",
                ";",
                "--decimal",
                ",",
                "--date-format",
                "%d.%m",
                "--columns",
                "date=1,amount=4",
            ],
            "--date-format",
        ),
        (
            vec![
                "--delimiter",
                ";",
                "--decimal",
                ",",
                "--date-format",
                "%d.%m.%Y",
                "--columns",
                "date=1,amount=4",
                "--encoding",
                "ebcdic",
            ],
            "--encoding",
        ),
    ] {
        let mut all = vec!["bank", "profile", "add", "other"];
        all.extend(args);
        b.run(&all).refused(needle);
    }
    b.run(&[
        "bank",
        "profile",
        "add",
        "GIRO",
        "--delimiter",
        ";",
        "--decimal",
        ",",
        "--date-format",
        "%d.%m.%Y",
        "--columns",
        "date=1,amount=4",
    ])
    .refused("saved already");
}

/// zbarimg, as `cargo xtask test` installs it.
fn decode_qr(png: &Path) -> String {
    let out = Command::new("zbarimg")
        .args(["--raw", "-q", "-Sbinary", png.to_str().unwrap()])
        .output()
        .expect("zbarimg is needed (apt-get install zbar-tools; `cargo xtask test` does it)");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn payment_codes_are_written_as_png_and_svg_and_scan_back() {
    let b = association();
    let png = b.path("trees.png");
    b.run(&["qr", "TREES", "--out", png.to_str().unwrap()]).ok();
    let trees = reference(&b, &["TREES"]);
    assert_eq!(
        decode_qr(&png),
        format!("BCD\n002\n1\nSCT\nCOBADEFFXXX\nLindenhof\n{ACCOUNT}\n\n\n{trees}")
    );
    let with_amount = b.path("jana.png");
    b.run(&[
        "qr",
        "TREES",
        "--member",
        "42",
        "--amount",
        "5",
        "--out",
        with_amount.to_str().unwrap(),
    ])
    .ok();
    let payload = decode_qr(&with_amount);
    assert!(payload.contains("\nEUR5.00\n"), "{payload}");
    assert!(payload.ends_with(&reference(&b, &["TREES", "--member", "42"])));
    let svg = b.path("trees.svg");
    b.run(&["qr", "TREES", "--out", svg.to_str().unwrap()]).ok();
    assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg"));

    b.run(&[
        "qr",
        "TREES",
        "--out",
        b.path("trees.gif").to_str().unwrap(),
    ])
    .refused(".png or .svg");
    b.run(&["qr", "TREES", "--amount=-3", "--out", png.to_str().unwrap()])
        .refused("--amount");
    b.run(&["qr", "NOSUCH", "--out", png.to_str().unwrap()])
        .refused("no project or member");
    b.run(&["reference", "general"]).refused("--member");
    assert!(reference(&b, &["general", "--member", "7"]).ends_with("M7"));
    b.run(&["association", "set", "--iban", ""]).ok();
    b.run(&["qr", "TREES", "--out", png.to_str().unwrap()])
        .refused("IBAN is not set");
}

/// A counterparty name with a line break (as `&#10;` in the XML) waits in the queue as one row:
/// no text from a bank file can start a row of its own in a printed table.
#[test]
fn a_line_break_in_a_bank_name_never_forges_a_row() {
    let b = association();
    let forged = "Nobody&#10;42  2026-11-02  999,00 €  Forged row";
    let file = write(
        &b,
        "forged.xml",
        camt(
            2,
            "S-F",
            "0.00",
            "5.00",
            "2026-11-30",
            &[Ntry {
                reference: "F1",
                amount: "5.00",
                credit: true,
                date: "2026-11-02",
                transactions: vec![tx(forged, "", "", "")],
            }],
        ),
    );
    assert_eq!(counts(&import(&b, &file, &["--camt"])), [0, 1, 0, 0]);
    let table = b.run(&["bank", "queue"]).ok();
    let rows: Vec<&str> = table.lines().filter(|l| l.contains("2026-11-02")).collect();
    assert_eq!(rows.len(), 1, "one row:\n{table}");
    assert!(
        rows[0].contains("5,00") && rows[0].contains("Nobody 42"),
        "the name stays in the real row:\n{table}"
    );
}
