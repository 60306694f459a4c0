//! The lists as CSV: read as a stream, so the page can say how far the download got.

use super::client::{send, ApiError};
use crate::links::with_query;
use gloo_net::http::Request;
use switchboard_wire::paths::{EXPORT_AUDIT, EXPORT_CONTACTS, EXPORT_REFUSALS, EXPORT_USERS};
use switchboard_wire::{AuditQuery, ContactQuery, RefusedQuery, UserQuery};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The users export with the list's search, filter and order.
pub fn users_export(query: &UserQuery) -> String {
    with_query(EXPORT_USERS, &query.to_query())
}

/// The contacts export with the list's search.
pub fn contacts_export(query: &ContactQuery) -> String {
    with_query(EXPORT_CONTACTS, &query.to_query())
}

/// The audit log export with the log's filters.
pub fn audit_export(query: &AuditQuery) -> String {
    with_query(EXPORT_AUDIT, &query.to_query())
}

/// The refused log-ons export with the list's filters.
pub fn refusals_export(query: &RefusedQuery) -> String {
    with_query(EXPORT_REFUSALS, &query.to_query())
}

/// Downloads the export at `url` (a path of `paths::EXPORT_*` with the list's query),
/// calling `progress` with the rows received so far; answers the file and its row count.
pub async fn download_csv(url: &str, progress: impl Fn(u64)) -> Result<(web_sys::Blob, u64), ApiError> {
    let response = send(Request::get(url).build()).await?;
    let cut = || ApiError {
        message: "The download was cut off before its end. Try again.".into(),
        ..ApiError::unreachable()
    };
    let body = response.body().ok_or_else(cut)?;
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let chunks = js_sys::Array::new();
    let mut rows = RowCounter::default();
    loop {
        let read = JsFuture::from(reader.read()).await.map_err(|_| cut())?;
        let field = |name: &str| js_sys::Reflect::get(&read, &name.into()).unwrap_or_default();
        if field("done").as_bool().unwrap_or(true) {
            break;
        }
        let chunk: js_sys::Uint8Array = field("value").unchecked_into();
        rows.count(&chunk.to_vec());
        chunks.push(&chunk);
        progress(rows.rows());
    }
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&chunks, &options).map_err(|_| cut())?;
    Ok((blob, rows.rows()))
}

/// Counts the lines of a CSV as its bytes arrive: our lines end in CRLF, which a cell's own
/// line breaks (a bare LF, as people type them) are not.
#[derive(Debug, Default)]
pub struct RowCounter {
    lines: u64,
    after_cr: bool,
}

impl RowCounter {
    pub fn count(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            if self.after_cr && byte == b'\n' {
                self.lines += 1;
            }
            self.after_cr = byte == b'\r';
        }
    }

    /// Data rows: the lines but the header.
    pub fn rows(&self) -> u64 {
        self.lines.saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::RowCounter;

    #[test]
    fn counts_crlf_lines_across_chunks_but_not_a_cells_own_line_breaks() {
        let mut counter = RowCounter::default();
        counter.count(b"\"Name\"\r\n\"a\nb\"\r");
        assert_eq!(counter.rows(), 0);
        counter.count(b"\n\"c\"\r\n");
        assert_eq!(counter.rows(), 2);
    }
}
