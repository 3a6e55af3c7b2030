//! What the crash and fault tests share: an association to break, and a volunteer laptop's
//! bundle to import into it.

use std::path::{Path, PathBuf};

use commonpot_app::{Books, Env, NewAssociation, NewContribution, NewMember, NewProject};

/// A new association `name` at `path` with the project TREES and member number 1.
pub fn street_association(path: &Path, name: &str) -> Books {
    let mut books = Books::create(
        path,
        NewAssociation {
            name: name.into(),
            currency: "EUR".into(),
            locale: Some("de-DE".into()),
            device_name: Some("Organiser".into()),
        },
        Env::system(),
    )
    .unwrap();
    books
        .add_project(NewProject {
            title: "Street trees".into(),
            goal: "50000".into(),
            code: Some("TREES".into()),
            ..NewProject::default()
        })
        .unwrap();
    books
        .add_member(NewMember {
            name: "Ada Example".into(),
            number: Some("1".into()),
            ..NewMember::default()
        })
        .unwrap();
    books
}

/// The bundle of a laptop that opened a kit of the books at `template` and recorded
/// `entries` gifts to TREES, written to `dir/stall.cpbundle`.
pub fn laptop_bundle(dir: &Path, template: &Path, entries: usize) -> PathBuf {
    let mut organiser = Books::open(template, Env::system()).unwrap();
    let kit = dir.join("stall.cpkit");
    organiser.export_kit("Stall", &kit, None).unwrap();
    let (mut laptop, _) = Books::open_kit(&dir.join("stall.sqlite"), &kit, Env::system()).unwrap();
    for i in 0..entries {
        laptop
            .record_contribution(NewContribution {
                project: "TREES".into(),
                amount: format!("{},50", 1 + i % 20),
                channel: "cash".into(),
                ..NewContribution::default()
            })
            .unwrap();
    }
    let bundle = dir.join("stall.cpbundle");
    laptop.export_bundle(&bundle, false).unwrap();
    bundle
}
