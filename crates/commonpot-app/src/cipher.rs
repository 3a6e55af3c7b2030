//! Encryption of the files laptops exchange, which carry members' names: a bundle's body under
//! a key derived from the association's key (which only the association's files and kits
//! hold), and a kit, when its maker gives a passphrase, under a key derived from it.
//!
//! ChaCha20-Poly1305 (RustCrypto's `chacha20poly1305`), a fresh random 96-bit nonce per file
//! written in front of the ciphertext; what travels in clear beside it (a bundle's header: the
//! association, the laptop, its sequence ranges — no member data) is bound to it as
//! associated data. Passphrases become keys through PBKDF2-HMAC-SHA256.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// PBKDF2 rounds for a kit's passphrase (OWASP's 2023 figure for PBKDF2-HMAC-SHA256).
pub(crate) const KIT_ROUNDS: u32 = 600_000;

const NONCE: usize = 12;

/// The key of bundle bodies: HMAC-SHA256 of a fixed label under the association's key, so
/// that the signing key and the encryption key differ.
pub(crate) fn bundle_key(association_key: &[u8; 32]) -> [u8; 32] {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(association_key).expect("HMAC takes any key length");
    mac.update(b"commonpot bundle body encryption");
    mac.finalize().into_bytes().into()
}

/// The key of a kit protected by `passphrase`.
pub(crate) fn passphrase_key(passphrase: &str, salt: &[u8], rounds: u32) -> [u8; 32] {
    let mut key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha256>(passphrase.as_bytes(), salt, rounds, &mut key);
    key
}

/// Random bytes for a salt.
pub(crate) fn random_salt() -> [u8; 16] {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    salt
}

/// `plaintext` encrypted and authenticated under `key`, bound to `aad`: nonce, then ciphertext.
pub(crate) fn seal_box(key: &[u8; 32], aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
    let mut nonce = [0u8; NONCE];
    rand::rng().fill_bytes(&mut nonce);
    let cipher = ChaCha20Poly1305::new(key.into());
    let sealed = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .expect("encrypting in memory");
    let mut out = nonce.to_vec();
    out.extend_from_slice(&sealed);
    out
}

/// The plaintext of [`seal_box`]'s output, or `None` when the key is wrong or a byte changed.
pub(crate) fn open_box(key: &[u8; 32], aad: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
    if sealed.len() < NONCE {
        return None;
    }
    let (nonce, ciphertext) = sealed.split_at(NONCE);
    ChaCha20Poly1305::new(key.into())
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad,
            },
        )
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_opens_with_its_key_and_aad_only() {
        let key = [7u8; 32];
        let sealed = seal_box(&key, b"header", b"Zofia Brzeczyszczykiewicz");
        assert!(!sealed.windows(5).any(|w| w == b"Zofia"));
        assert_eq!(
            open_box(&key, b"header", &sealed).as_deref(),
            Some(&b"Zofia Brzeczyszczykiewicz"[..])
        );
        assert_eq!(open_box(&[8u8; 32], b"header", &sealed), None);
        assert_eq!(open_box(&key, b"other header", &sealed), None);
        let mut flipped = sealed.clone();
        flipped[20] ^= 1;
        assert_eq!(open_box(&key, b"header", &flipped), None);
        assert_eq!(open_box(&key, b"header", &sealed[..5]), None);
        // A fresh nonce each time: the same text never encrypts alike.
        assert_ne!(
            sealed,
            seal_box(&key, b"header", b"Zofia Brzeczyszczykiewicz")
        );
    }

    #[test]
    fn keys_differ_by_passphrase_salt_and_purpose() {
        let a = passphrase_key("correct horse", b"salt-one", 1000);
        assert_eq!(a, passphrase_key("correct horse", b"salt-one", 1000));
        assert_ne!(a, passphrase_key("correct horse", b"salt-two", 1000));
        assert_ne!(a, passphrase_key("correct hors", b"salt-one", 1000));
        assert_ne!(bundle_key(&[1u8; 32]), [1u8; 32]);
    }
}
