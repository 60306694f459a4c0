//! The app's own URLs: where sign-in sends people back to, built and checked in one place.

/// The sign-in page that returns to `next` afterwards.
pub fn sign_in_then(next: &str) -> String {
    if next == "/" || next.is_empty() {
        "/sign-in".to_string()
    } else {
        format!("/sign-in?next={}", encode(next))
    }
}

/// Where to go after sign-in: only a path of this app, never another site
/// ("//evil.example", "https://…") and never the sign-in page itself.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.starts_with("/sign-in")
                && !path.chars().any(char::is_control) =>
        {
            path.to_string()
        }
        _ => "/".to_string(),
    }
}

/// `path`, with `?query` when there is one: the plain view has the plain URL.
pub fn with_query(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

/// An agent's session on the Status page, its pop-out open (a deep link).
pub fn agent_on_status_page(session_id: i64) -> String {
    format!("/agents?agent={session_id}")
}

/// The Status page, showing the agents in `state` (all with None).
pub fn agents_in_state(state: Option<switchboard_wire::AgentState>) -> String {
    match state {
        Some(state) => format!("/agents?state={}", state.as_str()),
        None => "/agents".into(),
    }
}

/// The Status page, showing the sessions whose phone has not been heard from lately.
pub fn stale_agents() -> String {
    "/agents?stale=true".into()
}

/// The Status page, whose refused log-ons list shows every reason.
pub fn all_refusals() -> String {
    "/agents".into()
}

/// The Status page's refused log-ons, filtered to one reason.
pub fn refusals_for(reason: switchboard_wire::RefusalReason) -> String {
    format!("/agents?rr={}", reason.as_str())
}

/// Authorize Admins, showing the users who could not get in for `cause` in the last day.
pub fn users_who_failed(cause: switchboard_wire::SignInCause) -> String {
    let query = switchboard_wire::UserQuery { failed: Some(cause), ..Default::default() };
    with_query("/admins", &query.to_query())
}

/// Authorize Admins, showing the users whose username is locked out now.
pub fn users_locked_now() -> String {
    with_query("/admins", &switchboard_wire::UserQuery { locked: true, ..Default::default() }.to_query())
}

/// Contacts, showing those whose logins failed for `cause` in the last day.
pub fn contacts_who_failed(cause: switchboard_wire::ContactCause) -> String {
    with_query("/contacts", &switchboard_wire::ContactQuery { failed: Some(cause), ..Default::default() }.to_query())
}

/// A contact's card (a deep link).
pub fn contact_card(id: i64) -> String {
    format!("/contacts/{id}")
}

/// Percent-encodes everything but unreserved characters and '/'.
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_keeps_app_paths_with_their_queries() {
        assert_eq!(sign_in_then("/contacts/42?tab=codes"), "/sign-in?next=/contacts/42%3Ftab%3Dcodes");
        assert_eq!(sign_in_then("/"), "/sign-in");
        assert_eq!(safe_next(Some("/contacts/42?tab=codes")), "/contacts/42?tab=codes");
    }

    #[test]
    fn a_query_is_added_only_when_there_is_one() {
        assert_eq!(with_query("/audit", ""), "/audit");
        assert_eq!(with_query("/audit", "page=2"), "/audit?page=2");
    }

    #[test]
    fn the_overview_links_to_the_lists_filtered_the_same_way() {
        use switchboard_wire::{ContactCause, ContactQuery, SignInCause, UserQuery};
        assert_eq!(users_who_failed(SignInCause::UsedEmail), "/admins?failed=used_email");
        assert_eq!(users_locked_now(), "/admins?locked=true");
        assert_eq!(contacts_who_failed(ContactCause::Vpn), "/contacts?failed=vpn");
        // What the list pages read back from those URLs.
        assert_eq!(UserQuery::parse("failed=used_email").failed, Some(SignInCause::UsedEmail));
        assert!(UserQuery::parse("locked=true").locked);
        assert_eq!(ContactQuery::parse("failed=vpn").failed, Some(ContactCause::Vpn));
    }

    #[test]
    fn next_never_leaves_the_app() {
        for hostile in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "javascript:alert(1)",
            "/sign-in?next=/x",
            "/a\nb",
        ] {
            assert_eq!(safe_next(Some(hostile)), "/", "{hostile}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
