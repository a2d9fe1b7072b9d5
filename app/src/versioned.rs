//! The answer of every versioned save (SPEC §7).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SaveOutcome<T> {
    Saved {
        version: i32,
    },
    /// The record changed since the form read it: here is what the server
    /// has now. Nothing was written.
    Stale {
        server: T,
        version: i32,
    },
}
