//! What a search matches, the same in every list and log: "contains", with the input's
//! wildcards taken literally, and phone numbers in any format.

use crate::domain::Phone;

/// `LIKE` pattern for "contains", with the wildcard characters of the input escaped.
pub fn contains_pattern(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// The digits to look for in phone numbers, when the search looks like (part of) one.
pub fn phone_digits(q: &str) -> Option<String> {
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    let phone_like = q.chars().all(|c| c.is_ascii_digit() || " +-.()".contains(c));
    if !phone_like || digits.len() < 3 {
        return None;
    }
    // A full number in any format matches its E.164 form; a fragment matches its digits.
    Some(match Phone::parse(q) {
        Ok(phone) => phone.as_str().trim_start_matches('+').to_string(),
        Err(_) => digits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_searches_match_any_format() {
        assert_eq!(phone_digits("+1 (555) 010-0199").as_deref(), Some("15550100199"));
        assert_eq!(phone_digits("555.010.0199").as_deref(), Some("15550100199"));
        assert_eq!(phone_digits("0100").as_deref(), Some("0100"));
        assert_eq!(phone_digits("12"), None);
        assert_eq!(phone_digits("nora"), None);
    }

    #[test]
    fn like_wildcards_in_the_search_are_literal() {
        assert_eq!(contains_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }
}
