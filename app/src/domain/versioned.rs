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

impl<T: PartialEq> SaveOutcome<T> {
    /// The answer to a save made on an older `version` than the stored one.
    /// When the stored values already are the ones sent, the save is a
    /// repeat (its first answer was lost on the way back, or the device sent
    /// twice on reconnecting): it is saved, and nobody is asked to choose
    /// between two identical versions.
    pub fn on_old_version(sent: &T, server: T, version: i32) -> Self {
        if *sent == server {
            SaveOutcome::Saved { version }
        } else {
            SaveOutcome::Stale { server, version }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeat_of_the_stored_values_is_saved_and_a_difference_is_stale() {
        assert_eq!(
            SaveOutcome::on_old_version(&7, 7, 3),
            SaveOutcome::Saved { version: 3 }
        );
        assert_eq!(
            SaveOutcome::on_old_version(&7, 8, 3),
            SaveOutcome::Stale {
                server: 8,
                version: 3
            }
        );
    }
}
