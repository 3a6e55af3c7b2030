//! Several laptops through the command: the organiser makes two kits, two volunteers collect
//! offline, their bundles arrive in either order at two copies of the organiser's file, and
//! both copies end with the same ledger; a second import changes nothing; damaged, foreign,
//! newer and changed files are refused whole.

use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::support::{Books, run_in};

fn db_run(dir: &Path, db: &Path, args: &[&str]) -> crate::support::Run {
    let mut all = vec!["--db", db.to_str().unwrap()];
    all.extend_from_slice(args);
    run_in(dir, &all)
}

/// A volunteer's day at the stall: a collection with gifts, one undone, a new member, closed.
fn collect(dir: &Path, db: &Path, place: &str, gifts: &[(&str, Option<&str>)]) {
    let collection = db_run(
        dir,
        db,
        &[
            "collection",
            "open",
            "--collector",
            "M1",
            "--place",
            place,
            "--project",
            "TREES",
        ],
    )
    .ok();
    let newcomer = db_run(
        dir,
        db,
        &["member", "add", "--name", &format!("Neu am {place}")],
    )
    .ok();
    for (amount, member) in gifts {
        let mut args = vec![
            "contribute",
            "--project",
            "TREES",
            "--amount",
            amount,
            "--channel",
            "cash",
            "--collection",
            &collection,
        ];
        if let Some(m) = member {
            args.extend(["--member", m]);
        }
        db_run(dir, db, &args).ok();
    }
    db_run(
        dir,
        db,
        &[
            "contribute",
            "--project",
            "TREES",
            "--amount",
            "1",
            "--channel",
            "cash",
            "--member",
            &newcomer,
            "--collection",
            &collection,
        ],
    )
    .ok();
    db_run(dir, db, &["collection", "undo", &collection]).ok();
    let entered = db_run(dir, db, &["collection", "show", &collection, "--json"]).json();
    let cents = entered["entered"]
        .as_str()
        .unwrap()
        .replace(['.', ','], "")
        .parse::<u32>()
        .unwrap();
    db_run(
        dir,
        db,
        &[
            "collection",
            "close",
            &collection,
            "--count",
            &format!("0,01={cents}"),
        ],
    )
    .ok();
}

/// The organiser's kit for "Stall laptop", opened as `v.sqlite`: (kit, laptop file).
fn stall_laptop(org: &Books) -> (PathBuf, PathBuf) {
    let kit = org.path("v.cpkit");
    org.run(&[
        "kit",
        "export",
        "--volunteer",
        "Stall laptop",
        "--out",
        kit.to_str().unwrap(),
    ])
    .ok();
    let v = org.path("v.sqlite");
    db_run(org.dir.path(), &v, &["kit", "open", kit.to_str().unwrap()]).ok();
    (kit, v)
}

#[test]
fn two_volunteers_bundles_merge_in_either_order_to_the_same_ledger() {
    let org = Books::with_members_and_projects();
    let dir = org.dir.path();
    org.run(&[
        "contribute",
        "--project",
        "BENCH",
        "--amount",
        "20",
        "--channel",
        "transfer",
    ])
    .ok();
    for v in ["a", "b"] {
        let out = org
            .run(&[
                "kit",
                "export",
                "--volunteer",
                &format!("Stall laptop {v}"),
                "--out",
                org.path(&format!("{v}.cpkit")).to_str().unwrap(),
            ])
            .ok();
        assert!(out.contains("2 members"), "{out}");
        let db = org.path(&format!("{v}.sqlite"));
        db_run(
            dir,
            &db,
            &[
                "kit",
                "open",
                org.path(&format!("{v}.cpkit")).to_str().unwrap(),
            ],
        )
        .ok();
        // The kit carries no e-mail addresses and no contribution history.
        let members = db_run(dir, &db, &["member", "list", "--json"]).json();
        assert!(
            members
                .as_array()
                .unwrap()
                .iter()
                .all(|m| m["email"].is_null())
        );
        assert_eq!(
            db_run(dir, &db, &["summary", "--json"]).json()["entry_count"],
            0
        );
        // A volunteer's laptop collects; it does not change projects or settings.
        db_run(
            dir,
            &db,
            &["project", "add", "--title", "Mine", "--goal", "10"],
        )
        .refused("volunteer laptop");
        db_run(dir, &db, &["association", "set", "--name", "Other"]).refused("volunteer laptop");
    }
    let a = org.path("a.sqlite");
    let b = org.path("b.sqlite");
    collect(
        dir,
        &a,
        "Lindenplatz",
        &[("5", Some("M1")), ("2,50", None), ("10", Some("M2"))],
    );
    collect(dir, &b, "Markt", &[("3", None), ("7,20", Some("M2"))]);
    let bundle_a = org.path("a.cpbundle");
    let bundle_b = org.path("b.cpbundle");
    db_run(
        dir,
        &a,
        &["bundle", "export", "--out", bundle_a.to_str().unwrap()],
    )
    .ok();
    let out = db_run(
        dir,
        &b,
        &["bundle", "export", "--out", bundle_b.to_str().unwrap()],
    )
    .ok();
    assert!(out.contains("entries 1–"), "{out}");

    let first = org.path("first.sqlite");
    let second = org.path("second.sqlite");
    std::fs::copy(&org.db, &first).unwrap();
    std::fs::copy(&org.db, &second).unwrap();
    let import = |db: &Path, bundle: &Path| {
        db_run(
            dir,
            db,
            &["bundle", "import", bundle.to_str().unwrap(), "--json"],
        )
        .json()
    };
    let r1 = import(&first, &bundle_a);
    let r2 = import(&first, &bundle_b);
    let r3 = import(&second, &bundle_b);
    let r4 = import(&second, &bundle_a);
    for r in [&r1, &r2, &r3, &r4] {
        assert!(r["added"].as_u64().unwrap() > 5, "{r}");
        assert_eq!(r["skipped"], 0, "{r}");
        for key in ["conflicts", "refused", "gaps"] {
            assert_eq!(r[key], serde_json::json!([]), "{key}: {r}");
        }
    }
    let digest = |db: &Path| {
        db_run(dir, db, &["summary", "--json"]).json()["digest"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(digest(&first), digest(&second));
    assert_ne!(digest(&first), org.digest());
    db_run(dir, &first, &["verify"]).ok();

    // Importing again changes nothing.
    let before = digest(&first);
    for bundle in [&bundle_a, &bundle_b] {
        let again = import(&first, bundle);
        assert_eq!(again["added"], 0, "{again}");
        assert!(again["skipped"].as_u64().unwrap() > 5, "{again}");
    }
    assert_eq!(digest(&first), before);

    // The organiser's file knows both laptops and misses nothing of them.
    let devices = db_run(dir, &first, &["devices", "--json"]).json();
    let names: Vec<&str> = devices
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Stall laptop a") && names.contains(&"Stall laptop b"),
        "{devices}"
    );
    assert!(
        devices
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["gaps"] == serde_json::json!([]))
    );
    // The member registered at the stall arrived with the bundle.
    let members = db_run(dir, &first, &["member", "list", "--json"]).json();
    assert!(
        members.to_string().contains("Neu am Lindenplatz"),
        "{members}"
    );
}

#[test]
fn a_missing_bundle_is_named_and_a_later_one_still_arrives_whole() {
    let org = Books::with_members_and_projects();
    let dir = org.dir.path();
    let (_, v) = stall_laptop(&org);
    let bundles: Vec<_> = (0..3)
        .map(|i| {
            collect(dir, &v, &format!("Stall {i}"), &[("4", None)]);
            let path = org.path(&format!("{i}.cpbundle"));
            db_run(
                dir,
                &v,
                &["bundle", "export", "--out", path.to_str().unwrap()],
            )
            .ok();
            path
        })
        .collect();
    let r = db_run(
        dir,
        &org.db,
        &["bundle", "import", bundles[2].to_str().unwrap(), "--json"],
    )
    .json();
    let r0 = db_run(
        dir,
        &org.db,
        &["bundle", "import", bundles[0].to_str().unwrap()],
    )
    .ok();
    assert!(
        r0.contains("missing: entries 6–10 from the laptop \"Stall laptop\" are missing"),
        "{r0}\n{r}"
    );
    let devices = db_run(dir, &org.db, &["devices"]).ok();
    assert!(devices.contains("6–10"), "{devices}");
    db_run(
        dir,
        &org.db,
        &["bundle", "import", bundles[1].to_str().unwrap()],
    )
    .ok();
    let devices = db_run(dir, &org.db, &["devices", "--json"]).json();
    assert!(
        devices
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["gaps"] == serde_json::json!([])),
        "{devices}"
    );

    // A gift for a project cancelled before it was received is refused and listed.
    org.run(&["project", "status", "TREES", "cancelled"]).ok();
    collect(dir, &v, "late", &[("9", None)]);
    let late = org.path("late.cpbundle");
    db_run(
        dir,
        &v,
        &["bundle", "export", "--out", late.to_str().unwrap()],
    )
    .ok();
    let before = org.digest();
    let dry = db_run(
        dir,
        &org.db,
        &[
            "bundle",
            "import",
            late.to_str().unwrap(),
            "--dry-run",
            "--json",
        ],
    )
    .json();
    assert_eq!(org.digest(), before, "a dry run saved");
    let r = db_run(
        dir,
        &org.db,
        &["bundle", "import", late.to_str().unwrap(), "--json"],
    )
    .json();
    assert_eq!(dry["refused"], r["refused"]);
    let refused = r["refused"].as_array().unwrap();
    assert!(!refused.is_empty(), "{r}");
    assert!(
        refused.iter().any(|f| f["key"] == "sync.refused_cancelled"
            && f["reason"].as_str().unwrap().contains("TREES")),
        "{r}"
    );
}

#[test]
fn damaged_foreign_newer_and_changed_bundles_are_refused_whole() {
    let org = Books::with_members_and_projects();
    let dir = org.dir.path();
    let (kit, v) = stall_laptop(&org);
    collect(dir, &v, "Lindenplatz", &[("5", Some("M1"))]);
    let good = org.path("good.cpbundle");
    db_run(
        dir,
        &v,
        &["bundle", "export", "--out", good.to_str().unwrap()],
    )
    .ok();
    let bytes = std::fs::read(&good).unwrap();
    let newline = bytes.iter().position(|&b| b == b'\n').unwrap();
    let before = org.digest();
    let write = |name: &str, b: &[u8]| {
        let p = org.path(name);
        std::fs::write(&p, b).unwrap();
        p
    };
    let truncated = write("truncated.cpbundle", &bytes[..bytes.len() - 40]);
    org.run(&["bundle", "import", truncated.to_str().unwrap()])
        .refused("damaged or incomplete");
    let mut flipped = bytes.clone();
    flipped[newline + 30] ^= 0x04;
    let flipped = write("flipped.cpbundle", &flipped);
    org.run(&["bundle", "import", flipped.to_str().unwrap()])
        .refused("damaged or incomplete");
    let first_line = String::from_utf8_lossy(&bytes[..newline]).into_owned();
    let version: u32 = first_line.split(' ').nth(1).unwrap().parse().unwrap();
    let newer = first_line.replacen(&format!(" {version} "), &format!(" {} ", version + 1), 1);
    let newer = write(
        "newer.cpbundle",
        &[newer.as_bytes(), &bytes[newline..]].concat(),
    );
    org.run(&["bundle", "import", newer.to_str().unwrap()])
        .refused("newer Commonpot");
    org.run(&["bundle", "import", kit.to_str().unwrap()])
        .refused("kit open");
    let csv = write("not.cpbundle", b"id,amount\n1,2\n");
    org.run(&["bundle", "import", csv.to_str().unwrap()])
        .refused("not a Commonpot bundle");

    // Changed and checksummed again, by someone without the association's key.
    let mut payload = Vec::new();
    flate2::read::GzDecoder::new(&bytes[newline + 1..])
        .read_to_end(&mut payload)
        .unwrap();
    // The body is encrypted; the header in clear names the laptop, and is changed here.
    let at = payload
        .windows(12)
        .position(|w| w == b"Stall laptop")
        .expect("the header names the laptop");
    payload[at + 11] = b'q';
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &payload).unwrap();
    let compressed = gz.finish().unwrap();
    let line = String::from_utf8_lossy(&bytes[..newline]).to_string();
    let signature = line
        .split(' ')
        .find(|w| w.starts_with("hmac-sha256="))
        .unwrap();
    let sha: String = Sha256::digest(&compressed)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let tampered = write(
        "tampered.cpbundle",
        &[
            format!("COMMONPOT-BUNDLE {version} sha256={sha} {signature}\n").as_bytes(),
            &compressed,
        ]
        .concat(),
    );
    org.run(&["bundle", "import", tampered.to_str().unwrap()])
        .refused("was changed after it was made");

    // Another association's file.
    let other = Books::new();
    let copy = other.path("good.cpbundle");
    std::fs::copy(&good, &copy).unwrap();
    other
        .run(&["bundle", "import", copy.to_str().unwrap()])
        .refused("belongs to the association");
    assert_eq!(org.digest(), before, "a refused bundle changed the books");

    // A kit opened over the organiser's own file, or a bundle on the volunteer's, is refused.
    org.run(&["kit", "open", kit.to_str().unwrap()])
        .refused("organiser's books");
    db_run(dir, &v, &["bundle", "import", good.to_str().unwrap()]).refused("fresh kit");
    org.run(&["bundle", "import", good.to_str().unwrap()]).ok();
}

#[test]
fn a_fresh_kit_brings_the_organisers_changes_and_the_organiser_wins_over_a_laptop() {
    let org = Books::with_members_and_projects();
    let dir = org.dir.path();
    let (_, v) = stall_laptop(&org);
    // At the stall, a newcomer is registered and gives.
    let newcomer = db_run(dir, &v, &["member", "add", "--name", "Jana Nowak"]).ok();
    db_run(
        dir,
        &v,
        &["member", "set", &newcomer, "--name", "Jana Novak"],
    )
    .refused("volunteer laptop");
    db_run(
        dir,
        &v,
        &[
            "contribute",
            "--project",
            "TREES",
            "--amount",
            "4",
            "--channel",
            "cash",
            "--member",
            &newcomer,
        ],
    )
    .ok();
    let first = org.path("first.cpbundle");
    db_run(
        dir,
        &v,
        &["bundle", "export", "--out", first.to_str().unwrap()],
    )
    .ok();
    org.run(&["bundle", "import", first.to_str().unwrap()]).ok();

    // The organiser corrects the newcomer's name and a project's title, and makes a fresh kit.
    org.run(&["member", "set", &newcomer, "--name", "Jana Nowak-Berg"])
        .ok();
    org.run(&[
        "project",
        "set",
        "TREES",
        "--title",
        "Bäume für die Lindenstraße",
    ])
    .ok();
    org.run(&[
        "project",
        "add",
        "--title",
        "Bank am Platz",
        "--goal",
        "300",
        "--code",
        "SEAT",
    ])
    .ok();
    let fresh = org.path("fresh.cpkit");
    org.run(&[
        "kit",
        "export",
        "--volunteer",
        "Stall laptop",
        "--out",
        fresh.to_str().unwrap(),
    ])
    .ok();
    let before = db_run(dir, &v, &["summary", "--json"]).json()["digest"].clone();
    let out = db_run(dir, &v, &["kit", "open", fresh.to_str().unwrap()]).ok();
    assert!(out.starts_with("refreshed"), "{out}");
    let members = db_run(dir, &v, &["member", "list", "--json"])
        .json()
        .to_string();
    assert!(members.contains("Jana Nowak-Berg"), "{members}");
    let projects = db_run(dir, &v, &["project", "list", "--json"])
        .json()
        .to_string();
    assert!(
        projects.contains("Bäume für die Lindenstraße") && projects.contains("SEAT"),
        "{projects}"
    );
    // What the laptop recorded stays, and it keeps its own device.
    assert_eq!(
        db_run(dir, &v, &["summary", "--json"]).json()["digest"],
        before
    );
    let devices = db_run(dir, &v, &["devices", "--json"]).json();
    assert_eq!(devices[0]["name"], "Stall laptop");
    assert_eq!(devices[0]["this_laptop"], true);

    // A kit of another association is refused on this laptop.
    let other = Books::new();
    let foreign = other.path("other.cpkit");
    other
        .run(&[
            "kit",
            "export",
            "--volunteer",
            "X",
            "--out",
            foreign.to_str().unwrap(),
        ])
        .ok();
    db_run(dir, &v, &["kit", "open", foreign.to_str().unwrap()]).refused("this kit is for");

    // The first bundle again, as a laptop that never took the fresh kit would bring it: the old
    // name and title. The organiser's versions stay and the laptop's are listed.
    let copy = org.path("stale.cpbundle");
    std::fs::copy(&first, &copy).unwrap();
    let r = org
        .run(&["bundle", "import", copy.to_str().unwrap(), "--json"])
        .json();
    let conflicts = r["conflicts"].as_array().unwrap();
    assert_eq!(r["added"], 0, "{r}");
    let reason = |kind: &str| {
        conflicts
            .iter()
            .find(|c| c["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} conflict in {r}"))["reason"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let member = reason("member");
    assert!(
        member.contains("kept this file's \"Jana Nowak-Berg\"")
            && member.contains("\"Jana Nowak\""),
        "{member}"
    );
    assert!(reason("project").contains("\"Street trees\""), "{r}");
    let members = org.run(&["member", "list", "--json"]).json().to_string();
    assert!(members.contains("Jana Nowak-Berg"), "{members}");
}

/// Whatever a laptop accepts as typed, its bundle carries and the organiser's import accepts;
/// a member's name pasted with a tab or a line break stays one line and every kit still opens.
#[test]
fn tabs_and_line_breaks_typed_on_any_laptop_travel_in_kits_and_bundles() {
    let org = Books::with_members_and_projects();
    let dir = org.dir.path();
    org.run(&[
        "member",
        "add",
        "--name",
        "Jana\tNowak\r\nzweite Zeile",
        "--number",
        "T1",
    ])
    .ok();
    let members = org.run(&["member", "list", "--json"]).json();
    assert!(
        members
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["name"] == "Jana Nowak zweite Zeile"),
        "{members}"
    );
    let (_, v) = stall_laptop(&org);
    let note = "Spende\tam Stand\nzweite Zeile";
    let mut args = vec![
        "contribute",
        "--project",
        "TREES",
        "--amount",
        "4",
        "--channel",
        "cash",
    ];
    let with_note = format!("--note={note}");
    args.push(&with_note);
    db_run(dir, &v, &args).ok();
    db_run(dir, &v, &["member", "add", "--name", "Piotr\tKowalski"]).ok();
    let bundle = org.path("tabs.cpbundle");
    db_run(
        dir,
        &v,
        &["bundle", "export", "--out", bundle.to_str().unwrap()],
    )
    .ok();
    org.run(&["bundle", "import", bundle.to_str().unwrap()])
        .ok();
    let ledger = org.run(&["ledger", "--json"]).json();
    assert!(
        ledger.as_array().unwrap().iter().any(|e| e["text"] == note),
        "{ledger}"
    );
    org.run(&["verify"]).ok();
    // A control character that is not a break is refused as typed, so no file ever carries it.
    org.run(&["member", "add", "--name", "Escape\u{1b}[2J"])
        .refused("control characters");
}
