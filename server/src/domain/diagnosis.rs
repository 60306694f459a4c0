//! "Why can't they sign in?": the checks of the Ternio article, run on one user's data.
//! The rules live here alone; the API returns their results and the page shows them.

use super::clock::human_date;
use super::clock::MINUTE_MS;
use super::sign_in::trial_expired;
use switchboard_wire::{SignInCheck, SignInCheckKind, Status};

/// What the checks look at, gathered by the storage layer.
#[derive(Debug, Clone)]
pub struct Facts {
    pub username: String,
    pub email: String,
    pub status: Status,
    pub company_name: String,
    pub trial_ends_at: Option<i64>,
    pub admin_count: i64,
    /// Sign-ins in the last 30 days that typed this user's email where the username goes.
    pub email_attempts: i64,
    pub last_email_attempt_at: Option<i64>,
    /// Failed sign-ins with this username that the throttle counts now.
    pub recent_failures: i64,
    /// Until when sign-in with this username from an unrecognised browser must wait.
    pub locked_until: Option<i64>,
    /// The agent number this user is the person behind, if any.
    pub agent_number: Option<String>,
    /// That agent's open session on the phone service, if any.
    pub own_session: Option<OpenSession>,
    /// The user's phone number as the company writes it, if they have one.
    pub phone: Option<String>,
    /// Another agent's open session on the user's phone number, if any.
    pub phone_taken_by: Option<OpenSession>,
    pub now: i64,
}

/// An open agent session, as the checks name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenSession {
    pub session_id: i64,
    pub agent_name: String,
    pub agent_number: String,
    /// The phone or station, as the company writes it.
    pub station: String,
    pub started_at: i64,
    /// No heartbeat for longer than the service allows: the phone may be gone.
    pub stale: bool,
}

pub fn diagnose(f: &Facts) -> Vec<SignInCheck> {
    vec![
        console_status(f),
        username_not_email(f),
        trial_active(f),
        not_locked(f),
        company_has_admin(f),
        no_open_agent_session(f),
        phone_not_in_use(f),
    ]
}

fn check(kind: SignInCheckKind, passed: bool, title: &str, finding: String, fix: Option<String>) -> SignInCheck {
    SignInCheck {
        check: kind,
        passed,
        title: title.into(),
        finding,
        fix: if passed { None } else { fix },
        session_id: None,
    }
}

/// The Ternio article's check 2: "Are you already logged into the contact center agent
/// application?" An open session of their own agent refuses another log-on.
fn no_open_agent_session(f: &Facts) -> SignInCheck {
    let finding = match (&f.agent_number, &f.own_session) {
        (None, _) => "They are not linked to an agent number, so no agent session of theirs is known.".to_string(),
        (Some(number), None) => format!("Agent {number}, theirs, is not logged on."),
        (Some(_), Some(open)) => {
            let since = human_date(open.started_at);
            let heartbeat = if open.stale { " and their phone has stopped sending heartbeats" } else { "" };
            format!(
                "They are logged on as agent {} at {} since {since}{heartbeat}: another log-on is refused with “That agent is already logged on.”",
                open.agent_number, open.station
            )
        }
    };
    let mut checked = check(
        SignInCheckKind::NoOpenAgentSession,
        f.own_session.is_none(),
        "Not already logged on as an agent",
        finding,
        Some("If that session is not in use any more (a phone that went away, another device), end it with Force Logout; they can then log on again.".into()),
    );
    checked.session_id = f.own_session.as_ref().map(|s| s.session_id);
    checked
}

/// The article's check 3: "the same phone number another user is logged in with".
fn phone_not_in_use(f: &Facts) -> SignInCheck {
    let finding = match (&f.phone, &f.phone_taken_by) {
        (None, _) => "They have no phone number registered.".to_string(),
        (Some(phone), None) => format!("Nobody else is logged on with their phone number {phone}."),
        (Some(phone), Some(other)) => format!(
            "{} (agent {}) is logged on with their phone number {phone} since {}.",
            other.agent_name,
            other.agent_number,
            human_date(other.started_at)
        ),
    };
    let mut checked = check(
        SignInCheckKind::PhoneNotInUse,
        f.phone_taken_by.is_none(),
        "Nobody else is logged on with their phone number",
        finding,
        Some("One phone number, one person logged on: ask whoever is on it to log off, end that session with Force Logout, or have them sign in with their own number.".into()),
    );
    checked.session_id = f.phone_taken_by.as_ref().map(|s| s.session_id);
    checked
}

fn console_status(f: &Facts) -> SignInCheck {
    let passed = f.status != Status::User;
    let finding = if passed {
        format!("Their status is {}, which opens the console.", f.status.label())
    } else {
        "Their status is User, so they see “For Admin Access Only”.".to_string()
    };
    check(
        SignInCheckKind::ConsoleStatus,
        passed,
        "Status gives access to the console",
        finding,
        Some("If they should administer the company, change their status from User to Admin and press Save.".into()),
    )
}

fn username_not_email(f: &Facts) -> SignInCheck {
    let passed = f.email_attempts == 0 || f.username == f.email;
    let finding = if passed {
        "No recent sign-in typed their email address where the username goes.".to_string()
    } else {
        let last = f.last_email_attempt_at.map(human_date).unwrap_or_default();
        let times = if f.email_attempts == 1 { "once".to_string() } else { format!("{} times", f.email_attempts) };
        format!("They tried to sign in with their email address {times} in the last 30 days (last on {last}).")
    };
    check(
        SignInCheckKind::UsernameNotEmail,
        passed,
        "Signs in with the username, not the email",
        finding,
        Some(format!(
            "Tell them to sign in with their contact-center username, “{}”. The email address works only where it is also the username.",
            f.username
        )),
    )
}

fn trial_active(f: &Facts) -> SignInCheck {
    let expired = trial_expired(f.trial_ends_at, f.now);
    let finding = match (f.trial_ends_at, expired) {
        (None, _) => format!("{} has an active account.", f.company_name),
        (Some(end), true) => format!("The trial of {} ended on {}.", f.company_name, human_date(end)),
        (Some(end), false) => format!("{} is on a trial that ends on {}.", f.company_name, human_date(end)),
    };
    check(
        SignInCheckKind::TrialActive,
        !expired,
        "The company's account is active",
        finding,
        Some("A trial's registration expires on its own. Have them ask their sales representative to set up an active account.".into()),
    )
}

fn not_locked(f: &Facts) -> SignInCheck {
    let wait = f.locked_until.map(|until| until - f.now).filter(|&wait| wait > 0);
    let finding = match wait {
        Some(wait) => format!(
            "{} failed sign-ins with this username: sign-in from a browser they have not used before waits {}. From their usual browser the right password still works.",
            f.recent_failures,
            minutes(wait)
        ),
        None if f.recent_failures > 0 => {
            format!("{} recent failed attempt(s); sign-in waits after 5.", f.recent_failures)
        }
        None => "No recent failed sign-ins.".to_string(),
    };
    check(
        SignInCheckKind::NotLocked,
        wait.is_none(),
        "Not locked after failed attempts",
        finding,
        Some("Have them sign in from the browser they usually use, wait, or clear the lock here (Clear lockout) once you know the failures were theirs.".into()),
    )
}

/// "another 3 minutes", "under a minute".
fn minutes(ms: i64) -> String {
    match (ms + MINUTE_MS - 1) / MINUTE_MS {
        ..=1 => "under a minute more".to_string(),
        n => format!("another {n} minutes"),
    }
}

fn company_has_admin(f: &Facts) -> SignInCheck {
    let passed = f.admin_count > 0;
    let finding = if passed {
        format!("{} has {} admin(s) who can change statuses.", f.company_name, f.admin_count)
    } else {
        format!("{} has no admin, so nobody there can change a status.", f.company_name)
    };
    check(
        SignInCheckKind::CompanyHasAdmin,
        passed,
        "The company has an admin",
        finding,
        Some(format!(
            "Submit a support ticket with the email address they sign in with ({}); never their password.",
            f.email
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn healthy() -> Facts {
        Facts {
            username: "tnguyen".into(),
            email: "tom.nguyen@northwind.example".into(),
            status: Status::Admin,
            company_name: "Northwind".into(),
            trial_ends_at: None,
            admin_count: 2,
            email_attempts: 0,
            last_email_attempt_at: None,
            recent_failures: 0,
            locked_until: None,
            agent_number: Some("1003".into()),
            own_session: None,
            phone: Some("(555) 010-1003".into()),
            phone_taken_by: None,
            now: 1_800_000_000_000,
        }
    }

    fn open(session_id: i64, name: &str, number: &str, station: &str, stale: bool) -> OpenSession {
        OpenSession {
            session_id,
            agent_name: name.into(),
            agent_number: number.into(),
            station: station.into(),
            started_at: 1_800_000_000_000 - 3_600_000,
            stale,
        }
    }

    #[test]
    fn their_own_open_agent_session_fails_check_2_and_names_it() {
        let f = Facts { own_session: Some(open(7, "Tom Nguyen", "1003", "(555) 400-0002", true)), ..healthy() };
        assert_eq!(failed(&f), [SignInCheckKind::NoOpenAgentSession]);
        let check = diagnose(&f).into_iter().find(|c| c.check == SignInCheckKind::NoOpenAgentSession).unwrap();
        assert_eq!(check.session_id, Some(7));
        assert!(check.finding.contains("agent 1003 at (555) 400-0002"), "{}", check.finding);
        assert!(check.finding.contains("stopped sending heartbeats"), "{}", check.finding);
        assert!(check.fix.unwrap().contains("Force Logout"));
        // A live phone is named without the heartbeat clause.
        let f = Facts { own_session: Some(open(7, "Tom Nguyen", "1003", "Desk 4", false)), ..healthy() };
        let check = diagnose(&f).into_iter().find(|c| c.check == SignInCheckKind::NoOpenAgentSession).unwrap();
        assert!(!check.finding.contains("heartbeats"), "{}", check.finding);
    }

    #[test]
    fn check_2_passes_without_a_link_or_a_session() {
        let unlinked = Facts { agent_number: None, ..healthy() };
        assert!(failed(&unlinked).is_empty());
        let check = diagnose(&unlinked).into_iter().find(|c| c.check == SignInCheckKind::NoOpenAgentSession).unwrap();
        assert!(check.finding.contains("not linked"), "{}", check.finding);
        assert_eq!(check.session_id, None);
        let idle = diagnose(&healthy()).into_iter().find(|c| c.check == SignInCheckKind::NoOpenAgentSession).unwrap();
        assert!(idle.passed && idle.finding.contains("Agent 1003, theirs, is not logged on."));
    }

    #[test]
    fn someone_else_on_their_phone_fails_check_3_and_names_them() {
        let f = Facts { phone_taken_by: Some(open(9, "Dana Reyes", "1007", "(555) 010-1003", false)), ..healthy() };
        assert_eq!(failed(&f), [SignInCheckKind::PhoneNotInUse]);
        let check = diagnose(&f).into_iter().find(|c| c.check == SignInCheckKind::PhoneNotInUse).unwrap();
        assert_eq!(check.session_id, Some(9));
        assert!(check
            .finding
            .starts_with("Dana Reyes (agent 1007) is logged on with their phone number (555) 010-1003"));
        let no_phone = Facts { phone: None, ..healthy() };
        let check = diagnose(&no_phone).into_iter().find(|c| c.check == SignInCheckKind::PhoneNotInUse).unwrap();
        assert!(check.passed && check.finding.contains("no phone number"));
    }

    fn failed(f: &Facts) -> Vec<SignInCheckKind> {
        diagnose(f).into_iter().filter(|c| !c.passed).map(|c| c.check).collect()
    }

    #[test]
    fn a_healthy_account_passes_everything_and_has_no_fixes() {
        let checks = diagnose(&healthy());
        assert_eq!(checks.len(), 7);
        assert!(checks.iter().all(|c| c.passed && c.fix.is_none()));
    }

    #[test]
    fn each_cause_fails_its_own_check_only() {
        let f = Facts { status: Status::User, ..healthy() };
        assert_eq!(failed(&f), [SignInCheckKind::ConsoleStatus]);
        assert!(diagnose(&f)[0].finding.contains("For Admin Access Only"));

        let f = Facts { email_attempts: 3, last_email_attempt_at: Some(1_799_000_000_000), ..healthy() };
        assert_eq!(failed(&f), [SignInCheckKind::UsernameNotEmail]);
        let c = &diagnose(&f)[1];
        assert!(c.finding.contains("3 times"), "{}", c.finding);
        assert!(c.fix.as_ref().unwrap().contains("“tnguyen”"));

        let f = Facts { trial_ends_at: Some(1_700_000_000_000), ..healthy() };
        assert_eq!(failed(&f), [SignInCheckKind::TrialActive]);
        assert!(diagnose(&f)[2].fix.as_ref().unwrap().contains("sales representative"));

        let f = Facts { recent_failures: 5, locked_until: Some(healthy().now + 5 * MINUTE_MS), ..healthy() };
        assert!(diagnose(&f)[3].finding.contains("another 5 minutes"), "{}", diagnose(&f)[3].finding);
        assert_eq!(failed(&f), [SignInCheckKind::NotLocked]);

        let f = Facts { admin_count: 0, ..healthy() };
        assert_eq!(failed(&f), [SignInCheckKind::CompanyHasAdmin]);
        assert!(diagnose(&f)[4].fix.as_ref().unwrap().contains("tom.nguyen@northwind.example"));
    }

    #[test]
    fn edge_cases_pass() {
        // The email is the username: typing it is right.
        let f =
            Facts { username: "tom@x.example".into(), email: "tom@x.example".into(), email_attempts: 2, ..healthy() };
        assert!(failed(&f).is_empty());
        // A trial that has not ended yet, failures below the lock, a wait that is over.
        let f = Facts { trial_ends_at: Some(1_900_000_000_000), recent_failures: 4, ..healthy() };
        assert!(failed(&f).is_empty());
        assert!(diagnose(&f)[3].finding.contains("4 recent"));
        let f = Facts { recent_failures: 6, locked_until: Some(healthy().now - 1), ..healthy() };
        assert!(failed(&f).is_empty());
    }
}
