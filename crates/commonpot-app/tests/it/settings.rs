//! The association's settings as a person changes them and as a volunteer's laptop gets them.

use commonpot_app::{AssociationChange, Books, Field, NewAssociation, Setting, SettingsOf};

use crate::test_env;

fn lindenhof(path: &std::path::Path) -> Books {
    Books::create(
        path,
        NewAssociation {
            name: "Lindenhof".into(),
            currency: "EUR".into(),
            locale: Some("de-DE".into()),
            device_name: None,
        },
        test_env(),
    )
    .unwrap()
}

#[test]
fn one_bad_value_refuses_the_whole_change_and_names_its_setting() {
    let dir = tempfile::tempdir().unwrap();
    let mut books = lindenhof(&dir.path().join("books.sqlite"));
    let refused = books
        .update_association(
            AssociationChange {
                name: Some("Lindenhof e.V.".into()),
                ..AssociationChange::default()
            }
            .setting(Setting::Iban, "DE02120300000000202051")
            .setting(Setting::DisclosureThreshold, "0"),
        )
        .unwrap_err();
    assert_eq!(
        refused.field(),
        Some(Field::Setting(Setting::DisclosureThreshold))
    );
    let a = books.association();
    assert_eq!(a.name, "Lindenhof");
    assert_eq!(a.settings.text(Setting::Iban), None);
    assert_eq!(a.settings.count(Setting::DisclosureThreshold), 5);
}

#[test]
fn a_volunteer_laptop_keeps_the_organisers_settings_and_its_own_backups() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("stall-backups");
    std::fs::create_dir(&folder).unwrap();
    let mut org = lindenhof(&dir.path().join("books.sqlite"));
    org.update_association(
        AssociationChange::default()
            .setting(Setting::Iban, "DE02 1203 0000 0000 2020 51")
            .setting(Setting::ReceiptText, "Zuwendungsbestätigung")
            .setting(Setting::DisclosureThreshold, "7")
            .setting(Setting::BackupsKept, "30"),
    )
    .unwrap();
    let kit = dir.path().join("stall.cpkit");
    org.export_kit("Stall", &kit, None).unwrap();

    let laptop = dir.path().join("stall.sqlite");
    let (mut books, _) = Books::open_kit(&laptop, &kit, test_env()).unwrap();
    // Settings are changed on the organiser's laptop only.
    books
        .update_association(
            AssociationChange::default()
                .setting(Setting::BackupFolder, folder.display().to_string())
                .setting(Setting::BackupsKept, "3"),
        )
        .unwrap_err();
    drop(books);

    // As a new user would: the laptop is closed and opened again.
    let books = Books::open(&laptop, test_env()).unwrap();
    let settings = &books.association().settings;
    assert_eq!(settings.text(Setting::Iban), Some("DE02120300000000202051"));
    assert_eq!(
        settings.text(Setting::ReceiptText),
        Some("Zuwendungsbestätigung")
    );
    assert_eq!(settings.count(Setting::DisclosureThreshold), 7);
    assert_eq!(
        settings.count(Setting::BackupsKept),
        10,
        "how many backups a laptop keeps stays its own"
    );
}
