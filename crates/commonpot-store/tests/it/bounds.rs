//! The books' bounds: no amount outside what any association accepts is saved, no total can pass
//! `TOTAL_MINOR_MAX`, and `verify` names a file whose entries were forged past either.

use commonpot_core::{Amount, TOTAL_MINOR_MAX};
use commonpot_store::{Problem, Store, StoreError, verify};

use crate::support::*;

fn insert(store: &mut Store, from: u64, cents: &[i64]) -> Result<(), StoreError> {
    store.write(|w| {
        for (i, c) in cents.iter().enumerate() {
            let n = from + i as u64;
            let meta = w.next_meta(at(n as i64))?;
            w.insert_contribution(&contribution(n, *c), &meta)?;
        }
        Ok(())
    })
}

fn ceiling() -> i64 {
    Amount::ceiling(eur()).to_minor(eur())
}

#[test]
fn an_amount_outside_every_association_s_bounds_is_not_saved() {
    let mut store = store();
    for cents in [0, -5, ceiling() + 1, i64::MAX] {
        let refused = insert(&mut store, 10, &[100, cents]);
        assert!(
            matches!(refused, Err(StoreError::AmountOutOfBounds)),
            "{cents}: {refused:?}"
        );
    }
    insert(&mut store, 10, &[ceiling()]).unwrap();
    let report = verify(store.conn(), eur()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.entry_count, 1, "the refused changes left nothing");
}

#[test]
fn no_change_carries_the_money_raised_past_the_books_bound() {
    let mut store = store();
    insert(&mut store, 10, &[500]).unwrap();
    // The saved figure set just below the bound, as years of entries would bring it.
    store
        .conn()
        .execute(
            "UPDATE contribution_total SET raised_minor = ?1",
            [TOTAL_MINOR_MAX - 100],
        )
        .unwrap();
    let refused = insert(&mut store, 11, &[60, 41]);
    assert!(
        matches!(refused, Err(StoreError::TotalOutOfBounds)),
        "{refused:?}"
    );
    insert(&mut store, 11, &[60, 40]).unwrap();
    let raised: i64 = store
        .conn()
        .query_row(
            "SELECT sum(raised_minor) FROM contribution_total",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(raised, TOTAL_MINOR_MAX);
}

#[test]
fn verify_names_an_amount_and_a_total_forged_into_the_file() {
    let mut store = store();
    insert(&mut store, 10, &[500, 700]).unwrap();
    // Rows added behind the store's back, as a forged or damaged file would hold them.
    let forge = |n: u64, amount: i64| {
        store
            .conn()
            .execute(
                "INSERT INTO contribution (id, device_key, device_seq, recorded_at, content_hash, project_key,
                                           member_key, amount_minor, channel, received_at, collector_key, note,
                                           collection_id)
                 SELECT ?1, device_key, device_seq + ?2, recorded_at, content_hash, project_key, member_key, ?3,
                        channel, received_at, collector_key, note, collection_id
                 FROM contribution ORDER BY id LIMIT 1",
                rusqlite::params![id(n), n as i64, amount],
            )
            .unwrap()
    };
    forge(100, i64::MAX / 2 + 1);
    forge(101, i64::MAX / 2 + 1);
    let report = verify(store.conn(), eur()).unwrap();
    let impossible = report
        .problems
        .iter()
        .filter(|p| matches!(p, Problem::ImpossibleAmount { .. }))
        .count();
    assert_eq!(impossible, 2, "{:?}", report.problems);
    let text = report
        .problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(text.contains("which no association accepts"), "{text}");
}

#[test]
fn verify_names_a_total_past_the_bound_even_when_each_amount_is_possible() {
    // A four-decimal currency has the largest ceiling in minor units, so the fewest rows pass.
    let clf = commonpot_core::Currency::from_code("CLF").unwrap();
    let mut store = store_in(clf);
    store
        .write(|w| {
            let meta = w.next_meta(at(10))?;
            let c = commonpot_core::Contribution {
                amount: Amount::from_minor(500, clf),
                ..contribution(10, 500)
            };
            w.insert_contribution(&c, &meta)
        })
        .unwrap();
    let ceiling = Amount::ceiling(clf).to_minor(clf);
    let rows = TOTAL_MINOR_MAX / ceiling + 1;
    store
        .conn()
        .execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
             INSERT INTO contribution (id, device_key, device_seq, recorded_at, content_hash, project_key,
                                       member_key, amount_minor, channel, received_at, collector_key, note,
                                       collection_id)
             SELECT randomblob(16), c.device_key, c.device_seq + n.i, c.recorded_at, c.content_hash, c.project_key,
                    c.member_key, ?2, c.channel, c.received_at, c.collector_key, c.note, c.collection_id
             FROM n, (SELECT * FROM contribution LIMIT 1) c",
            rusqlite::params![rows, ceiling],
        )
        .unwrap();
    let report = verify(store.conn(), clf).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| matches!(p, Problem::ImpossibleTotal { .. })),
        "{:?}",
        &report.problems[..report.problems.len().min(3)]
    );
}
