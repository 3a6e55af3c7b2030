//! Ballots from a CSV file (member,choice) for an open motion: any bytes are refused with
//! their line, or counted; never a panic, and `verify` stays clean.
#![no_main]

use std::sync::{Mutex, OnceLock};

use commonpot_app::{Books, DecisionMethod, NewDecision, NewMember};
use libfuzzer_sys::fuzz_target;

struct Target {
    books: Books,
    decision: String,
    file: std::path::PathBuf,
    runs: u64,
    _dir: tempfile::TempDir,
}

fn target() -> &'static Mutex<Target> {
    static TARGET: OnceLock<Mutex<Target>> = OnceLock::new();
    TARGET.get_or_init(|| {
        let (dir, mut books) = commonpot_fuzz::scratch_books("en-GB");
        for (name, number) in [("Ada Example", "1"), ("Bo Sample", "2"), ("Cy Test", "M3")] {
            books
                .add_member(NewMember {
                    name: name.into(),
                    number: Some(number.into()),
                    ..NewMember::default()
                })
                .unwrap();
        }
        let decision = books
            .create_decision(NewDecision {
                title: "Plant twelve trees".into(),
                method: DecisionMethod::Motion,
                ..NewDecision::default()
            })
            .unwrap()
            .to_string();
        books.open_decision(&decision, None).unwrap();
        let file = dir.path().join("ballots.csv");
        Mutex::new(Target {
            books,
            decision,
            file,
            runs: 0,
            _dir: dir,
        })
    })
}

fuzz_target!(|data: &[u8]| {
    let mut t = target().lock().unwrap();
    std::fs::write(&t.file, data).unwrap();
    let (file, decision) = (t.file.clone(), t.decision.clone());
    let _ = t.books.import_ballots(&decision, &file);
    t.runs += 1;
    if t.runs % 1000 == 0 {
        let report = t.books.verify().unwrap();
        assert!(report.problems.is_empty(), "{:?}", report.problems);
    }
});
