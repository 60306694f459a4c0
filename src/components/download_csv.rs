//! "Download CSV" for a list: the export with the list's own filters, its progress said on
//! the page as the rows arrive, then saved as a file.

use crate::api;
use crate::auth::Auth;
use crate::components::pager::count_words;
use crate::tasks::Scope;
use leptos::prelude::*;
use stylers::style_sheet;
use wasm_bindgen::JsCast;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Progress {
    Idle,
    Running(u64),
    Done(u64),
    Failed(String),
}

#[component]
pub fn DownloadCsv(
    /// The export's URL (`paths::EXPORT_*` with the list's query).
    #[prop(into)]
    url: Signal<String>,
    /// What the list is, for the file's name ("users").
    what: &'static str,
) -> impl IntoView {
    let class = style_sheet!("style/components/download_csv.css");
    let auth = expect_context::<Auth>();
    let progress = RwSignal::new(Progress::Idle);
    let scope = Scope::here();
    let running = move || matches!(progress.get(), Progress::Running(_));
    let start = move |_| {
        if running() {
            return;
        }
        let url = url.get_untracked();
        progress.set(Progress::Running(0));
        scope.spawn(async move {
            match api::download_csv(&url, |rows| progress.set(Progress::Running(rows))).await {
                Ok((blob, rows)) => {
                    save(&blob, &format!("switchboard-{what}.csv"));
                    progress.set(Progress::Done(rows));
                }
                Err(error) => {
                    auth.handle(&error);
                    progress.set(Progress::Failed(error.message));
                }
            }
        });
    };
    let said = move || match progress.get() {
        Progress::Idle => String::new(),
        Progress::Running(rows) => format!("Downloading… {} so far", rows_words(rows)),
        Progress::Done(rows) => format!("Downloaded {} as switchboard-{what}.csv", rows_words(rows)),
        Progress::Failed(message) => format!("The download failed: {message}"),
    };
    view! { class = class,
        <div class="download-csv">
            <button type="button" data-test="download-csv" on:click=start disabled=running>
                {move || if running() { "Downloading…" } else { "Download CSV" }}
            </button>
            <span class="progress" role="status" data-test="download-progress">{said}</span>
        </div>
    }
}

/// Hands the file to the browser's downloads.
fn save(blob: &web_sys::Blob, name: &str) {
    let Ok(href) = web_sys::Url::create_object_url_with_blob(blob) else { return };
    if let Some(link) =
        document().create_element("a").ok().and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        link.set_href(&href);
        link.set_download(name);
        link.click();
    }
    // The download has taken the file long before this; the URL would keep it in memory.
    set_timeout(move || drop(web_sys::Url::revoke_object_url(&href)), std::time::Duration::from_secs(60));
}

/// "1 row", "12,345 rows".
fn rows_words(rows: u64) -> String {
    count_words(i64::try_from(rows).unwrap_or(i64::MAX), false, "row", "rows")
}
