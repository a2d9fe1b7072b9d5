//! Wire types of the account feature.

use crate::domain::{Level, Period, Role};
use crate::i18n::{role_name, Locale};
use serde::{Deserialize, Serialize};

/// The logged-in user as the UI needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub username: String,
    pub name: String,
    pub role: Role,
    pub region_code: String,
    pub region_name: String,
    pub region_level: Level,
    /// The school of a school admin.
    pub school_name: Option<String>,
    /// Today's date on the server's clock, China Standard Time.
    pub today: chrono::NaiveDate,
}

impl Me {
    /// "湖南省-省级审核员": how the system names a user to others.
    pub fn display_role(&self, locale: Locale) -> String {
        role_line(&self.region_name, self.role, self.region_level, locale)
    }

    pub fn current_period(&self) -> Period {
        Period::of(self.today)
    }
}

/// "湖南省-省级审核员": a user's region and role, in `locale`.
pub fn role_line(region_name: &str, role: Role, level: Level, locale: Locale) -> String {
    format!("{region_name}-{}", role_name(role, Some(level), locale))
}

/// 个人设置.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub username: String,
    pub role: Role,
    pub region_name: String,
    pub region_level: Level,
    pub name: String,
    pub phone: String,
    pub email: String,
}

impl Profile {
    /// "岳麓区-县级审核员".
    pub fn role_line(&self, locale: Locale) -> String {
        role_line(&self.region_name, self.role, self.region_level, locale)
    }
}

/// The answer to a 忘记密码 request, the same whether or not the address
/// is registered: how long a mailed link would work, in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetRequested {
    pub link_minutes: i64,
}

/// 验证码: an image and the id to answer it by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaptchaImage {
    pub id: String,
    /// A `data:image/png;base64,…` URL.
    pub image: String,
}
