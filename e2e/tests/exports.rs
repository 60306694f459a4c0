//! "Download CSV" in the browser: the list's own filters go with it, the page counts the
//! rows as they arrive, and the export is audited.

use crate::support::{Browser, DEMO_PASSWORD};

#[tokio::test]
#[ignore = "needs the release front end and chromedriver: run `cargo xtask test`"]
async fn a_filtered_list_downloads_with_its_filter_and_says_how_many_rows() {
    let b = Browser::start().await;
    b.open("/admins?status=admin").await;
    b.sign_in("ngarcia", DEMO_PASSWORD).await;
    b.find("table.users tbody tr").await;
    let admins = b.sql_count("SELECT COUNT(*) FROM users WHERE company_id = 1 AND status = 'admin'").await;
    b.find("[data-test=download-csv]").await.click().await.unwrap();
    let said = b.wait_for_text("[data-test=download-progress]", "Downloaded").await;
    let rows = if admins == 1 { "1 row".to_string() } else { format!("{admins} rows") };
    assert_eq!(said, format!("Downloaded {rows} as switchboard-users.csv"));
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action = 'list_exported' AND after_value LIKE '%status=admin%'";
    assert_eq!(b.sql_count(audited).await, 1);

    // The audit log, filtered to exports: the one above, and this one (audited before its
    // first row is read).
    b.open("/audit?action=list_exported").await;
    b.wait_for_text("main table", "List exported").await;
    b.find("[data-test=download-csv]").await.click().await.unwrap();
    b.wait_for_text("[data-test=download-progress]", "Downloaded 2 rows as switchboard-audit-log.csv").await;
    b.stop().await;
}
