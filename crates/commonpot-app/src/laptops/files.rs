//! The files themselves: the header line, compression, checksum, signature and encryption.

use super::*;

/// Lower-case hex, as [`hex::encode`] writes it; anything else (upper case too) is damage.
pub(super) fn unhex(text: &str) -> Option<Vec<u8>> {
    text.bytes()
        .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        .then(|| hex::decode(text).ok())
        .flatten()
}

pub(super) fn mac(key: &[u8; 32], payload: &[u8]) -> HmacSha256 {
    let mut m = HmacSha256::new_from_slice(key).expect("HMAC takes any key length");
    m.update(payload);
    m
}

/// The file: its first line, then the compressed payload.
pub(super) fn seal(magic: &str, version: u32, payload: &[u8], key: Option<&[u8; 32]>) -> Vec<u8> {
    let compressed = gzip(payload);
    let mut line = format!(
        "{magic} {version} sha256={}",
        hex::encode(Sha256::digest(&compressed))
    );
    if let Some(key) = key {
        line.push_str(&format!(
            " hmac-sha256={}",
            hex::encode(mac(key, &compressed).finalize().into_bytes())
        ));
    }
    line.push('\n');
    let mut out = line.into_bytes();
    out.extend_from_slice(&compressed);
    out
}

/// A file opened and checked for damage, not yet inflated: its compressed payload and the
/// signature it claims.
pub(super) struct Opened {
    pub(super) version: u32,
    pub(super) compressed_start: usize,
    pub(super) signature: Option<Vec<u8>>,
    pub(super) bytes: Vec<u8>,
}

impl Opened {
    pub(super) fn compressed(&self) -> &[u8] {
        &self.bytes[self.compressed_start..]
    }

    /// The payload, inflated up to [`limits::INFLATED_MAX`].
    pub(super) fn inflate(&self, path: &Path) -> Result<Vec<u8>> {
        inflate(self.compressed(), path)
    }

    /// The payload's first line only (a bundle's header), inflating no more than 64 KiB: enough
    /// to tell a bundle of another association from a changed one before trusting anything.
    pub(super) fn first_line(&self) -> Option<Vec<u8>> {
        let mut head = Vec::new();
        let mut gz = GzDecoder::new(self.compressed()).take(64 * 1024);
        gz.read_to_end(&mut head).ok();
        let end = head.iter().position(|&b| b == b'\n')?;
        head.truncate(end);
        Some(head)
    }
}

/// Inflates a bundle's or kit's compressed content within [`limits::INFLATED_MAX`].
pub(super) fn inflate(compressed: &[u8], path: &Path) -> Result<Vec<u8>> {
    limits::gunzip(compressed, limits::INFLATED_MAX).map_err(|e| match e {
        limits::Inflate::TooLarge => {
            limits::too_large(Key::FileInflatesTooLarge, path, limits::INFLATED_MAX)
        }
        limits::Inflate::NotGzip => {
            AppError::refused(Text::new(Key::SyncDamaged).arg("path", path.display()))
        }
    })
}

pub(super) fn open_sealed(path: &Path, magic: &str, known: u32) -> Result<Opened> {
    let shown = path.display().to_string();
    let bytes = limits::read(path, limits::SEALED_FILE_MAX)?;
    let other = |key: Key| AppError::refused(Text::new(key).arg("path", &shown));
    let Some(newline) = bytes.iter().take(400).position(|&b| b == b'\n') else {
        return Err(wrong_kind(&bytes, magic, &shown));
    };
    let line = std::str::from_utf8(&bytes[..newline]).map_err(|_| other(Key::SyncDamaged))?;
    let mut words = line.split(' ');
    if words.next() != Some(magic) {
        return Err(wrong_kind(&bytes, magic, &shown));
    }
    let version: u32 = words
        .next()
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| other(Key::SyncDamaged))?;
    if version == 0 {
        return Err(other(Key::SyncDamaged));
    }
    if version > known {
        return Err(AppError::refused(
            Text::new(Key::SyncNewer)
                .arg("path", &shown)
                .arg("found", version)
                .arg("known", known),
        ));
    }
    let mut checksum = None;
    let mut signature = None;
    for word in words {
        match word.split_once('=') {
            Some(("sha256", h)) => checksum = unhex(h),
            Some(("hmac-sha256", h)) => signature = unhex(h),
            _ => return Err(other(Key::SyncDamaged)),
        }
    }
    if checksum.as_deref() != Some(Sha256::digest(&bytes[newline + 1..]).as_slice()) {
        return Err(other(Key::SyncDamaged));
    }
    Ok(Opened {
        version,
        compressed_start: newline + 1,
        signature,
        bytes,
    })
}

/// Whether the file at `path` is a kit encrypted under a passphrase (format 2 or later); false
/// for anything else, which opening the kit then reports.
pub fn kit_is_locked(path: &Path) -> bool {
    let mut head = Vec::with_capacity(400);
    let read = std::fs::File::open(path).and_then(|f| f.take(400).read_to_end(&mut head));
    if read.is_err() {
        return false;
    }
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let mut words = line.split(|&b| b == b' ');
    words.next() == Some(KIT_MAGIC.as_bytes())
        && words
            .next()
            .and_then(|v| std::str::from_utf8(v).ok()?.parse::<u32>().ok())
            .is_some_and(|v| v >= 2)
}

/// How a kit's key is made from its passphrase; the first line of an encrypted kit's payload.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct KitLock {
    pub(super) kdf: String,
    pub(super) rounds: u32,
    pub(super) salt: String,
}

/// The kit's JSON from an encrypted kit's payload, with the passphrase given.
pub(super) fn unlock_kit(
    path: &Path,
    payload: &[u8],
    passphrase: Option<&Passphrase>,
) -> Result<Vec<u8>> {
    let shown = path.display().to_string();
    let split = payload
        .iter()
        .position(|&b| b == b'\n')
        .ok_or_else(|| unreadable(path, "no lock"))?;
    let lock: KitLock =
        serde_json::from_slice(&payload[..split]).map_err(|e| unreadable(path, e))?;
    let salt = unhex(&lock.salt).ok_or_else(|| unreadable(path, "salt"))?;
    if lock.kdf != "pbkdf2-hmac-sha256" || !(1..=10_000_000).contains(&lock.rounds) {
        return Err(unreadable(
            path,
            format!("key derivation {} {}", lock.kdf, lock.rounds),
        ));
    }
    let Some(passphrase) = passphrase else {
        return Err(AppError::refused_at(
            Field::Passphrase,
            Text::new(Key::SyncKitLocked).arg("path", &shown),
        ));
    };
    let key = cipher::passphrase_key(passphrase.as_str(), &salt, lock.rounds);
    let compressed =
        cipher::open_box(&key, &payload[..split], &payload[split + 1..]).ok_or_else(|| {
            AppError::refused_at(
                Field::Passphrase,
                Text::new(Key::SyncKitWrongPassphrase).arg("path", &shown),
            )
        })?;
    inflate(&compressed, path)
}

pub(super) fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::with_capacity(bytes.len() / 4), Compression::fast());
    gz.write_all(bytes).expect("writing to memory");
    gz.finish().expect("writing to memory")
}

pub(super) fn wrong_kind(bytes: &[u8], magic: &str, shown: &str) -> AppError {
    let is = |m: &str| bytes.starts_with(m.as_bytes());
    let key = match magic {
        BUNDLE_MAGIC if is(KIT_MAGIC) => Key::SyncIsKit,
        BUNDLE_MAGIC => Key::SyncNotBundle,
        _ => Key::SyncNotKit,
    };
    AppError::refused(Text::new(key).arg("path", shown))
}

pub(super) fn unreadable(path: &Path, detail: impl std::fmt::Display) -> AppError {
    AppError::refused(
        Text::new(Key::SyncUnreadable)
            .arg("path", path.display())
            .arg("detail", detail),
    )
}
