//! The contact-center username: what a console user signs in with.

use std::fmt;

/// A valid username, lower-cased. Usernames may look like email addresses (some contact
/// centers use the email as the username), which is why '@' is allowed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    pub const MAX_LEN: usize = 64;

    pub fn parse(input: &str) -> Result<Username, &'static str> {
        let value = input.trim().to_lowercase();
        if value.is_empty() {
            return Err("Enter a username.");
        }
        if value.chars().count() > Self::MAX_LEN {
            return Err("A username has at most 64 characters.");
        }
        let allowed = |c: char| c.is_ascii_alphanumeric() || "._-@+".contains(c);
        if !value.chars().all(allowed) {
            return Err("A username has only letters, digits and . _ - @ +");
        }
        Ok(Username(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Username;

    #[test]
    fn lower_cases_and_trims() {
        assert_eq!(Username::parse("  NGarcia ").unwrap().as_str(), "ngarcia");
    }

    #[test]
    fn refuses_empty_long_and_odd_characters() {
        assert!(Username::parse("   ").is_err());
        assert!(Username::parse(&"a".repeat(65)).is_err());
        assert!(Username::parse("robert'); drop").is_err());
        assert!(Username::parse("nora.garcia@northwind.example").is_ok());
    }
}
