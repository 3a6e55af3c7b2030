use commonpot_store::{MIGRATIONS, Store, StoreError, migrate, summary, verify};
use rusqlite::Connection;

use crate::support::eur;

fn user_version(conn: &Connection) -> i64 {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

fn tables(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn an_empty_file_migrates_to_the_latest_schema() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("new.sqlite"), true).unwrap();
    assert_eq!(user_version(store.conn()), MIGRATIONS.len() as i64);
    let tables = tables(store.conn());
    for t in [
        "association",
        "contribution",
        "device",
        "expense",
        "ledger_state",
        "member",
        "project",
        "reversal",
    ] {
        assert!(tables.iter().any(|x| x == t), "{t} missing from {tables:?}");
    }
    let pragma = |name: &str| -> String {
        store
            .conn()
            .query_row(&format!("PRAGMA {name}"), [], |r| {
                r.get::<_, rusqlite::types::Value>(0)
            })
            .map(|v| format!("{v:?}"))
            .unwrap()
    };
    assert_eq!(pragma("journal_mode"), "Text(\"wal\")");
    assert_eq!(pragma("synchronous"), "Integer(2)", "FULL");
    assert_eq!(pragma("foreign_keys"), "Integer(1)");
    assert!(matches!(
        store.association(),
        Err(StoreError::NoAssociation)
    ));
}

#[test]
fn a_failing_migration_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.sqlite");
    // From empty: the good migrations are rolled back with the bad one after them.
    let mut broken = MIGRATIONS.to_vec();
    broken.push("CREATE TABLE half_done (x INTEGER); SELECT no_such_function();");
    let err = Store::from_connection(Connection::open(&path).unwrap(), &broken)
        .err()
        .expect("fails");
    assert!(err.to_string().contains("no_such_function"), "{err}");
    let conn = Connection::open(&path).unwrap();
    assert_eq!(user_version(&conn), 0);
    assert!(tables(&conn).is_empty(), "{:?}", tables(&conn));
    drop(conn);

    // From the latest version: the file stays at it, without the half-done table.
    Store::open(&path, true).unwrap();
    let mut conn = Connection::open(&path).unwrap();
    assert!(migrate(&mut conn, &broken).is_err());
    assert_eq!(user_version(&conn), MIGRATIONS.len() as i64);
    assert!(!tables(&conn).contains(&"half_done".to_string()));
}

#[test]
fn a_file_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.sqlite");
    Store::open(&path, true).unwrap();
    Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    let err = Store::open(&path, false).err().expect("refused");
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
}

#[test]
fn a_foreign_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.sqlite");
    std::fs::write(
        &text,
        "these are not books, just a text file that is long enough to have a header",
    )
    .unwrap();
    let err = Store::open(&text, false).err().expect("refused");
    assert!(err.to_string().contains("not a Commonpot file"), "{err}");
    let other = dir.path().join("other.sqlite");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE recipes (name TEXT)")
        .unwrap();
    let err = Store::open(&other, false).err().expect("refused");
    assert!(
        err.to_string()
            .contains("tables that Commonpot did not make"),
        "{err}"
    );
}

/// `fixtures/schema-v1.sqlite` was made by the first release's `commonpot` command:
/// init (EUR, de-DE); members M1 Zoë Müller and M2 Ελένη Παπαδοπούλου; projects TREES (4.500)
/// and BENCH (900); contributions 2,50 cash M1 and 20 transfer M2 to TREES, 5 cash to BENCH,
/// 7 card to the general fund; an expense of 3,20 on BENCH; the 5 to BENCH reversed.
#[test]
fn a_file_made_with_the_first_schema_opens_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.sqlite");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/it/fixtures/schema-v1.sqlite"
        ),
        &path,
    )
    .unwrap();
    let store = Store::open(&path, false).unwrap();
    assert_eq!(user_version(store.conn()), MIGRATIONS.len() as i64);
    let association = store.association().unwrap();
    assert_eq!(association.name, "Fixture association");
    // The later migrations added their tables to the old file.
    assert!(tables(store.conn()).contains(&"collection_close".to_string()));
    let report = verify(store.conn(), eur()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.entry_count, 6);
    assert_eq!(
        report.digest,
        "00398c0b78590b6c0655f2885d06485c018b1115c74fdd091f47d835cd10c406"
    );
    let s = summary(store.conn(), eur()).unwrap();
    assert_eq!(
        (
            s.raised.to_string(),
            s.spent.to_string(),
            s.general_fund.to_string()
        ),
        ("29.50".into(), "3.20".into(), "7.00".into())
    );
    let trees = &s.projects[0];
    assert_eq!(
        (
            trees.project.code.as_str(),
            trees.raised.to_string(),
            trees.contributors
        ),
        ("TREES", "22.50".into(), 2)
    );
}
