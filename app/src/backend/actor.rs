//! Who asks, and how a login arrives and ends: the types every feature's
//! part of the backend speaks in.

use crate::domain::code::RegionCode;
use crate::domain::{Level, RegionId, Role, SchoolId, UserId};

/// Who is asking, as resolved from the session cookie.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: UserId,
    pub username: String,
    pub name: String,
    pub role: Role,
    /// The region the user belongs to (for school admins: the school's
    /// managing region).
    pub region_id: RegionId,
    pub region_code: RegionCode,
    pub region_name: String,
    pub region_level: Level,
    pub school_id: Option<SchoolId>,
    pub phone: String,
}

/// Where a login comes from and what it brings besides the password: the
/// client's address (for throttling) and a captcha answer (id, text).
#[derive(Debug, Clone, Default)]
pub struct LoginAttempt {
    pub source: Option<String>,
    pub captcha: Option<(String, String)>,
}

/// What a successful login hands back to set the cookie.
pub struct NewSession {
    pub token: String,
    pub max_age_secs: i64,
    /// The language the user chose last time, if any: the login sets the
    /// locale cookie from it, so a new device speaks it at once.
    pub locale: Option<crate::i18n::Locale>,
}

impl std::fmt::Debug for NewSession {
    /// Never prints the token: a session's token is its holder's password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewSession")
            .field("max_age_secs", &self.max_age_secs)
            .finish_non_exhaustive()
    }
}
