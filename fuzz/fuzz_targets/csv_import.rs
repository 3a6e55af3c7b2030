//! The two CSV imports: a bank's export read with saved profiles, and the contributions CSV
//! imported (as a dry run) into real books. Any bytes are refused with a line and a field, or
//! read; never a panic, and a dry run never changes the books.
#![no_main]

use std::sync::{Mutex, OnceLock};

use commonpot_app::{Books, NewMember, NewProject};
use commonpot_bank::Profile;
use libfuzzer_sys::fuzz_target;

struct Target {
    books: Books,
    file: std::path::PathBuf,
    digest: String,
    _dir: tempfile::TempDir,
}

fn target() -> &'static Mutex<Target> {
    static TARGET: OnceLock<Mutex<Target>> = OnceLock::new();
    TARGET.get_or_init(|| {
        let (dir, mut books) = commonpot_fuzz::scratch_books("de-DE");
        for code in ["TREES", "BENCH"] {
            books
                .add_project(NewProject {
                    title: code.into(),
                    goal: "1000".into(),
                    code: Some(code.into()),
                    ..NewProject::default()
                })
                .unwrap();
        }
        books
            .add_member(NewMember {
                name: "Ada Example".into(),
                number: Some("1".into()),
                ..NewMember::default()
            })
            .unwrap();
        let digest = books.summary().unwrap().digest;
        let file = dir.path().join("input.csv");
        Mutex::new(Target {
            books,
            file,
            digest,
            _dir: dir,
        })
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    if selector % 2 == 0 {
        let profiles = [
            Profile::new(
                "giro",
                ";",
                ",",
                "%d.%m.%Y",
                "date=1,amount=4,name=2,iban=3,text=5",
                Some("windows-1252"),
            ),
            Profile::new(
                "app",
                ",",
                ".",
                "%Y-%m-%d",
                "date=1,amount=2,name=3,ref=4",
                None,
            ),
        ];
        let profile = profiles[usize::from(selector / 2) % 2].as_ref().unwrap();
        let _ = commonpot_bank::parse_csv(rest, profile);
    } else {
        let mut t = target().lock().unwrap();
        std::fs::write(&t.file, rest).unwrap();
        let file = t.file.clone();
        let _ = t.books.import_contributions(&file, true);
        assert_eq!(
            t.books.summary().unwrap().digest,
            t.digest,
            "a dry run changed the books"
        );
    }
});
