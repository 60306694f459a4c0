//! How sign-ins, log-ons and sessions end: every outcome the database records, in one
//! place, with its stored spelling (the migrations' CHECK constraints list the same) and
//! the words people are shown.

/// Declares an enum of stored outcomes: `as_str` for writing, `parse` for reading back.
macro_rules! stored {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($(#[$vmeta])* $variant,)* }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)* }
            }

            pub fn parse(text: &str) -> Option<$name> {
                match text { $($text => Some($name::$variant),)* _ => None }
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(text: String) -> Result<Self, Self::Error> {
                $name::parse(&text).ok_or_else(|| format!("unknown {} {text:?} in the database", stringify!($name)))
            }
        }
    };
}

stored! {
    /// How a console sign-in attempt ended; recorded for every attempt.
    pub enum ConsoleOutcome {
        Success = "success",
        WrongPassword = "wrong_password",
        UnknownUsername = "unknown_username",
        /// The email address was typed where the username is required.
        UsedEmail = "used_email",
        TrialExpired = "trial_expired",
        /// Refused while throttled: only in rows written before stop 10. Refusals now write
        /// no row (they must stay cheap); the security log records them.
        Locked = "locked",
    }
}

stored! {
    /// How an agent's log-on on the phone service ended.
    pub enum AgentLoginOutcome {
        Success = "success",
        AlreadyLoggedOn = "already_logged_on",
        StationInUse = "station_in_use",
        /// Rows written before wrong passcodes and unknown numbers were told apart.
        WrongCredentials = "wrong_credentials",
        /// The passcode is not that of this service's agent with the number.
        WrongPasscode = "wrong_passcode",
        /// No agent of this service has the number (another service's, or a typo).
        UnknownNumber = "unknown_number",
        /// The company's trial has ended: its agents cannot log on.
        TrialEnded = "trial_ended",
    }
}

impl AgentLoginOutcome {
    /// The refusal it is, if it is one.
    pub fn refusal(self) -> Option<switchboard_wire::RefusalReason> {
        use switchboard_wire::RefusalReason as R;
        match self {
            AgentLoginOutcome::Success => None,
            AgentLoginOutcome::AlreadyLoggedOn => Some(R::AlreadyLoggedOn),
            AgentLoginOutcome::StationInUse => Some(R::StationInUse),
            AgentLoginOutcome::WrongCredentials => Some(R::WrongCredentials),
            AgentLoginOutcome::WrongPasscode => Some(R::WrongPasscode),
            AgentLoginOutcome::UnknownNumber => Some(R::UnknownNumber),
            AgentLoginOutcome::TrialEnded => Some(R::TrialEnded),
        }
    }

    /// What the phone, and the Status page's list of refused log-ons, say.
    pub fn words(self) -> &'static str {
        match self {
            AgentLoginOutcome::Success => "Logged on.",
            AgentLoginOutcome::AlreadyLoggedOn => "That agent is already logged on.",
            AgentLoginOutcome::StationInUse => "The phone or station is in use by another agent.",
            AgentLoginOutcome::WrongCredentials => "Wrong agent number or passcode.",
            AgentLoginOutcome::WrongPasscode => "Wrong passcode for this agent number.",
            AgentLoginOutcome::UnknownNumber => "No agent of this service has this number.",
            AgentLoginOutcome::TrialEnded => "The service's trial has ended.",
        }
    }
}

stored! {
    /// Why an agent's session ended.
    pub enum SessionEnd {
        /// The agent logged off.
        Logout = "logout",
        /// An administrator forced the agent out.
        Forced = "forced",
        /// No heartbeat for too long.
        Stale = "stale",
    }
}

stored! {
    /// How a contact's attempt to log in ended.
    pub enum ContactLoginOutcome {
        Success = "success",
        CodeSuperseded = "code_superseded",
        CodeWrong = "code_wrong",
        NotPublished = "not_published",
        OptedOut = "opted_out",
        NoCodeReceived = "no_code_received",
        /// The code was accepted, but the login did not hold (its session was lost).
        SessionLost = "session_lost",
    }
}

impl ContactLoginOutcome {
    /// What the contact card says of the attempt.
    pub fn words(self) -> &'static str {
        match self {
            ContactLoginOutcome::Success => "Logged in",
            ContactLoginOutcome::CodeSuperseded => "Used an older code",
            ContactLoginOutcome::CodeWrong => "Typed a wrong code",
            ContactLoginOutcome::NotPublished => "Opened a message not published to them",
            ContactLoginOutcome::OptedOut => "No code sent: opted out",
            ContactLoginOutcome::NoCodeReceived => "Said no code arrived",
            ContactLoginOutcome::SessionLost => "Code accepted, but the login did not hold",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outcome_reads_back_as_written() {
        for o in [ConsoleOutcome::Success, ConsoleOutcome::UsedEmail, ConsoleOutcome::Locked] {
            assert_eq!(ConsoleOutcome::parse(o.as_str()), Some(o));
        }
        for o in [
            AgentLoginOutcome::AlreadyLoggedOn,
            AgentLoginOutcome::StationInUse,
            AgentLoginOutcome::WrongCredentials,
            AgentLoginOutcome::WrongPasscode,
            AgentLoginOutcome::UnknownNumber,
            AgentLoginOutcome::TrialEnded,
        ] {
            assert_eq!(AgentLoginOutcome::parse(o.as_str()), Some(o));
            // Stored and filtered with the same spelling.
            assert_eq!(o.refusal().map(|r| r.as_str()), Some(o.as_str()));
        }
        for o in [SessionEnd::Logout, SessionEnd::Forced, SessionEnd::Stale] {
            assert_eq!(SessionEnd::try_from(o.as_str().to_string()), Ok(o));
        }
        assert_eq!(ContactLoginOutcome::parse("not_published"), Some(ContactLoginOutcome::NotPublished));
        assert!(SessionEnd::try_from("vanished".to_string()).is_err());
    }
}
