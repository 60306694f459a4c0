//! Who is signed in: one context, provided by `App` and read by every page.

use crate::api::{self, ApiError};
use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_wire::Session;

/// Why nobody is signed in; the sign-in page says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignedOut {
    /// Opened the console without a session.
    NotYet,
    /// Pressed "Sign out".
    ByChoice,
    /// The server ended the session (expired, or signed out elsewhere).
    Ended(String),
}

// One value in one signal: its size costs nothing, and boxing would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthState {
    /// Asking the server whether this browser has a session.
    Checking,
    SignedIn(Session),
    SignedOut(SignedOut),
    /// The server could not be asked.
    Unreachable(String),
}

/// The session context.
#[derive(Clone, Copy)]
pub struct Auth {
    pub state: RwSignal<AuthState>,
}

impl Auth {
    pub fn new(state: AuthState) -> Self {
        Auth { state: RwSignal::new(state) }
    }

    /// Asks the server who is signed in.
    pub fn check(self) {
        self.state.set(AuthState::Checking);
        spawn_local(async move {
            let state = match api::current_session().await {
                Ok(Some(session)) => AuthState::SignedIn(session),
                Ok(None) => AuthState::SignedOut(SignedOut::NotYet),
                Err(error) => AuthState::Unreachable(error.message),
            };
            self.state.set(state);
        });
    }

    /// Asks again without showing "Checking…": the page stays while the session updates
    /// (after an admin changed their own status, say).
    pub fn refresh(self) {
        spawn_local(async move {
            match api::current_session().await {
                Ok(Some(session)) => self.state.set(AuthState::SignedIn(session)),
                Ok(None) => self
                    .state
                    .set(AuthState::SignedOut(SignedOut::Ended("Your session has ended. Sign in again.".into()))),
                Err(_) => {}
            }
        });
    }

    pub fn session(self) -> Option<Session> {
        match self.state.get() {
            AuthState::SignedIn(session) => Some(session),
            _ => None,
        }
    }

    /// A phone number as the signed-in company writes it: nationally for its own country,
    /// E.164 for others (`switchboard_wire::phone::display`, the server's sentences use it
    /// too).
    pub fn phone(self, e164: &str) -> String {
        self.state.with_untracked(|state| match state {
            AuthState::SignedIn(session) => switchboard_wire::phone::display(e164, &session.company.country),
            _ => e164.to_string(),
        })
    }

    /// What every page does with a failed call: a lost session sends to sign-in.
    pub fn handle(self, error: &ApiError) {
        if error.is_unauthenticated() {
            self.state.set(AuthState::SignedOut(SignedOut::Ended(error.message.clone())));
        }
    }

    pub fn sign_out(self) {
        let Some(session) = self.session() else { return };
        spawn_local(async move {
            // Signed out on the server or not, this browser forgets the session; a failure
            // only means the server will expire it on its own.
            let _ = api::sign_out(&session.csrf_token).await;
            self.state.set(AuthState::SignedOut(SignedOut::ByChoice));
        });
    }
}
