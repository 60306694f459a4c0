//! Phone numbers as people read them, in one function for the console's pages and the
//! server's own sentences. Numbers are stored and sent in E.164 (`+15550101003`).

/// Countries of the North American Numbering Plan, which write a +1 number nationally as
/// (NPA) NXX-XXXX.
const NANP: [&str; 3] = ["US", "CA", "PR"];

/// `e164` for a person of a company in `country` (ISO 3166-1 alpha-2): the national format
/// when the number is of that country and its format is known, E.164 otherwise (a number
/// abroad must be dialled with its country code). Anything not E.164 is shown as it is.
pub fn display(e164: &str, country: &str) -> String {
    let Some(digits) = e164.strip_prefix('+').filter(|d| d.bytes().all(|b| b.is_ascii_digit())) else {
        return e164.to_string();
    };
    match digits.strip_prefix('1') {
        Some(national) if national.len() == 10 && NANP.contains(&country) => {
            format!("({}) {}-{}", &national[..3], &national[3..6], &national[6..])
        }
        _ => e164.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::display;

    #[test]
    fn a_number_of_the_company_s_country_is_national() {
        assert_eq!(display("+15550101003", "US"), "(555) 010-1003");
        assert_eq!(display("+14165550123", "CA"), "(416) 555-0123");
    }

    #[test]
    fn a_number_abroad_or_of_an_unknown_format_is_e164() {
        assert_eq!(display("+442079460958", "US"), "+442079460958");
        assert_eq!(display("+15550101003", "GB"), "+15550101003");
        // Too short or too long for the plan: not guessed at.
        assert_eq!(display("+1555010100", "US"), "+1555010100");
        assert_eq!(display("+155501010031", "US"), "+155501010031");
    }

    #[test]
    fn what_is_not_e164_is_shown_as_it_is() {
        assert_eq!(display("555-0101", "US"), "555-0101");
        assert_eq!(display("+1 555 010 1003", "US"), "+1 555 010 1003");
        assert_eq!(display("", "US"), "");
    }
}
