//! CSV as the exports write it: RFC 4180 (every cell quoted, quotes doubled, CRLF line ends),
//! and cells a spreadsheet would run as a formula neutralised (CSV injection).

/// A cell that starts like a formula (=, +, -, @, or a tab or carriage return that a
/// spreadsheet may strip before one) gets a leading apostrophe, which spreadsheets show as
/// text and do not run. Phone numbers in E.164 ("+1555…") get it too: they stay readable.
pub fn cell(value: &str) -> String {
    let guarded = match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_string(),
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

/// One line of cells, ending in CRLF.
pub fn line<'a>(cells: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = cells.into_iter().map(cell).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    out
}

/// An optional cell: empty when there is nothing.
pub fn or_empty(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("")
}

/// A time as ISO 8601 in UTC ("2026-12-04T05:10:00Z"), which spreadsheets read as a date.
pub fn time(ms: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_quotes_doubled() {
        assert_eq!(cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        for risky in ["+1", "-2+3", "@SUM(A1)", "\tcmd", "\r=1"] {
            assert!(cell(risky).starts_with("\"'"), "{risky}");
        }
        assert_eq!(cell("Nora Garcia"), "\"Nora Garcia\"");
        assert_eq!(cell("a,b\nc"), "\"a,b\nc\"");
        assert_eq!(cell(""), "\"\"");
        assert_eq!(line(["a", "=b"]), "\"a\",\"'=b\"\r\n");
    }

    #[test]
    fn times_are_iso_in_utc() {
        assert_eq!(time(1_773_273_600_000), "2026-03-12T00:00:00Z");
    }
}
