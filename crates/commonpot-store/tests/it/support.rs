use chrono::{DateTime, NaiveDate, Utc};
use commonpot_core::{
    Amount, Channel, Contribution, Currency, DeviceId, EntryId, Expense, Locale, MemberId,
    ProjectId, ProjectStatus,
};
use commonpot_store::{Association, Member, Project, Store};
use uuid::Uuid;

pub fn eur() -> Currency {
    Currency::from_code("EUR").unwrap()
}

pub fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_770_000_000 + seconds, 0).unwrap()
}

/// A UUIDv7 whose order follows `n`.
pub fn id(n: u64) -> Uuid {
    uuid::Builder::from_unix_timestamp_millis(1_770_000_000_000 + n, &[n as u8; 10]).into_uuid()
}

pub const PROJECT: u64 = 1_000_000;
pub const MEMBER: u64 = 1_000_001;

/// A store with one association, one project and one member, created with fixed ids.
pub fn store() -> Store {
    store_in(eur())
}

/// The same store keeping its books in `currency`.
pub fn store_in(currency: Currency) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    setup_in(&mut store, currency);
    store
}

fn setup_in(store: &mut Store, currency: Currency) {
    let association = Association {
        id: id(0),
        name: "Test".into(),
        currency,
        locale: Locale::parse("de").unwrap(),
        max_amount: Amount::from_units(100_000, currency),
        created_at: at(0),
        settings: Default::default(),
    };
    store
        .write(|w| {
            w.init_association(&association, DeviceId::from_uuid(id(1)), "Test laptop")?;
            w.insert_project(
                &Project {
                    id: ProjectId::from_uuid(id(PROJECT)),
                    code: "TREES".into(),
                    title: "Trees".into(),
                    description: String::new(),
                    goal: Amount::from_units(100, currency),
                    deadline: None,
                    status: ProjectStatus::Open,
                },
                at(0),
            )?;
            w.insert_member(
                &Member {
                    id: MemberId::from_uuid(id(MEMBER)),
                    name: "Zoë".into(),
                    email: None,
                    number: Some("M1".into()),
                    joined_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                },
                at(0),
            )
        })
        .unwrap();
}

pub fn contribution(n: u64, cents: i64) -> Contribution {
    Contribution {
        id: EntryId::from_uuid(id(n)),
        project: Some(ProjectId::from_uuid(id(PROJECT))),
        member: n.is_multiple_of(2).then(|| MemberId::from_uuid(id(MEMBER))),
        amount: Amount::from_minor(cents, eur()),
        channel: Channel::ALL[(n % 5) as usize],
        received_at: at(n as i64),
        collector: None,
        note: format!("gift {n}"),
        collection: None,
    }
}

pub fn expense(n: u64, cents: i64) -> Expense {
    Expense {
        id: EntryId::from_uuid(id(n)),
        project: ProjectId::from_uuid(id(PROJECT)),
        payee: "Nursery".into(),
        amount: Amount::from_minor(cents, eur()),
        paid_on: NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
        note: String::new(),
    }
}
