//! The keys of stored things: a region, a school, a user, a notice. Each is
//! its own type, so a school's key cannot be passed where a region's is
//! asked for, and no key is a bare number anywhere in the code.
//!
//! Keys are handed out by the database and carried through unchanged; they
//! travel as plain numbers in JSON (`#[serde(transparent)]`).

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! key {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "ssr", derive(sea_orm::DeriveValueType))]
        pub struct $name(pub i32);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

key!(
    /// `regions.id`: one region of the tree (the nation, a province, a city
    /// or a county).
    RegionId
);
key!(
    /// `schools.id`.
    SchoolId
);
key!(
    /// `users.id`.
    UserId
);
key!(
    /// `notices.id`.
    NoticeId
);
