//! Query strings: the same parser and printer on both sides, so that a page's URL and the
//! API call it makes say the same thing.

/// Percent-encodes a query value (everything but unreserved characters).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            b' ' => out.push_str("%20"),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Decodes a query value ('+' is a space); invalid escapes are kept as they are.
pub fn decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// "a=1&b=x%20y" from pairs, skipping empty values.
pub fn to_query(pairs: &[(&str, String)]) -> String {
    pairs.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&")
}

/// The pairs of "?a=1&b=x%20y" (the leading '?' optional).
pub fn pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// A list query paged by cursor: a page number people see, and the row the page starts
/// after or ends before. The moves are the same for every such list.
pub trait Paged: Clone {
    /// The page number, `after` and `before`, to change.
    fn position(&mut self) -> (&mut u32, &mut Option<i64>, &mut Option<i64>);

    /// The same list from its first page: a new search, filter or order starts there.
    fn first_page(mut self) -> Self {
        let (page, after, before) = self.position();
        (*page, *after, *before) = (1, None, None);
        self
    }

    /// The page after this one, which starts after row `last`.
    fn next_page(&self, last: i64) -> Self {
        let mut next = self.clone();
        let (page, after, before) = next.position();
        (*page, *after, *before) = (page.saturating_add(1), Some(last), None);
        next
    }

    /// The page before this one, which ends before row `first`; page 1 has the plain URL.
    fn previous_page(&self, first: i64) -> Self {
        let mut previous = self.clone();
        let (page, after, before) = previous.position();
        if *page <= 2 {
            return previous.first_page();
        }
        (*page, *after, *before) = (*page - 1, None, Some(first));
        previous
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let q = to_query(&[("q", "nora garcia@x".into()), ("status", "".into()), ("page", "2".into())]);
        assert_eq!(q, "q=nora%20garcia%40x&page=2");
        assert_eq!(
            pairs(&format!("?{q}")),
            [("q".to_string(), "nora garcia@x".to_string()), ("page".into(), "2".into())]
        );
        assert_eq!(decode("a+b%2"), "a b%2");
        assert_eq!(decode("%zz"), "%zz");
    }
}
