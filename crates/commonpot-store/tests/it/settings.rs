//! The association's settings: kept by column without the store knowing what they mean.

use commonpot_store::{SettingValue, Settings};

use crate::support::store;

#[test]
fn a_new_association_has_each_setting_at_its_column_default() {
    let store = store();
    let settings = &store.association().unwrap().settings;
    assert_eq!(
        settings.get("backups_kept"),
        Some(&SettingValue::Number(10))
    );
    assert_eq!(
        settings.get("disclosure_threshold"),
        Some(&SettingValue::Number(5))
    );
    assert_eq!(settings.get("iban"), Some(&SettingValue::Absent));
    for identity in ["id", "name", "currency", "sync_key", "role"] {
        assert_eq!(settings.get(identity), None, "{identity} is no setting");
    }
}

#[test]
fn a_setting_changed_is_read_back_and_one_left_out_keeps_its_value() {
    let mut store = store();
    let mut changed = store.association().unwrap().clone();
    changed.settings = Settings::default();
    changed
        .settings
        .set("iban", SettingValue::Text("DE02120300000000202051".into()));
    changed
        .settings
        .set("backups_kept", SettingValue::Number(30));
    store.write(|w| w.update_association(&changed)).unwrap();
    let read = store.association().unwrap().settings.clone();
    assert_eq!(
        read.get("iban"),
        Some(&SettingValue::Text("DE02120300000000202051".into()))
    );
    assert_eq!(read.get("backups_kept"), Some(&SettingValue::Number(30)));
    assert_eq!(
        read.get("disclosure_threshold"),
        Some(&SettingValue::Number(5))
    );

    changed.settings = Settings::default();
    changed.settings.set("iban", SettingValue::Absent);
    store.write(|w| w.update_association(&changed)).unwrap();
    assert_eq!(
        store.association().unwrap().settings.get("iban"),
        Some(&SettingValue::Absent)
    );
}

#[test]
fn a_column_the_file_does_not_have_is_refused_and_nothing_is_written() {
    let mut store = store();
    let mut changed = store.association().unwrap().clone();
    changed.name = "Renamed".into();
    changed.settings = Settings::default();
    changed
        .settings
        .set("name\" = 'x', \"id", SettingValue::Number(1));
    assert!(store.write(|w| w.update_association(&changed)).is_err());
    assert_eq!(store.association().unwrap().name, "Test");
}

#[test]
fn the_database_refuses_a_value_outside_a_settings_check() {
    let mut store = store();
    let mut changed = store.association().unwrap().clone();
    changed.settings = Settings::default();
    changed
        .settings
        .set("backups_kept", SettingValue::Number(0));
    assert!(store.write(|w| w.update_association(&changed)).is_err());
    assert_eq!(
        store.association().unwrap().settings.get("backups_kept"),
        Some(&SettingValue::Number(10))
    );
}
