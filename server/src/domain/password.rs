//! Password and passcode hashing: argon2id with a random salt per hash.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::OnceLock;

pub fn hash(secret: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .expect("argon2 hashes any input with default parameters")
        .to_string()
}

/// Whether `secret` matches `stored`. A malformed stored hash never matches.
pub fn verify(secret: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| Argon2::default().verify_password(secret.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// Checks `secret` against `stored`, or, when there is no account to check against,
/// spends the time of one check on a dummy hash: a known and an unknown name cost the
/// same, so the response time tells nothing.
pub fn verify_or_dummy(secret: &str, stored: Option<&str>) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    match stored {
        Some(stored) => verify(secret, stored),
        None => {
            let _ = verify(secret, DUMMY.get_or_init(|| hash("no account has this password")));
            false
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn verifies_the_right_secret_only() {
        let stored = super::hash("correct horse");
        assert!(stored.starts_with("$argon2id$"));
        assert!(super::verify("correct horse", &stored));
        assert!(!super::verify("correct horse ", &stored));
        assert!(!super::verify("correct horse", "not a hash"));
    }
}
