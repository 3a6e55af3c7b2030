use commonpot_core::{EntryId, EntryKind, MemberId, Reversal};
use commonpot_store::StoreError;

use crate::support::*;

#[test]
fn entries_cannot_be_updated_or_deleted() {
    let mut store = store();
    store
        .write(|w| {
            let meta = w.next_meta(at(1))?;
            w.insert_contribution(&contribution(10, 250), &meta)?;
            let meta = w.next_meta(at(2))?;
            w.insert_expense(&expense(11, 100), &meta)?;
            let meta = w.next_meta(at(3))?;
            let r = Reversal {
                id: EntryId::from_uuid(id(12)),
                reversed: EntryId::from_uuid(id(11)),
                reversed_kind: EntryKind::Expense,
                reason: "wrong project".into(),
            };
            w.insert_reversal(&r, &meta)
        })
        .unwrap();
    for sql in [
        "UPDATE contribution SET amount_minor = 1",
        "DELETE FROM contribution",
        "UPDATE expense SET payee = 'someone else'",
        "DELETE FROM expense",
        "UPDATE reversal SET reason = 'none'",
        "DELETE FROM reversal",
    ] {
        let err = store.conn().execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    assert!(
        commonpot_store::verify(store.conn(), eur())
            .unwrap()
            .problems
            .is_empty()
    );
}

#[test]
fn a_reversal_needs_its_target_and_happens_once() {
    let mut store = store();
    let missing = Reversal {
        id: EntryId::from_uuid(id(20)),
        reversed: EntryId::from_uuid(id(99)),
        reversed_kind: EntryKind::Contribution,
        reason: "typo".into(),
    };
    let err = store
        .write(|w| {
            let meta = w.next_meta(at(1))?;
            w.insert_reversal(&missing, &meta)
        })
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Sqlite(e) if e.to_string().contains("does not exist")),
        "{err}"
    );

    store
        .write(|w| {
            let meta = w.next_meta(at(1))?;
            w.insert_contribution(&contribution(30, 500), &meta)
        })
        .unwrap();
    let first = Reversal {
        id: EntryId::from_uuid(id(31)),
        reversed: EntryId::from_uuid(id(30)),
        ..missing.clone()
    };
    let second = Reversal {
        id: EntryId::from_uuid(id(32)),
        ..first.clone()
    };
    store
        .write(|w| {
            w.next_meta(at(2))
                .and_then(|m| w.insert_reversal(&first, &m))
        })
        .unwrap();
    let (count_before, digest_before) = commonpot_store::ledger_digest(store.conn()).unwrap();
    let err = store
        .write(|w| {
            w.next_meta(at(3))
                .and_then(|m| w.insert_reversal(&second, &m))
        })
        .unwrap_err();
    assert!(err.to_string().contains("UNIQUE"), "{err}");
    assert_eq!(
        commonpot_store::ledger_digest(store.conn()).unwrap(),
        (count_before, digest_before)
    );
}

#[test]
fn participation_and_decisions_cannot_be_changed_or_deleted() {
    let mut store = store();
    store
        .write(|w| {
            let meta = w.next_meta(at(1))?;
            w.insert_shift(
                id(20),
                MemberId::from_uuid(id(MEMBER)),
                at(1).date_naive(),
                "stall",
                None,
                &meta,
            )?;
            let meta = w.next_meta(at(2))?;
            w.insert_meeting(
                id(21),
                at(2).date_naive(),
                "Spring meeting",
                None,
                &[MemberId::from_uuid(id(MEMBER))],
                &meta,
            )
        })
        .unwrap();
    for (table, column) in [
        ("shift", "what"),
        ("meeting", "title"),
        ("attendance", "member_key"),
    ] {
        for sql in [
            format!("UPDATE {table} SET {column} = {column}"),
            format!("DELETE FROM {table}"),
        ] {
            let err = store.conn().execute(&sql, []).unwrap_err();
            assert!(err.to_string().contains("append-only"), "{sql}: {err}");
        }
    }
    // A member cannot book their own shift.
    let own = store.write(|w| {
        let meta = w.next_meta(at(3))?;
        w.insert_shift(
            id(22),
            MemberId::from_uuid(id(MEMBER)),
            at(3).date_naive(),
            "x",
            Some(MemberId::from_uuid(id(MEMBER))),
            &meta,
        )
    });
    assert!(matches!(own, Err(StoreError::Sqlite(_))), "{own:?}");
    assert!(
        commonpot_store::verify(store.conn(), eur())
            .unwrap()
            .problems
            .is_empty()
    );
}
