//! The API's paths, named once so that neither side spells them by hand.

/// Sign in (POST), who am I (GET), sign out (DELETE).
pub const SESSION: &str = "/api/session";
/// The OpenAPI document of the whole API.
pub const OPENAPI: &str = "/api/openapi.json";
/// Liveness and database check.
pub const HEALTH: &str = "/api/health";

/// The header that carries the session's anti-forgery token on state-changing requests.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The session cookie's name.
pub const SESSION_COOKIE: &str = "sb_session";
