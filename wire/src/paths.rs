//! The API's paths, named once: the server routes these templates, and everything that
//! calls the API (the console, the tests, the bench) builds its URLs with the functions
//! below, which fill the same templates. No side spells a path by hand.

use std::fmt::Display;

/// Everything under this prefix is the API (its unknown paths answer JSON, not the app).
pub const API: &str = "/api";

/// Sign in (POST), who am I (GET), sign out (DELETE).
pub const SESSION: &str = "/api/session";
/// The OpenAPI document of the whole API.
pub const OPENAPI: &str = "/api/openapi.json";
/// Liveness and database check.
pub const HEALTH: &str = "/api/health";

/// The company's figures of the last day and of now, in one answer.
pub const OVERVIEW: &str = "/api/overview";

/// The company's users, searched, filtered, sorted and paged.
pub const USERS: &str = "/api/users";
/// One user of the company.
pub const USER: &str = "/api/users/{id}";
/// A user's lockout after failed sign-ins (DELETE clears it).
pub const USER_LOCKOUT: &str = "/api/users/{id}/lockout";
/// The agent number a user is the person behind (PUT sets or clears it).
pub const USER_AGENT: &str = "/api/users/{id}/agent";
/// Saves a set of status changes at once.
pub const STATUS_CHANGES: &str = "/api/users/status-changes";
/// The company's audit log.
pub const AUDIT: &str = "/api/audit";

/// Contacts, searched by name, email or phone.
pub const CONTACTS: &str = "/api/contacts";
/// One contact's card and diagnosis.
pub const CONTACT: &str = "/api/contacts/{id}";

/// The Status page's board of logged-on agents.
pub const AGENTS: &str = "/api/agents";
/// The board's live changes (server-sent events).
pub const AGENT_EVENTS: &str = "/api/agents/events";
/// Refused agent log-ons, filtered and paged.
pub const AGENT_REFUSALS: &str = "/api/agents/refusals";
/// Ends an agent's session.
pub const FORCE_LOGOUT: &str = "/api/agents/sessions/{id}/force-logout";
/// An agent number's log-on throttle (DELETE lifts it).
pub const AGENT_THROTTLE: &str = "/api/agents/throttles/{agent_number}";

/// The phone service: an agent logs on with agent number and passcode.
pub const AGENT_SERVICE_LOGIN: &str = "/api/agent-service/{service}/login";
/// The phone service: a logged-on agent's heartbeat.
pub const AGENT_SERVICE_HEARTBEAT: &str = "/api/agent-service/{service}/heartbeat";
/// The phone service: a logged-on agent's state change.
pub const AGENT_SERVICE_STATE: &str = "/api/agent-service/{service}/state";
/// The phone service: an agent logs off.
pub const AGENT_SERVICE_LOGOUT: &str = "/api/agent-service/{service}/logout";

/// Every list as CSV, with the list's own query (its paging parameters ignored).
pub const EXPORT_USERS: &str = "/api/exports/users";
pub const EXPORT_CONTACTS: &str = "/api/exports/contacts";
pub const EXPORT_AUDIT: &str = "/api/exports/audit";
pub const EXPORT_REFUSALS: &str = "/api/exports/refusals";

/// Files a support request from the console (a session's user).
pub const SUPPORT_REQUESTS: &str = "/api/support-requests";
/// Files a "trial ended" support request without a session: the refused sign-in handed
/// this browser a short-lived pass (a cookie) after its password was right.
pub const SUPPORT_REQUEST_TRIAL: &str = "/api/support-requests/trial";

/// Everything under this prefix is the operators' API (their own sessions; no company's).
pub const OPERATOR_API: &str = "/api/operator/";
/// An operator signs in (POST), who am I (GET), signs out (DELETE).
pub const OPERATOR_SESSION: &str = "/api/operator/session";
/// The operators' queue of support requests.
pub const OPERATOR_REQUESTS: &str = "/api/operator/requests";
/// An operator answers a request with an action.
pub const OPERATOR_REQUEST_ACTION: &str = "/api/operator/requests/{id}/action";

/// Every routed template with its methods, for the contract test against the OpenAPI document.
pub const ROUTES: &[(&str, &str)] = &[
    ("DELETE", AGENT_THROTTLE),
    ("DELETE", OPERATOR_SESSION),
    ("DELETE", SESSION),
    ("DELETE", USER_LOCKOUT),
    ("GET", AGENTS),
    ("GET", AGENT_EVENTS),
    ("GET", AGENT_REFUSALS),
    ("GET", AUDIT),
    ("GET", CONTACTS),
    ("GET", CONTACT),
    ("GET", EXPORT_AUDIT),
    ("GET", EXPORT_CONTACTS),
    ("GET", EXPORT_REFUSALS),
    ("GET", EXPORT_USERS),
    ("GET", HEALTH),
    ("GET", OPERATOR_REQUESTS),
    ("GET", OPERATOR_SESSION),
    ("GET", OVERVIEW),
    ("GET", SESSION),
    ("GET", USERS),
    ("GET", USER),
    ("POST", AGENT_SERVICE_HEARTBEAT),
    ("POST", AGENT_SERVICE_LOGIN),
    ("POST", AGENT_SERVICE_LOGOUT),
    ("POST", AGENT_SERVICE_STATE),
    ("POST", FORCE_LOGOUT),
    ("POST", OPERATOR_REQUEST_ACTION),
    ("POST", OPERATOR_SESSION),
    ("POST", SESSION),
    ("POST", SUPPORT_REQUESTS),
    ("POST", SUPPORT_REQUEST_TRIAL),
    ("POST", STATUS_CHANGES),
    ("PUT", USER_AGENT),
];

/// Fills a template's one `{…}` segment with `value`, percent-encoded.
pub fn fill(template: &str, value: impl Display) -> String {
    let (Some(open), Some(close)) = (template.find('{'), template.find('}')) else {
        return template.to_owned();
    };
    format!("{}{}{}", &template[..open], crate::query::encode(&value.to_string()), &template[close + 1..])
}

/// `/api/users/{id}`.
pub fn user(id: impl Display) -> String {
    fill(USER, id)
}

/// `/api/users/{id}/lockout`.
pub fn user_lockout(id: impl Display) -> String {
    fill(USER_LOCKOUT, id)
}

/// `/api/users/{id}/agent`.
pub fn user_agent(id: impl Display) -> String {
    fill(USER_AGENT, id)
}

/// `/api/operator/requests/{id}/action`.
pub fn operator_request_action(id: impl Display) -> String {
    fill(OPERATOR_REQUEST_ACTION, id)
}

/// `/api/contacts/{id}`.
pub fn contact(id: impl Display) -> String {
    fill(CONTACT, id)
}

/// `/api/agents/sessions/{id}/force-logout`.
pub fn force_logout(session_id: impl Display) -> String {
    fill(FORCE_LOGOUT, session_id)
}

/// `/api/agents/throttles/{agent_number}`.
pub fn agent_throttle(agent_number: impl Display) -> String {
    fill(AGENT_THROTTLE, agent_number)
}

/// `/api/agent-service/{service}/login`.
pub fn agent_service_login(service: impl Display) -> String {
    fill(AGENT_SERVICE_LOGIN, service)
}

/// `/api/agent-service/{service}/heartbeat`.
pub fn agent_service_heartbeat(service: impl Display) -> String {
    fill(AGENT_SERVICE_HEARTBEAT, service)
}

/// `/api/agent-service/{service}/state`.
pub fn agent_service_state(service: impl Display) -> String {
    fill(AGENT_SERVICE_STATE, service)
}

/// `/api/agent-service/{service}/logout`.
pub fn agent_service_logout(service: impl Display) -> String {
    fill(AGENT_SERVICE_LOGOUT, service)
}

/// The header that carries the session's anti-forgery token on state-changing requests.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The session cookie's name.
pub const SESSION_COOKIE: &str = "sb_session";
/// An operator's session cookie: a cookie of its own, looked up in a table of its own, so
/// that a company session can never act as an operator nor an operator's as a company user.
pub const OPERATOR_COOKIE: &str = "sb_operator";
/// The short-lived pass a trial-ended sign-in hands out for filing its support request.
pub const SUPPORT_PASS_COOKIE: &str = "sb_support_pass";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_is_filled_in_its_one_segment_and_the_value_is_encoded() {
        assert_eq!(user(42), "/api/users/42");
        assert_eq!(user_lockout(7), "/api/users/7/lockout");
        assert_eq!(force_logout(3), "/api/agents/sessions/3/force-logout");
        assert_eq!(agent_throttle("10 25/"), "/api/agents/throttles/10%2025%2F");
        assert_eq!(agent_service_state("northwind"), "/api/agent-service/northwind/state");
        assert_eq!(fill(USERS, 1), USERS);
    }

    #[test]
    fn every_template_is_under_the_api_prefix_and_has_at_most_one_segment() {
        for (_, path) in ROUTES {
            assert!(path.starts_with(API), "{path}");
            assert!(path.matches('{').count() <= 1, "{path}");
        }
    }
}
