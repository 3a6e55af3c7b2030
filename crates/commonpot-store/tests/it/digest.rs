use commonpot_store::{Store, ledger_digest, verify};
use proptest::prelude::*;

use crate::support::*;

/// Inserts contributions `ns` in the given order, `batch` per transaction.
fn digest_after(order: &[u64], batch: usize) -> (u64, String) {
    let mut store: Store = store();
    for chunk in order.chunks(batch.max(1)) {
        store
            .write(|w| {
                for &n in chunk {
                    let meta = w.next_meta(at(n as i64))?;
                    if n % 7 == 0 {
                        w.insert_expense(&expense(n, 100 + n as i64), &meta)?;
                    } else {
                        w.insert_contribution(&contribution(n, 100 + n as i64), &meta)?;
                    }
                }
                Ok::<_, commonpot_store::StoreError>(())
            })
            .unwrap();
    }
    let report = verify(store.conn(), eur()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let (count, digest) = ledger_digest(store.conn()).unwrap();
    assert_eq!(
        digest.to_hex(),
        report.digest,
        "the running digest equals the recomputed one"
    );
    (count, digest.to_hex())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_digest_does_not_depend_on_insertion_order(
        order in Just((10u64..60).collect::<Vec<_>>()).prop_shuffle(),
        batch in 1usize..20,
    ) {
        let in_order: Vec<u64> = (10u64..60).collect();
        prop_assert_eq!(digest_after(&order, batch), digest_after(&in_order, 50));
    }
}

#[test]
fn an_empty_ledger_has_the_digest_of_nothing() {
    let store = store();
    let (count, digest) = ledger_digest(store.conn()).unwrap();
    assert_eq!(
        (count, digest.to_hex().as_str()),
        (
            0,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        )
    );
}
