//! The demo association: a believable neighbourhood association with a year of books, made
//! the same way every time for a given seed, so that screenshots, tests and benchmarks can
//! rely on it. Nothing is fetched: names and projects are written here.

use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use commonpot_core::{
    Amount, Channel, Contribution, Currency, DeviceId, EntryId, EntryKind, Expense, Key, Locale,
    MemberId, ProjectId, ProjectStatus, Reversal, Text,
};
use commonpot_store::{Association, Member, Project, Store};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use crate::{AppError, Field, Result};

#[derive(Clone, Copy, Debug)]
pub struct DemoOptions {
    pub members: u32,
    pub contributions: u64,
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            members: 120,
            contributions: 5_000,
            seed: 1,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoReport {
    pub name: String,
    pub members: u32,
    pub projects: u32,
    pub contributions: u64,
    pub expenses: u64,
    pub reversals: u64,
    pub digest: String,
}

/// Members whose names a statement must print correctly: accents, Polish, Greek, Korean.
const NAMED_MEMBERS: &[&str] = &[
    "Zoë Müller",
    "Łukasz Wójcik",
    "Ελένη Παπαδοπούλου",
    "김민준",
];

const FIRST_NAMES: &[&str] = &[
    "Anna",
    "Jonas",
    "Fatma",
    "Mehmet",
    "Sofia",
    "Lukas",
    "Amélie",
    "Björn",
    "Chiara",
    "Dmitri",
    "Ingrid",
    "José",
    "Kateřina",
    "Léa",
    "Marek",
    "Nadia",
    "Olusegun",
    "Priya",
    "Søren",
    "Yuki",
    "Zofia",
    "Émile",
    "Ömer",
    "Hana",
    "Tomasz",
    "Maria",
    "Aisha",
    "Jörg",
    "Renée",
    "Giorgos",
    "Αλέξανδρος",
    "Ольга",
    "서연",
    "François",
    "Agnieszka",
];
const LAST_NAMES: &[&str] = &[
    "Schmidt",
    "Yılmaz",
    "Kowalski",
    "Dubois",
    "Rossi",
    "Novák",
    "Jensen",
    "García",
    "Nakamura",
    "Petrov",
    "Okafor",
    "Fischer",
    "Lefèvre",
    "Nowak",
    "Bianchi",
    "Hansen",
    "Ivanova",
    "Çelik",
    "Weiß",
    "Sánchez",
    "Horváth",
    "O'Brien",
    "Brzęczyszczykiewicz",
    "Γεωργίου",
    "Смирнова",
    "이",
    "박",
];

struct DemoProject {
    code: &'static str,
    title: &'static str,
    description: &'static str,
    goal_units: i64,
    status: ProjectStatus,
    /// Relative share of the contributions it receives.
    pull: u32,
}

const PROJECTS: &[DemoProject] = &[
    DemoProject {
        code: "PLAYGROUND",
        title: "Playground renovation",
        description: "New swings, a climbing frame and soft ground for the playground on Lindenplatz.",
        goal_units: 12_000,
        status: ProjectStatus::Open,
        pull: 30,
    },
    DemoProject {
        code: "TREES",
        title: "Street trees for Lindenstraße",
        description: "Twelve young lime trees with watering bags, planted with the city's permission.",
        goal_units: 4_500,
        status: ProjectStatus::Funded,
        pull: 18,
    },
    DemoProject {
        code: "REPAIR-CAFE",
        title: "Repair café tools",
        description: "Soldering stations, a sewing machine and hand tools for the monthly repair café.",
        goal_units: 1_800,
        status: ProjectStatus::Done,
        pull: 9,
    },
    DemoProject {
        code: "WINTER-FUND",
        title: "Winter fund",
        description: "Heating-cost help for neighbours in need, decided case by case by the board.",
        goal_units: 3_000,
        status: ProjectStatus::Open,
        pull: 14,
    },
    DemoProject {
        code: "BENCH",
        title: "Bench on the square",
        description: "A solid oak bench under the old lime tree.",
        goal_units: 900,
        status: ProjectStatus::Done,
        pull: 5,
    },
    DemoProject {
        code: "GARDEN",
        title: "Community garden beds",
        description: "Raised beds in the courtyard of number 14, to be voted on.",
        goal_units: 2_500,
        status: ProjectStatus::Proposed,
        pull: 0,
    },
    DemoProject {
        code: "BOOKS",
        title: "Book exchange cabinet",
        description: "A weatherproof cabinet for swapping books at the bus stop.",
        goal_units: 600,
        status: ProjectStatus::Open,
        pull: 6,
    },
    DemoProject {
        code: "FESTIVAL",
        title: "Summer festival",
        description: "Cancelled: the square is under construction this summer.",
        goal_units: 2_000,
        status: ProjectStatus::Cancelled,
        pull: 0,
    },
];

/// Share of contributions that go to the general fund instead of a project, in percent.
const GENERAL_FUND_PERCENT: u32 = 10;
/// Share of contributions entered twice by mistake and reversed, in tenths of a percent.
const REVERSED_PER_MILLE: u32 = 4;

/// Builds the demo association in a new file at `path`.
pub fn build_demo(path: &Path, options: DemoOptions) -> Result<DemoReport> {
    if path.exists()
        && std::fs::metadata(path)
            .map(|m| m.len() > 0)
            .unwrap_or(false)
    {
        return Err(AppError::refused(
            Text::new(Key::DemoFileExists).arg("path", path.display()),
        ));
    }
    if options.members < NAMED_MEMBERS.len() as u32 {
        return Err(AppError::invalid(
            Field::DemoMembers,
            Text::new(Key::DemoTooFewMembers).arg("min", NAMED_MEMBERS.len()),
        ));
    }
    if options.contributions > 20_000_000 {
        return Err(AppError::invalid(
            Field::DemoContributions,
            Text::new(Key::DemoTooManyContributions).arg("max", "20,000,000"),
        ));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| AppError::io(Key::CannotCreateFolder, dir, e))?;
    }
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let currency = Currency::from_code("EUR").expect("EUR");
    let start = Utc
        .with_ymd_and_hms(2025, 11, 1, 9, 0, 0)
        .single()
        .expect("valid");
    let end = Utc
        .with_ymd_and_hms(2026, 10, 31, 18, 0, 0)
        .single()
        .expect("valid");
    let mut ids = DemoIds {
        rng: ChaCha8Rng::seed_from_u64(options.seed ^ 0x5eed),
    };

    let association = Association {
        id: ids.at(start),
        name: "Lindenhof Neighbourhood Association".into(),
        currency,
        locale: Locale::parse("de-DE").expect("de-DE"),
        max_amount: Amount::from_units(100_000, currency),
        created_at: start,
        settings: Default::default(),
    };
    let device = DeviceId::from_uuid(ids.at(start));

    let members: Vec<Member> = (0..options.members)
        .map(|i| {
            let name = match NAMED_MEMBERS.get(i as usize) {
                Some(n) => n.to_string(),
                None => format!(
                    "{} {}",
                    FIRST_NAMES[rng.random_range(0..FIRST_NAMES.len())],
                    LAST_NAMES[rng.random_range(0..LAST_NAMES.len())]
                ),
            };
            let email = rng.random_bool(0.6).then(|| {
                let ascii: String = deunicode::deunicode(&name)
                    .to_lowercase()
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '.' })
                    .collect();
                format!("{}{}@example.org", ascii.trim_matches('.'), i + 1)
            });
            let joined = start - Duration::days(rng.random_range(0..1_000));
            Member {
                id: MemberId::from_uuid(ids.at(start)),
                name,
                email,
                number: Some(format!("M-{:04}", i + 1)),
                joined_on: joined.date_naive(),
            }
        })
        .collect();

    let projects: Vec<Project> = PROJECTS
        .iter()
        .map(|p| Project {
            id: ProjectId::from_uuid(ids.at(start)),
            code: p.code.into(),
            title: p.title.into(),
            description: p.description.into(),
            goal: Amount::from_units(p.goal_units, currency),
            deadline: (p.status == ProjectStatus::Open)
                .then(|| NaiveDate::from_ymd_opt(2027, 6, 30).expect("valid")),
            status: p.status,
        })
        .collect();
    let pulls: Vec<(usize, u32)> = PROJECTS
        .iter()
        .enumerate()
        .filter(|(_, p)| p.pull > 0)
        .map(|(i, p)| (i, p.pull))
        .collect();
    let pull_total: u32 = pulls.iter().map(|(_, w)| w).sum();
    let collectors: Vec<MemberId> = members.iter().take(6).map(|m| m.id).collect();

    // Expenses: a few per funded or finished project and some for the open ones, spread over
    // the year in date order.
    let mut expenses: Vec<(DateTime<Utc>, usize, &str, i64)> = Vec::new();
    for (i, p) in PROJECTS.iter().enumerate() {
        let (n, payees): (u32, &[&str]) = match p.status {
            ProjectStatus::Done | ProjectStatus::Funded => (
                4,
                &[
                    "Baumschule Grünwald",
                    "Hardware store Koch",
                    "City parks office",
                ],
            ),
            ProjectStatus::Open => (2, &["Print shop Lindenhof", "Hardware store Koch"]),
            _ => (0, &[]),
        };
        for _ in 0..n {
            let at = start + Duration::seconds(rng.random_range(0..(end - start).num_seconds()));
            let minor = rng.random_range(20..=p.goal_units / 5) * 100 + rng.random_range(0..100);
            expenses.push((at, i, payees[rng.random_range(0..payees.len())], minor));
        }
    }
    expenses.sort_by_key(|e| e.0);

    let mut store = Store::open(path, true)?;
    let mut report = DemoReport {
        name: association.name.clone(),
        members: options.members,
        projects: projects.len() as u32,
        contributions: options.contributions,
        expenses: expenses.len() as u64,
        reversals: 0,
        digest: String::new(),
    };
    let span_ms = (end - start).num_milliseconds().max(1);
    let mean_gap_ms = (span_ms / (options.contributions as i64 + 1)).max(3);
    store.write(|w| {
        w.init_association(&association, device, "Demo laptop")?;
        for m in &members {
            w.insert_member(m, start)?;
        }
        for p in &projects {
            w.insert_project(p, start)?;
        }
        let mut at = start;
        let mut next_expense = expenses.iter().peekable();
        for _ in 0..options.contributions {
            // Gaps of at least 3 ms keep every entry's id above the previous one's, so the
            // running digest extends and never needs recomputing.
            at += Duration::milliseconds(rng.random_range(3..=2 * mean_gap_ms));
            while let Some(&&(when, project, payee, minor)) = next_expense.peek() {
                if when > at {
                    break;
                }
                next_expense.next();
                let e = Expense {
                    id: EntryId::from_uuid(ids.at(at - Duration::milliseconds(1))),
                    project: projects[project].id,
                    payee: payee.into(),
                    amount: Amount::from_minor(minor, currency),
                    paid_on: at.date_naive(),
                    note: "Invoice paid by transfer".into(),
                };
                let meta = w.next_meta(at - Duration::milliseconds(1))?;
                w.insert_expense(&e, &meta)?;
            }
            let c = demo_contribution(
                &mut rng,
                &mut ids,
                at,
                currency,
                &projects,
                &pulls,
                pull_total,
                &members,
                &collectors,
            );
            let meta = w.next_meta(at)?;
            w.insert_contribution(&c, &meta)?;
            if rng.random_range(0..1000) < REVERSED_PER_MILLE {
                let later = at + Duration::milliseconds(1);
                let r = Reversal {
                    id: EntryId::from_uuid(ids.at(later)),
                    reversed: c.id,
                    reversed_kind: EntryKind::Contribution,
                    reason: "entered twice by mistake".into(),
                };
                let meta = w.next_meta(later)?;
                w.insert_reversal(&r, &meta)?;
                report.reversals += 1;
            }
        }
        // The remaining expenses of the year, unless the demo is an empty year.
        for &(when, project, payee, minor) in next_expense.filter(|_| options.contributions > 0) {
            let at = when.max(at + Duration::milliseconds(1));
            let e = Expense {
                id: EntryId::from_uuid(ids.at(at)),
                project: projects[project].id,
                payee: payee.into(),
                amount: Amount::from_minor(minor, currency),
                paid_on: at.date_naive(),
                note: "Invoice paid by transfer".into(),
            };
            let meta = w.next_meta(at)?;
            w.insert_expense(&e, &meta)?;
        }
        Ok::<_, AppError>(())
    })?;
    report.digest = commonpot_store::ledger_digest(store.conn())?.1.to_hex();
    Ok(report)
}

#[allow(clippy::too_many_arguments)]
fn demo_contribution(
    rng: &mut ChaCha8Rng,
    ids: &mut DemoIds,
    at: DateTime<Utc>,
    currency: Currency,
    projects: &[Project],
    pulls: &[(usize, u32)],
    pull_total: u32,
    members: &[Member],
    collectors: &[MemberId],
) -> Contribution {
    let channel = match rng.random_range(0..100) {
        0..45 => Channel::Cash,
        45..75 => Channel::Transfer,
        75..85 => Channel::Card,
        85..95 => Channel::Mobile,
        _ => Channel::Other,
    };
    let project = if rng.random_range(0..100) < GENERAL_FUND_PERCENT {
        None
    } else {
        let mut pick = rng.random_range(0..pull_total);
        let mut chosen = pulls[0].0;
        for &(i, w) in pulls {
            if pick < w {
                chosen = i;
                break;
            }
            pick -= w;
        }
        Some(projects[chosen].id)
    };
    // Cash is mostly anonymous; other channels name the member. A few members give often.
    let named = match channel {
        Channel::Cash => rng.random_bool(0.35),
        _ => rng.random_bool(0.9),
    };
    let member = named.then(|| {
        let skewed = (rng.random::<f64>().powi(2) * members.len() as f64) as usize;
        members[skewed.min(members.len() - 1)].id
    });
    let cents: i64 = match channel {
        Channel::Cash => {
            [50, 100, 200, 250, 300, 500, 500, 1000, 1000, 2000][rng.random_range(0..10)]
        }
        Channel::Transfer => {
            [500, 1000, 1500, 2000, 2500, 5000, 10000][rng.random_range(0..7)]
                + rng.random_range(0..2) * 50
        }
        _ => rng.random_range(1..=60) * 50,
    };
    let collector =
        (channel == Channel::Cash).then(|| collectors[rng.random_range(0..collectors.len())]);
    let note = match (channel, rng.random_range(0..20)) {
        (Channel::Cash, 0) => "Street stall on Lindenplatz",
        (Channel::Transfer, 0) => "Standing order",
        (_, 1) => "Thank you!",
        _ => "",
    };
    Contribution {
        id: EntryId::from_uuid(ids.at(at)),
        project,
        member,
        amount: Amount::from_minor(cents * 10i64.pow(currency.minor_units()) / 100, currency),
        channel,
        received_at: at,
        collector,
        note: note.into(),
        collection: None,
    }
}

/// UUIDv7 ids from the demo's own clock and a seeded generator.
struct DemoIds {
    rng: ChaCha8Rng,
}

impl DemoIds {
    fn at(&mut self, at: DateTime<Utc>) -> Uuid {
        let random: [u8; 10] = self.rng.random();
        uuid::Builder::from_unix_timestamp_millis(at.timestamp_millis() as u64, &random).into_uuid()
    }
}
