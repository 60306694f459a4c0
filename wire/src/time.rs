//! Points in time as they cross the wire.

use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch, UTC. An integer so that both sides can do arithmetic
/// ("time in state") without a date library in the wasm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn millis(self) -> i64 {
        self.0
    }
}
