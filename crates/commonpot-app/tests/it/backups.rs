//! Automatic backups: at most one a day, the newest `backups_kept` kept, backups made by hand
//! never touched, and each one a whole copy that verifies.

use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use commonpot_app::{AssociationChange, Books, Env, NewAssociation, NewContribution, Setting};

/// A clock the test moves by hand.
fn env(clock: &Arc<Mutex<DateTime<Utc>>>) -> Env {
    let now = Arc::clone(clock);
    Env {
        now: Box::new(move || *now.lock().unwrap()),
        ..Env::system()
    }
}

/// "Lindenhof e.V." at `db` on the test's clock, backing up into `folder`, keeping `kept`.
fn lindenhof(db: &Path, clock: &Arc<Mutex<DateTime<Utc>>>, folder: &Path, kept: u32) -> Books {
    let mut books = Books::create(
        db,
        NewAssociation {
            name: "Lindenhof e.V.".into(),
            currency: "EUR".into(),
            locale: Some("de-DE".into()),
            device_name: None,
        },
        env(clock),
    )
    .unwrap();
    books
        .update_association(
            AssociationChange::default()
                .setting(Setting::BackupFolder, folder.display().to_string())
                .setting(Setting::BackupsKept, kept.to_string()),
        )
        .unwrap();
    books
}

#[test]
fn automatic_backups_are_daily_rotate_and_leave_manual_ones_alone() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("backups");
    std::fs::create_dir(&folder).unwrap();
    let clock = Arc::new(Mutex::new(
        DateTime::<Utc>::from_timestamp(1_770_000_000, 0).unwrap(),
    ));
    let mut books = lindenhof(&dir.path().join("books.sqlite"), &clock, &folder, 3);
    let refused =
        books.update_association(AssociationChange::default().setting(Setting::BackupsKept, "0"));
    assert!(refused.unwrap_err().to_string().contains("1 to 365"));
    let manual = books.backup_now().unwrap();

    let list = || {
        let mut names: Vec<String> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let mut taken = Vec::new();
    for day in 0..6 {
        books
            .record_contribution(NewContribution {
                project: "general".into(),
                amount: format!("{}", day + 1),
                channel: "cash".into(),
                ..NewContribution::default()
            })
            .unwrap();
        let first = books.backup_automatic().unwrap().expect("a day has passed");
        let id = books.association().id.simple().to_string();
        assert!(
            first
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with(&format!("lindenhof-e-v-{id}-auto-"))
        );
        // Closing again the same day takes none.
        *clock.lock().unwrap() += Duration::hours(23);
        assert_eq!(books.backup_automatic().unwrap(), None);
        *clock.lock().unwrap() += Duration::hours(2);
        taken.push(first);
    }
    let names = list();
    let automatic: Vec<&String> = names.iter().filter(|n| n.contains("-auto-")).collect();
    assert_eq!(automatic.len(), 3, "{names:?}");
    for kept in &taken[3..] {
        assert!(kept.exists(), "{} was removed", kept.display());
    }
    for gone in &taken[..3] {
        assert!(!gone.exists(), "{} was kept", gone.display());
    }
    assert!(manual.exists(), "a backup made by hand was removed");

    // The newest is a whole copy: it opens, verifies and holds all six gifts.
    let newest = Books::open(taken.last().unwrap(), Env::system()).unwrap();
    assert!(newest.verify().unwrap().problems.is_empty());
    assert_eq!(newest.summary().unwrap().entry_count, 6);
}

/// Two associations of the same name keep their automatic backups in one folder: each rotates
/// only its own.
#[test]
fn associations_of_the_same_name_never_rotate_away_each_other_s_backups() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("backups");
    std::fs::create_dir(&folder).unwrap();
    let clock = Arc::new(Mutex::new(
        DateTime::<Utc>::from_timestamp(1_770_000_000, 0).unwrap(),
    ));
    let open = |file: &str| lindenhof(&dir.path().join(file), &clock, &folder, 2);
    let (mut first, mut second) = (open("first.sqlite"), open("second.sqlite"));
    let first_taken = first.backup_automatic().unwrap().unwrap();
    for _ in 0..4 {
        *clock.lock().unwrap() += Duration::days(1);
        second.backup_automatic().unwrap().unwrap();
    }
    assert!(
        first_taken.exists(),
        "the other association's backups rotated it away"
    );
    let names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names.len(),
        3,
        "one of the first, two of the second: {names:?}"
    );
}
