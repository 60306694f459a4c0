//! Phone numbers, normalised so that any way of typing one finds the same contact.

use std::fmt;

/// A phone number in E.164 form: '+' and 8 to 15 digits. Ten-digit numbers are taken as
/// North American (country code 1), the convention of the contact centers we serve.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Phone, &'static str> {
        let allowed = |c: char| c.is_ascii_digit() || " +-.()/".contains(c);
        if !input.chars().all(allowed) {
            return Err("A phone number has only digits, spaces and + - . ( )");
        }
        let digits: String = input.chars().filter(char::is_ascii_digit).collect();
        let digits = if digits.len() == 10 { format!("1{digits}") } else { digits };
        if !(8..=15).contains(&digits.len()) {
            return Err("A phone number has 8 to 15 digits.");
        }
        Ok(Phone(format!("+{digits}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Phone;

    #[test]
    fn every_format_of_one_number_is_the_same_phone() {
        let forms = ["+1 (555) 010-0199", "555.010.0199", "15550100199", "555 010 0199"];
        for form in forms {
            assert_eq!(Phone::parse(form).unwrap().as_str(), "+15550100199", "{form}");
        }
    }

    #[test]
    fn refuses_letters_and_wrong_lengths() {
        assert!(Phone::parse("555-CALL-NOW").is_err());
        assert!(Phone::parse("12345").is_err());
        assert!(Phone::parse("1234567890123456").is_err());
    }
}
