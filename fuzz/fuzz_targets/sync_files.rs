//! Bundles and kits from other laptops. Raw bytes test the first line, checksum and
//! signature; bytes sealed as a real laptop would (gzip, SHA-256, and the association's
//! HMAC key for bundles) reach the JSON and every check of its entries. Never a panic, and a
//! dry-run import never changes the books.
#![no_main]

use std::io::Write;
use std::sync::{Mutex, OnceLock};

use commonpot_app::{Books, Env, NewProject};
use commonpot_store::Connection;
use flate2::{Compression, write::GzEncoder};
use hmac::{Hmac, Mac};
use libfuzzer_sys::fuzz_target;
use sha2::{Digest, Sha256};

struct Target {
    books: Books,
    key: Vec<u8>,
    dir: tempfile::TempDir,
    digest: String,
}

fn target() -> &'static Mutex<Target> {
    static TARGET: OnceLock<Mutex<Target>> = OnceLock::new();
    TARGET.get_or_init(|| {
        let (dir, mut books) = commonpot_fuzz::scratch_books("de-DE");
        let db = dir.path().join("books.sqlite");
        books
            .add_project(NewProject {
                title: "Trees".into(),
                goal: "1000".into(),
                code: Some("TREES".into()),
                ..NewProject::default()
            })
            .unwrap();
        let key: Vec<u8> = Connection::open(&db)
            .unwrap()
            .query_row("SELECT sync_key FROM association", [], |r| r.get(0))
            .unwrap();
        let digest = books.summary().unwrap().digest;
        Mutex::new(Target {
            books,
            key,
            dir,
            digest,
        })
    })
}

fn seal(magic: &str, payload: &[u8], key: Option<&[u8]>) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    gz.write_all(payload).unwrap();
    let compressed = gz.finish().unwrap();
    let mut line = format!(
        "{magic} 1 sha256={}",
        hex::encode(Sha256::digest(&compressed))
    );
    if let Some(key) = key {
        let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
        mac.update(&compressed);
        line.push_str(&format!(
            " hmac-sha256={}",
            hex::encode(mac.finalize().into_bytes())
        ));
    }
    line.push('\n');
    let mut out = line.into_bytes();
    out.extend_from_slice(&compressed);
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let mut t = target().lock().unwrap();
    let key = t.key.clone();
    let file = t.dir.path().join("input");
    match selector % 4 {
        0 => std::fs::write(&file, rest).unwrap(),
        1 => std::fs::write(&file, seal("COMMONPOT-BUNDLE", rest, Some(&key))).unwrap(),
        2 => std::fs::write(&file, rest).unwrap(),
        _ => std::fs::write(&file, seal("COMMONPOT-KIT", rest, None)).unwrap(),
    }
    if selector % 4 < 2 {
        let _ = t.books.import_bundle(&file, true);
        assert_eq!(
            t.books.summary().unwrap().digest,
            t.digest,
            "a dry run changed the books"
        );
    } else {
        let laptop = t.dir.path().join("laptop.sqlite");
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", laptop.display()));
        }
        let _ = Books::open_kit(&laptop, &file, Env::system());
    }
});
