//! The use cases against a model: whatever sequence of contributions, expenses and reversals an
//! organiser records, the figures the books show equal a plain fold over that sequence.

mod backups;
mod merge;
mod settings;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use commonpot_app::{
    AppError, AssociationChange, Books, Env, NewAssociation, NewContribution, NewExpense,
    NewMember, NewProject,
};
use commonpot_core::{Amount, Channel, Currency, EntryId};
use proptest::prelude::*;

/// A clock that ticks one second per reading and UUIDv7 ids that follow it.
fn test_env() -> Env {
    let mut t = DateTime::<Utc>::from_timestamp(1_770_000_000, 0).unwrap();
    let mut n: u64 = 0;
    Env {
        now: Box::new(move || {
            t += chrono::Duration::seconds(1);
            t
        }),
        new_id: Box::new(move |at| {
            n += 1;
            let mut random = [0u8; 10];
            random[2..].copy_from_slice(&n.to_be_bytes());
            uuid::Builder::from_unix_timestamp_millis(at.timestamp_millis() as u64, &random)
                .into_uuid()
        }),
        passphrase: None,
    }
}

#[derive(Clone, Debug)]
enum Op {
    Give {
        project: Option<usize>,
        member: Option<usize>,
        cents: i64,
        channel: usize,
    },
    Spend {
        project: usize,
        cents: i64,
    },
    Reverse {
        pick: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (proptest::option::of(0usize..3), proptest::option::of(0usize..3), 1i64..=2_000_000, 0usize..5)
            .prop_map(|(project, member, cents, channel)| Op::Give { project, member, cents, channel }),
        2 => (0usize..3, 1i64..=500_000).prop_map(|(project, cents)| Op::Spend { project, cents }),
        2 => any::<usize>().prop_map(|pick| Op::Reverse { pick }),
    ]
}

/// What the books should show, folded from the operations alone.
#[derive(Default, Debug)]
struct Model {
    raised: HashMap<Option<usize>, i64>,
    spent: HashMap<usize, i64>,
    gifts_by_member: HashMap<(Option<usize>, Option<usize>), i64>,
    by_channel: HashMap<usize, (i64, u64)>,
    entries: Vec<(EntryId, Op, bool)>,
}

const PROJECTS: [&str; 3] = ["TREES", "BENCH", "BOOKS"];
const MEMBERS: [&str; 3] = ["M1", "M2", "M3"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn figures_equal_a_fold_over_the_operations(ops in proptest::collection::vec(op(), 1..60), locale in prop::sample::select(vec!["de-DE", "en-GB", "fr-FR"])) {
        let dir = tempfile::tempdir().unwrap();
        let mut books = Books::create(
            &dir.path().join("books.sqlite"),
            NewAssociation { name: "Model".into(), currency: "EUR".into(), locale: Some(locale.into()), device_name: None },
            test_env(),
        ).unwrap();
        let eur = Currency::from_code("EUR").unwrap();
        let written = |cents: i64| books_locale(locale).format_amount(Amount::from_minor(cents, eur));
        for (i, code) in PROJECTS.iter().enumerate() {
            books.add_project(NewProject { title: format!("Project {i}"), goal: "1000".into(), code: Some((*code).into()), ..NewProject::default() }).unwrap();
        }
        for (i, number) in MEMBERS.iter().enumerate() {
            books.add_member(NewMember { name: format!("Member {i}"), number: Some((*number).into()), ..NewMember::default() }).unwrap();
        }
        let mut model = Model::default();
        for op in ops {
            match op.clone() {
                Op::Give { project, member, cents, channel } => {
                    let id = books.record_contribution(NewContribution {
                        project: project.map_or("general".into(), |p| PROJECTS[p].to_string()),
                        amount: written(cents),
                        channel: Channel::ALL[channel].to_string(),
                        member: member.map(|m| MEMBERS[m].to_string()),
                        ..NewContribution::default()
                    }).unwrap().id;
                    *model.raised.entry(project).or_default() += cents;
                    *model.gifts_by_member.entry((project, member)).or_default() += 1;
                    let c = model.by_channel.entry(channel).or_default();
                    c.0 += cents;
                    c.1 += 1;
                    model.entries.push((id, op, false));
                }
                Op::Spend { project, cents } => {
                    let id = books.record_expense(NewExpense { project: PROJECTS[project].into(), amount: written(cents), payee: "Shop".into(), ..NewExpense::default() }).unwrap();
                    *model.spent.entry(project).or_default() += cents;
                    model.entries.push((id, op, false));
                }
                Op::Reverse { pick } => {
                    if model.entries.is_empty() {
                        continue;
                    }
                    let i = pick % model.entries.len();
                    let (id, target, reversed) = model.entries[i].clone();
                    let result = books.reverse(&id.to_string(), "test");
                    if reversed {
                        prop_assert!(matches!(result, Err(AppError::Refused { .. })), "{:?}", result);
                        continue;
                    }
                    result.unwrap();
                    model.entries[i].2 = true;
                    match target {
                        Op::Give { project, member, cents, channel } => {
                            *model.raised.entry(project).or_default() -= cents;
                            *model.gifts_by_member.entry((project, member)).or_default() -= 1;
                            let c = model.by_channel.entry(channel).or_default();
                            c.0 -= cents;
                            c.1 -= 1;
                        }
                        Op::Spend { project, cents } => *model.spent.entry(project).or_default() -= cents,
                        Op::Reverse { .. } => unreachable!(),
                    }
                }
            }
        }

        let projects = books.projects().unwrap();
        for (i, p) in projects.iter().enumerate() {
            prop_assert_eq!(p.raised, Amount::from_minor(model.raised.get(&Some(i)).copied().unwrap_or(0), eur));
            prop_assert_eq!(p.spent, Amount::from_minor(model.spent.get(&i).copied().unwrap_or(0), eur));
            let contributors = (0..3).filter(|m| model.gifts_by_member.get(&(Some(i), Some(*m))).copied().unwrap_or(0) > 0).count();
            prop_assert_eq!(p.contributors, contributors as u64);
            prop_assert_eq!(p.anonymous_gifts, model.gifts_by_member.get(&(Some(i), None)).copied().unwrap_or(0) as u64);
        }
        let summary = books.summary().unwrap();
        prop_assert_eq!(summary.general_fund, Amount::from_minor(model.raised.get(&None).copied().unwrap_or(0), eur));
        for total in &summary.channels {
            let index = Channel::ALL.iter().position(|c| *c == total.channel).unwrap();
            let (cents, count) = model.by_channel.get(&index).copied().unwrap_or((0, 0));
            prop_assert_eq!(total.raised, Amount::from_minor(cents, eur));
            prop_assert_eq!(total.contributions, count);
        }
        let reversals = model.entries.iter().filter(|e| e.2).count();
        prop_assert_eq!(summary.entry_count, (model.entries.len() + reversals) as u64);
        let report = books.verify().unwrap();
        prop_assert!(report.problems.is_empty(), "{:?}", report.problems);
        prop_assert_eq!(report.digest, summary.digest);
    }
}

fn books_locale(tag: &str) -> commonpot_core::Locale {
    commonpot_core::Locale::parse(tag).unwrap()
}

#[test]
fn a_contribution_over_the_maximum_is_refused_until_the_maximum_is_raised() {
    let dir = tempfile::tempdir().unwrap();
    let mut books = Books::create(
        &dir.path().join("b.sqlite"),
        NewAssociation {
            name: "Max".into(),
            currency: "JPY".into(),
            locale: Some("ja".into()),
            device_name: None,
        },
        test_env(),
    )
    .unwrap();
    books
        .add_project(NewProject {
            title: "Festival".into(),
            goal: "500,000".into(),
            ..NewProject::default()
        })
        .unwrap();
    let give = |books: &mut Books, amount: &str| {
        books.record_contribution(NewContribution {
            project: "FESTIVAL".into(),
            amount: amount.into(),
            channel: "cash".into(),
            ..NewContribution::default()
        })
    };
    let err = give(&mut books, "150,000").unwrap_err();
    assert_eq!(err.field(), Some(commonpot_app::Field::Amount));
    assert_eq!(
        err.to_string(),
        "amount: \"150,000\" is more than the maximum single amount of 100,000 JPY; write a positive amount in JPY like 2 or 1,234"
    );
    assert_eq!(
        books
            .update_association(AssociationChange {
                max_amount: Some("200,000".into()),
                ..AssociationChange::default()
            })
            .unwrap()
            .max_amount
            .to_string(),
        "200000"
    );
    give(&mut books, "150,000").unwrap();
    assert!(
        give(&mut books, "1.5")
            .unwrap_err()
            .to_string()
            .contains("has 1 decimal place but JPY has none")
    );
}
