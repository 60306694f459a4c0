//! "Why can't they log in?": the checklist of the contact-card article, run on one
//! contact's data. The rules live here alone; the API returns their results.

use super::clock::{human_date, DAY_MS, MINUTE_MS};
use super::outcomes::ContactLoginOutcome;
use switchboard_wire::{Channel, ContactCheck, ContactCheckKind, Network};

/// One login attempt as the rules see it.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub channel: Channel,
    pub outcome: ContactLoginOutcome,
    pub message: Option<String>,
    /// Not an ordinary network (as the platform saw it), if so.
    pub network: Option<Network>,
    pub at: i64,
}

/// What the checks look at, gathered by the storage layer.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub email: Option<String>,
    /// E.164, as stored.
    pub phone: Option<String>,
    /// The company's country, in which its phone numbers are written nationally.
    pub country: String,
    /// When each channel was opted out of, and how.
    pub email_opt_out: Option<(i64, String)>,
    pub sms_opt_out: Option<(i64, String)>,
    /// Newest first.
    pub attempts: Vec<Attempt>,
    /// When codes were sent, newest first.
    pub codes_sent: Vec<i64>,
    /// When each device or browser was first seen.
    pub devices_first_seen: Vec<i64>,
    pub now: i64,
}

/// Devices first seen within this window, this many or more, mean cookies are not kept.
const NEW_DEVICE_WINDOW_MS: i64 = 14 * DAY_MS;
const NEW_DEVICES_THAT_SUGGEST_NO_COOKIES: usize = 3;

pub fn diagnose(f: &Facts) -> Vec<ContactCheck> {
    vec![
        registered(f),
        not_opted_out(f),
        tried_both(f),
        newest_code(f),
        message_published(f),
        keeps_device(f),
        ordinary_network(f),
    ]
}

fn check(kind: ContactCheckKind, passed: bool, title: &str, finding: String, fix: String) -> ContactCheck {
    ContactCheck { check: kind, passed, title: title.into(), finding, fix: (!passed).then_some(fix) }
}

fn opt_out(f: &Facts, channel: Channel) -> Option<&(i64, String)> {
    match channel {
        Channel::Email => f.email_opt_out.as_ref(),
        Channel::Sms => f.sms_opt_out.as_ref(),
    }
}

fn registered_on(f: &Facts, channel: Channel) -> bool {
    match channel {
        Channel::Email => f.email.is_some(),
        Channel::Sms => f.phone.is_some(),
    }
}

fn registered(f: &Facts) -> ContactCheck {
    let phone = f.phone.as_deref().map(|p| switchboard_wire::phone::display(p, &f.country));
    let finding = match (&f.email, &phone) {
        (None, None) => "No email address and no phone number are registered.".to_string(),
        (Some(email), None) => format!("Email {email} is registered; no phone number."),
        (None, Some(phone)) => format!("Phone {phone} is registered; no email address."),
        (Some(email), Some(phone)) => format!("Email {email} and phone {phone} are registered."),
    };
    check(
        ContactCheckKind::Registered,
        f.email.is_some() || f.phone.is_some(),
        "An email or phone number is registered",
        finding,
        "Add the email address and/or phone number they use to their contact card: codes go only to registered ones."
            .into(),
    )
}

fn not_opted_out(f: &Facts) -> ContactCheck {
    let tried = |channel| f.attempts.iter().any(|a| a.channel == channel);
    let blocked: Vec<Channel> = [Channel::Email, Channel::Sms]
        .into_iter()
        .filter(|&c| opt_out(f, c).is_some() && (tried(c) || !registered_on(f, other(c))))
        .collect();
    let describe = |c: Channel| {
        let (at, how) = opt_out(f, c).expect("filtered to opted-out channels");
        format!("{} on {} ({how})", c.label(), human_date(*at))
    };
    let finding = if let Some(&first) = blocked.first() {
        format!("They opted out of {}, and codes are not sent there.", describe(first))
    } else {
        let any: Vec<String> =
            [Channel::Email, Channel::Sms].into_iter().filter(|&c| opt_out(f, c).is_some()).map(describe).collect();
        if any.is_empty() {
            "They have not opted out of email or SMS.".to_string()
        } else {
            format!("They opted out of {}, a channel they do not use to log in.", any.join(" and "))
        }
    };
    let fix = match blocked.first() {
        Some(Channel::Sms) => "Ask them to choose the email option, or to opt in to texts again (reply START).",
        _ => "Ask them to choose the SMS option, or to opt in to email again from the platform's settings.",
    };
    check(
        ContactCheckKind::NotOptedOut,
        blocked.is_empty(),
        "Not opted out of the channel they use",
        finding,
        fix.into(),
    )
}

fn other(channel: Channel) -> Channel {
    match channel {
        Channel::Email => Channel::Sms,
        Channel::Sms => Channel::Email,
    }
}

/// The article's advice to try both channels is about codes that do not arrive.
fn no_code_arrived(a: &Attempt) -> bool {
    a.outcome == ContactLoginOutcome::NoCodeReceived || a.outcome == ContactLoginOutcome::OptedOut
}

fn tried_both(f: &Facts) -> ContactCheck {
    let used: Vec<Channel> = [Channel::Email, Channel::Sms]
        .into_iter()
        .filter(|&c| f.attempts.iter().any(|a| a.channel == c && no_code_arrived(a)))
        .collect();
    let untried_but_possible = match used.as_slice() {
        [only] => {
            let c = other(*only);
            (registered_on(f, c) && opt_out(f, c).is_none()).then_some((*only, c))
        }
        _ => None,
    };
    let finding = match (used.as_slice(), untried_but_possible) {
        ([], _) => "No attempt is recorded where a code did not arrive.".to_string(),
        (_, Some((only, untried))) => {
            let n = f.attempts.iter().filter(|a| a.channel == only && no_code_arrived(a)).count();
            format!(
                "No code arrived by {} ({n} attempt(s)); {} is registered too and was never tried.",
                only.label(),
                untried.label()
            )
        }
        ([_], None) => "They tried one channel; the other is not available to them.".to_string(),
        _ => "They tried both email and SMS.".to_string(),
    };
    check(
        ContactCheckKind::TriedBothChannels,
        untried_but_possible.is_none(),
        "Tried both email and SMS",
        finding,
        "Ask them to try the other option too, to check their spam filter for the email, and to check their network connection."
            .into(),
    )
}

fn newest_code(f: &Facts) -> ContactCheck {
    let superseded = f.attempts.iter().find(|a| a.outcome == ContactLoginOutcome::CodeSuperseded);
    let recent = f.codes_sent.iter().filter(|&&t| f.now - t < DAY_MS).count();
    let finding = match (superseded, f.codes_sent.first()) {
        (Some(attempt), Some(&newest)) => {
            let minutes = (attempt.at - newest).max(0) / MINUTE_MS;
            let unit = if minutes == 1 { "minute" } else { "minutes" };
            format!(
                "They asked for {recent} codes in the last day and on {} used an older one; the newest was sent {minutes} {unit} before.",
                human_date(attempt.at)
            )
        }
        (Some(_), None) => "They used a code that is no longer valid.".to_string(),
        (None, _) if recent > 1 => {
            format!("They asked for {recent} codes in the last day and used none of the old ones.")
        }
        (None, _) => "No older code was used.".to_string(),
    };
    check(
        ContactCheckKind::NewestCode,
        superseded.is_none(),
        "Uses the newest confirmation code",
        finding,
        "Only the newest code works. Ask them to use the code from the most recent email or text, and to stop requesting new ones while they wait."
            .into(),
    )
}

fn message_published(f: &Facts) -> ContactCheck {
    let attempt = f.attempts.iter().find(|a| a.outcome == ContactLoginOutcome::NotPublished);
    let finding = match attempt.and_then(|a| a.message.clone()) {
        Some(title) => format!("They tried to open “{title}”, which is not published to them."),
        None if attempt.is_some() => "They tried to open a message that is not published to them.".to_string(),
        None => "Every message they tried to open is published to them.".to_string(),
    };
    check(
        ContactCheckKind::MessagePublished,
        attempt.is_none(),
        "The message they open is published to them",
        finding,
        "Publish the message to this contact, or send them the link to a message that is published to them.".into(),
    )
}

fn keeps_device(f: &Facts) -> ContactCheck {
    let new = f.devices_first_seen.iter().filter(|&&t| f.now - t <= NEW_DEVICE_WINDOW_MS).count();
    let passed = new < NEW_DEVICES_THAT_SUGGEST_NO_COOKIES;
    let finding = if passed {
        format!("{new} new device(s) or browser(s) in the last 14 days.")
    } else {
        format!("{new} new devices or browsers in the last 14 days, each needing a new code: the platform does not recognise them when they return.")
    };
    check(
        ContactCheckKind::KeepsDevice,
        passed,
        "Their browser keeps the platform's cookie",
        finding,
        "They are likely using an incognito window, deleting cookies automatically, or changing devices. Ask them to use a normal window and keep the platform's cookies; a new device always needs a new code once."
            .into(),
    )
}

/// The article's "Using a VPN": codes accepted, yet logins that did not hold, from a VPN or
/// a data centre's address.
fn ordinary_network(f: &Facts) -> ContactCheck {
    let lost = |a: &&Attempt| a.outcome == ContactLoginOutcome::SessionLost;
    let from_vpn: Vec<&Attempt> = f.attempts.iter().filter(lost).filter(|a| a.network.is_some()).collect();
    let finding = match from_vpn.first() {
        Some(newest) => format!(
            "Their code was accepted but the login did not hold {} time(s) from {}, most recently on {}.",
            from_vpn.len(),
            newest.network.map(Network::label).unwrap_or("a VPN"),
            human_date(newest.at)
        ),
        None => match f.attempts.iter().filter(lost).count() {
            0 => "No login failed after its code was accepted.".to_string(),
            n => format!("{n} login(s) failed after the code was accepted, from ordinary networks: not a VPN."),
        },
    };
    check(
        ContactCheckKind::OrdinaryNetwork,
        from_vpn.is_empty(),
        "Logs in from an ordinary network",
        finding,
        "A VPN is the likely cause: its address can change during the login, and the platform then drops it. Ask them to turn the VPN off (or use their phone's own connection) and log in again."
            .into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000_000;

    fn healthy() -> Facts {
        Facts {
            email: Some("a@x.example".into()),
            phone: Some("+15550100101".into()),
            country: "US".into(),
            attempts: vec![Attempt {
                channel: Channel::Email,
                outcome: ContactLoginOutcome::Success,
                message: None,
                network: None,
                at: NOW - DAY_MS,
            }],
            codes_sent: vec![NOW - DAY_MS],
            devices_first_seen: vec![NOW - 90 * DAY_MS],
            now: NOW,
            ..Facts::default()
        }
    }

    fn failed(f: &Facts) -> Vec<ContactCheckKind> {
        diagnose(f).into_iter().filter(|c| !c.passed).map(|c| c.check).collect()
    }

    fn attempt(channel: Channel, outcome: &str) -> Attempt {
        let outcome = ContactLoginOutcome::parse(outcome).expect("a known outcome");
        Attempt { channel, outcome, message: None, network: None, at: NOW - 10 * MINUTE_MS }
    }

    #[test]
    fn a_healthy_contact_passes_everything() {
        let checks = diagnose(&healthy());
        assert_eq!(checks.len(), 7);
        assert!(checks.iter().all(|c| c.passed && c.fix.is_none()), "{checks:?}");
    }

    #[test]
    fn nothing_registered() {
        let f = Facts { email: None, phone: None, attempts: vec![], ..healthy() };
        assert_eq!(failed(&f), [ContactCheckKind::Registered]);
        assert!(diagnose(&f)[0].finding.starts_with("No email address and no phone number"));
        // One of the two is enough.
        assert!(failed(&Facts { email: None, ..healthy() }).is_empty());
    }

    #[test]
    fn the_registered_phone_is_written_as_the_company_s_country_writes_it() {
        let finding = |country: &str| diagnose(&Facts { country: country.into(), ..healthy() })[0].finding.clone();
        assert_eq!(finding("US"), "Email a@x.example and phone (555) 010-0101 are registered.");
        assert_eq!(finding("GB"), "Email a@x.example and phone +15550100101 are registered.");
    }

    #[test]
    fn opted_out_of_the_channel_they_try() {
        let f = Facts {
            sms_opt_out: Some((NOW - 21 * DAY_MS, "Replied STOP".into())),
            attempts: vec![attempt(Channel::Sms, "opted_out")],
            ..healthy()
        };
        assert_eq!(failed(&f), [ContactCheckKind::NotOptedOut, ContactCheckKind::TriedBothChannels]);
        let c = &diagnose(&f)[1];
        assert!(c.finding.contains("SMS") && c.finding.contains("Replied STOP"), "{}", c.finding);
        assert!(c.fix.as_ref().unwrap().contains("email option"));
        // Opted out of a channel they never use: not the cause.
        let f = Facts { sms_opt_out: Some((NOW - DAY_MS, "Replied STOP".into())), ..healthy() };
        assert!(failed(&f).is_empty());
        assert!(diagnose(&f)[1].finding.contains("do not use"));
        // Opted out of the only registered channel: the cause, even before an attempt.
        let f = Facts {
            phone: None,
            email_opt_out: Some((NOW - DAY_MS, "Unsubscribe link".into())),
            attempts: vec![],
            ..healthy()
        };
        assert_eq!(failed(&f), [ContactCheckKind::NotOptedOut]);
    }

    #[test]
    fn only_one_channel_tried() {
        let f = Facts {
            attempts: vec![attempt(Channel::Email, "no_code_received"), attempt(Channel::Email, "no_code_received")],
            ..healthy()
        };
        assert_eq!(failed(&f), [ContactCheckKind::TriedBothChannels]);
        assert!(
            diagnose(&f)[2].finding.contains("No code arrived by Email (2 attempt(s))"),
            "{}",
            diagnose(&f)[2].finding
        );
        // Without a phone there is nothing else to try.
        assert!(failed(&Facts { phone: None, ..f.clone() }).is_empty());
        // Both tried.
        let mut both = f.attempts.clone();
        both.push(attempt(Channel::Sms, "no_code_received"));
        assert!(failed(&Facts { attempts: both, ..f }).is_empty());
    }

    #[test]
    fn an_older_code_used_after_several_requests() {
        let f = Facts {
            codes_sent: vec![NOW - 4 * MINUTE_MS, NOW - 12 * MINUTE_MS, NOW - 25 * MINUTE_MS, NOW - 40 * MINUTE_MS],
            attempts: vec![
                Attempt { at: NOW - 3 * MINUTE_MS, ..attempt(Channel::Sms, "code_superseded") },
                attempt(Channel::Email, "success"),
            ],
            ..healthy()
        };
        assert_eq!(failed(&f), [ContactCheckKind::NewestCode]);
        assert!(diagnose(&f)[3].finding.contains("4 codes"), "{}", diagnose(&f)[3].finding);
        // Many codes but none misused: noted, not failed.
        let f = Facts { attempts: vec![attempt(Channel::Email, "success"), attempt(Channel::Sms, "success")], ..f };
        assert!(failed(&f).is_empty());
    }

    #[test]
    fn a_message_not_published_to_them() {
        let f = Facts {
            attempts: vec![
                Attempt { message: Some("Q3 benefits update".into()), ..attempt(Channel::Email, "not_published") },
                attempt(Channel::Sms, "success"),
            ],
            ..healthy()
        };
        assert_eq!(failed(&f), [ContactCheckKind::MessagePublished]);
        assert!(diagnose(&f)[4].finding.contains("“Q3 benefits update”"));
    }

    #[test]
    fn many_new_devices_mean_no_cookie() {
        let f = Facts { devices_first_seen: vec![NOW - 9 * DAY_MS, NOW - 5 * DAY_MS, NOW - DAY_MS], ..healthy() };
        assert_eq!(failed(&f), [ContactCheckKind::KeepsDevice]);
        assert!(diagnose(&f)[5].fix.as_ref().unwrap().contains("incognito"));
        let f = Facts {
            devices_first_seen: vec![NOW - 30 * DAY_MS, NOW - 20 * DAY_MS, NOW - DAY_MS, NOW - 2 * DAY_MS],
            ..healthy()
        };
        assert!(failed(&f).is_empty(), "two new devices in 14 days is normal");
    }

    #[test]
    fn logins_lost_from_a_vpn_name_the_vpn() {
        let lost_on = |network| Attempt { network, ..attempt(Channel::Email, "session_lost") };
        let f = Facts { attempts: vec![lost_on(Some(Network::Vpn)), lost_on(Some(Network::Vpn))], ..healthy() };
        assert_eq!(failed(&f), [ContactCheckKind::OrdinaryNetwork]);
        let check = &diagnose(&f)[6];
        assert!(check.finding.contains("did not hold 2 time(s) from a VPN"), "{}", check.finding);
        assert!(check.fix.as_ref().unwrap().contains("turn the VPN off"));
        // A data centre's address counts as well.
        let f = Facts { attempts: vec![lost_on(Some(Network::DataCentre))], ..healthy() };
        assert_eq!(failed(&f), [ContactCheckKind::OrdinaryNetwork]);
        // Lost from an ordinary network: noted, and not put on a VPN.
        let f = Facts { attempts: vec![lost_on(None)], ..healthy() };
        assert!(failed(&f).is_empty());
        assert!(diagnose(&f)[6].finding.contains("not a VPN"));
        // A VPN that worked is no cause.
        let f = Facts {
            attempts: vec![Attempt { network: Some(Network::Vpn), ..attempt(Channel::Email, "success") }],
            ..healthy()
        };
        assert!(failed(&f).is_empty());
    }
}
