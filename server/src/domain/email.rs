//! Email addresses, compared without regard to case.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(input: &str) -> Result<Email, &'static str> {
        let value = input.trim().to_lowercase();
        if value.len() > Self::MAX_LEN {
            return Err("An email address has at most 254 characters.");
        }
        let Some((local, domain)) = value.split_once('@') else {
            return Err("An email address needs an @.");
        };
        let domain_ok =
            domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !domain.contains('@');
        if local.is_empty() || !domain_ok || value.chars().any(char::is_whitespace) {
            return Err("That is not an email address.");
        }
        Ok(Email(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Email;

    #[test]
    fn normalises_case() {
        assert_eq!(Email::parse(" Nora.Garcia@Northwind.Example ").unwrap().as_str(), "nora.garcia@northwind.example");
    }

    #[test]
    fn refuses_what_is_not_an_address() {
        for bad in ["", "nora", "@x.example", "nora@", "nora@example", "a b@x.example", "a@b@c.example"] {
            assert!(Email::parse(bad).is_err(), "{bad} was accepted");
        }
    }
}
