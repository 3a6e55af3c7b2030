use super::*;
use proptest::prelude::*;

fn d(n: i64) -> Decimal {
    Decimal::from(n)
}

fn voters(count: usize, weight: i64, approved: &[usize]) -> Vec<Approval> {
    (0..count)
        .map(|_| Approval {
            weight: d(weight),
            approved: approved.to_vec(),
        })
        .collect()
}

#[test]
fn a_motion_needs_its_quorum_and_its_threshold() {
    use MotionChoice::*;
    let ballots = [(d(3), Yes), (d(2), No), (d(1), Abstain)];
    let r = motion(d(10), &ballots, Decimal::new(5, 1), Threshold::Simple);
    assert_eq!((r.yes, r.no, r.abstain), (d(3), d(2), d(1)));
    assert_eq!(r.turnout, Decimal::new(6, 1));
    assert!(r.quorum_met && r.passed);
    // 3 of 5 is less than two thirds.
    assert!(!motion(d(10), &ballots, Decimal::new(5, 1), Threshold::TwoThirds).passed);
    // Turnout 6 of 20 misses a 50 % quorum.
    let r = motion(d(20), &ballots, Decimal::new(5, 1), Threshold::Simple);
    assert!(!r.quorum_met && !r.passed);
    // A tie does not pass; exactly two thirds does.
    assert!(
        !motion(
            d(4),
            &[(d(2), Yes), (d(2), No)],
            Decimal::ZERO,
            Threshold::Simple
        )
        .passed
    );
    assert!(
        motion(
            d(3),
            &[(d(2), Yes), (d(1), No)],
            Decimal::ZERO,
            Threshold::TwoThirds
        )
        .passed
    );
    // No ballots: nothing passes, even without a quorum.
    assert!(!motion(d(3), &[], Decimal::ZERO, Threshold::Simple).passed);
}

/// Peters, Pierczyński and Skowron, "Proportional Participatory Budgeting with Additive
/// Utilities" (NeurIPS 2021), and the Method of Equal Shares article's motivating example:
/// 51 voters approve 10 red projects, 49 voters 10 blue ones, the budget pays for 10. Greedy
/// funds the 10 red projects; equal shares funds 5 red and 5 blue.
///
/// Checked by hand with costs of 100 and a budget of 1,000: each voter starts with 10. Red
/// supporters hold 510 and buy 5 red projects, blue supporters hold 490 and buy 4 (900 in
/// all). Add1 raises the share to 11: red 561 buys 5, blue 539 buys 5, 1,000 in all, within
/// the budget. At 12, red 612 buys 6 and blue 588 buys 5: 1,100, over, so 11 stands.
#[test]
fn red_and_blue_greedy_takes_all_red_equal_shares_splits_five_five() {
    let costs = vec![d(100); 20];
    let red: Vec<usize> = (0..10).collect();
    let blue: Vec<usize> = (10..20).collect();
    let mut ballots = voters(51, 1, &red);
    ballots.extend(voters(49, 1, &blue));

    let g = greedy(&costs, &ballots, d(1000));
    assert_eq!(g.funded, red);
    assert_eq!(g.spent, d(1000));

    let m = equal_shares(&costs, &ballots, d(1000), d(1));
    let (mut r, mut b) = (0, 0);
    for &o in &m.funded {
        if o < 10 { r += 1 } else { b += 1 }
    }
    assert_eq!((r, b), (5, 5), "{:?}", m.funded);
    assert_eq!(m.spent, d(1000));
    assert_eq!(m.share, Some(d(11)));
    assert!(m.steps.iter().all(|s| s.1 == "equal shares"));
}

/// Greedy skips what no longer fits and goes on with cheaper options (hand-checked): budget
/// 10; A costs 6 with 5 votes, B 5 with 4, C 4 with 3. A is bought, B no longer fits (11),
/// C does (10).
#[test]
fn greedy_skips_what_no_longer_fits() {
    let costs = [d(6), d(5), d(4)];
    let mut ballots = voters(3, 1, &[0, 1, 2]);
    ballots.extend(voters(1, 1, &[0, 1]));
    ballots.extend(voters(1, 1, &[0]));
    let g = greedy(&costs, &ballots, d(10));
    assert_eq!(g.funded, [0, 2]);
    assert_eq!(g.support, [d(5), d(4), d(3)]);
}

#[test]
fn greedy_ties_go_to_the_cheaper_then_to_the_first_written() {
    let costs = [d(5), d(3), d(3)];
    let ballots = voters(2, 1, &[0, 1, 2]);
    assert_eq!(greedy(&costs, &ballots, d(6)).funded, [1, 2]);
    assert_eq!(greedy(&costs, &ballots, d(5)).funded, [1]);
}

/// After equal shares and Add1, greedy spends what is left (hand-checked): budget 100, two
/// voters approve only X (cost 90), one voter only Y (cost 30). Shares start at 33.33: X's
/// supporters hold 66.67 (too little), Y's 33.33 buys Y. Add1 raises shares one unit at a
/// time; at 45 X becomes affordable and the outcome X + Y costs 120, over the budget, so the
/// outcome stays {Y} and greedy cannot add X (30 + 90 > 100).
#[test]
fn equal_shares_stays_within_the_budget_when_add1_overshoots() {
    let costs = [d(90), d(30)];
    let mut ballots = voters(2, 1, &[0]);
    ballots.extend(voters(1, 1, &[1]));
    let m = equal_shares(&costs, &ballots, d(100), d(1));
    assert_eq!(m.funded, [1]);
    assert_eq!(m.spent, d(30));
}

#[test]
fn a_voter_of_weight_two_acts_as_two_voters() {
    let costs = [d(60), d(50), d(40), d(30)];
    let weighted = vec![
        Approval {
            weight: d(2),
            approved: vec![0, 3],
        },
        Approval {
            weight: d(1),
            approved: vec![1],
        },
        Approval {
            weight: d(1),
            approved: vec![2, 1],
        },
    ];
    let mut split = voters(2, 1, &[0, 3]);
    split.push(weighted[1].clone());
    split.push(weighted[2].clone());
    for budget in [d(70), d(100), d(150)] {
        assert_eq!(
            equal_shares(&costs, &weighted, budget, d(1)).funded,
            equal_shares(&costs, &split, budget, d(1)).funded
        );
        assert_eq!(
            greedy(&costs, &weighted, budget).funded,
            greedy(&costs, &split, budget).funded
        );
    }
}

#[test]
fn quadratic_matching_rewards_many_small_contributors() {
    // Many: four people give 25 each → (4·5)² − 100 = 300. Few: one gives 100 → 0.
    // Two: 16 and 9 → (4 + 3)² − 25 = 24.
    let projects = vec![vec![d(25); 4], vec![d(100)], vec![d(16), d(9)]];
    let m = quadratic(&projects, d(1000), d(1), 2);
    assert_eq!(m.matches[0].raw, d(300));
    assert_eq!(m.matches[1].raw, d(0));
    assert_eq!(
        m.matches[1].amount,
        d(0),
        "a single contributor gets no match"
    );
    assert_eq!(m.matches[2].raw, d(24));
    // 1000 · 300/324 = 925.925…, 1000 · 24/324 = 74.074…: 925.92 + 74.07 = 999.99, the
    // cent left goes to the larger remainder (0.0059… against 0.0040…).
    assert_eq!(m.matches[0].amount, Decimal::new(92593, 2));
    assert_eq!(m.matches[2].amount, Decimal::new(7407, 2));
    assert_eq!(m.unallocated, d(0));
}

#[test]
fn a_capped_project_frees_its_excess_for_the_others() {
    let projects = vec![vec![d(25); 4], vec![d(16), d(9)], vec![d(4), d(4)]];
    // Raw: 300, 24, 8. A cap of 50 % of 1,000 cuts the first to 500; the other 500 is
    // shared 24 : 8 → 375 and 125.
    let m = quadratic(&projects, d(1000), Decimal::new(5, 1), 2);
    assert!(m.matches[0].capped);
    assert_eq!(m.matches[0].amount, d(500));
    assert_eq!(m.matches[1].amount, d(375));
    assert_eq!(m.matches[2].amount, d(125));
    // Everything capped: what no one may take stays unallocated.
    let m = quadratic(&projects[..1], d(1000), Decimal::new(5, 1), 2);
    assert_eq!(m.matches[0].amount, d(500));
    assert_eq!(m.unallocated, d(500));
}

fn approvals(options: usize) -> impl Strategy<Value = Vec<Approval>> {
    prop::collection::vec(
        (1i64..4, prop::collection::vec(0..options, 0..options)),
        1..30,
    )
    .prop_map(|raw| {
        raw.into_iter()
            .map(|(w, mut a)| {
                a.sort_unstable();
                a.dedup();
                Approval {
                    weight: d(w),
                    approved: a,
                }
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn selections_stay_within_the_budget_and_fund_only_approved_options(
        costs in prop::collection::vec(1i64..500, 6),
        ballots in approvals(6),
        budget in 1i64..1500,
    ) {
        let costs: Vec<Decimal> = costs.into_iter().map(d).collect();
        let approved: Vec<bool> = (0..6).map(|o| ballots.iter().any(|b| b.approved.contains(&o))).collect();
        for s in [greedy(&costs, &ballots, d(budget)), equal_shares(&costs, &ballots, d(budget), d(1))] {
            prop_assert!(s.spent <= d(budget));
            prop_assert_eq!(s.spent, s.funded.iter().map(|&o| costs[o]).sum::<Decimal>());
            for &o in &s.funded {
                prop_assert!(approved[o], "funded {} with no approval", o);
            }
            let mut unique = s.funded.clone();
            unique.sort_unstable();
            unique.dedup();
            prop_assert_eq!(unique.len(), s.funded.len());
        }
    }

    #[test]
    fn integer_weights_act_as_that_many_voters(
        costs in prop::collection::vec(1i64..300, 5),
        ballots in approvals(5),
        budget in 1i64..800,
    ) {
        let costs: Vec<Decimal> = costs.into_iter().map(d).collect();
        let split: Vec<Approval> = ballots.iter().flat_map(|b| {
            let n = b.weight.to_usize().unwrap();
            voters(n, 1, &b.approved)
        }).collect();
        prop_assert_eq!(greedy(&costs, &ballots, d(budget)).funded, greedy(&costs, &split, d(budget)).funded);
        prop_assert_eq!(
            equal_shares(&costs, &ballots, d(budget), d(1)).funded,
            equal_shares(&costs, &split, d(budget), d(1)).funded
        );
    }

    #[test]
    fn matches_share_out_the_pool_to_the_cent(
        projects in prop::collection::vec(prop::collection::vec(1i64..10_000, 0..8), 1..8),
        pool in 1i64..1_000_000,
        cap_percent in 10i64..=100,
    ) {
        let projects: Vec<Vec<Decimal>> = projects.into_iter()
            .map(|p| p.into_iter().map(|c| Decimal::new(c, 2)).collect())
            .collect();
        let pool = Decimal::new(pool, 2);
        let m = quadratic(&projects, pool, Decimal::new(cap_percent, 2), 2);
        let paid: Decimal = m.matches.iter().map(|x| x.amount).sum();
        prop_assert_eq!(paid + m.unallocated, pool);
        prop_assert!(m.unallocated >= Decimal::ZERO);
        let ceiling = pool * Decimal::new(cap_percent, 2);
        let any_open = m.matches.iter().any(|x| !x.raw.is_zero() && !x.capped);
        if any_open {
            prop_assert!(m.unallocated.is_zero(), "{:?}", m);
        }
        for x in &m.matches {
            prop_assert_eq!(x.amount.scale() <= 2, true);
            prop_assert!(x.amount <= ceiling + Decimal::new(1, 2));
            if x.contributors <= 1 {
                prop_assert!(x.amount.is_zero());
            }
        }
    }
}

#[test]
fn roots_are_exact_where_they_can_be_and_agree_with_decimal_sqrt() {
    assert_eq!(root(d(16)), d(4));
    assert_eq!(root(Decimal::new(225, 2)), Decimal::new(15, 1));
    for n in [2i64, 3, 5, 10, 12345, 99_999_999] {
        let diff = (root(d(n)) - d(n).sqrt().unwrap()).abs();
        assert!(diff < Decimal::new(1, 20), "√{n}: {diff}");
    }
}
