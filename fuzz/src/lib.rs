//! What the fuzz targets share: real books in a scratch folder.

use commonpot_app::{Books, Env, NewAssociation};

/// A new association "Fuzz Street" in euros, in a scratch folder that lives as long as the
/// returned `TempDir`.
pub fn scratch_books(locale: &str) -> (tempfile::TempDir, Books) {
    let dir = tempfile::tempdir().unwrap();
    let books = Books::create(
        &dir.path().join("books.sqlite"),
        NewAssociation {
            name: "Fuzz Street".into(),
            currency: "EUR".into(),
            locale: Some(locale.into()),
            device_name: None,
        },
        Env::system(),
    )
    .unwrap();
    (dir, books)
}
