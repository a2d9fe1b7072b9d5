//! Rules of the system settings the national admin keeps (SPEC §4, §6).
//! The windows check themselves (`Windows` cannot be built broken); these
//! are the rules of the other settings.

use serde::{Deserialize, Serialize};

/// Why a system setting beside the windows was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SettingsIssue {
    /// The jump ratio is not in (0, 10] (0 % to 1000 %).
    JumpRatio,
    /// 客服电话: empty, over 30 characters, or not digits, spaces and
    /// hyphens.
    SupportPhone,
    /// 客服 QQ: not 5–12 digits.
    SupportQq,
    /// 截止前提醒: over `MAX_REMINDER_DAYS`.
    ReminderDays,
}

/// The most days before a deadline a reminder may go.
pub const MAX_REMINDER_DAYS: u32 = 10;

/// Checks the settings beside the windows; the first broken rule.
pub fn check(jump_ratio: f64, phone: &str, qq: &str) -> Result<(), SettingsIssue> {
    if !(jump_ratio > 0.0 && jump_ratio <= 10.0) {
        return Err(SettingsIssue::JumpRatio);
    }
    let phone = phone.trim();
    if phone.is_empty()
        || phone.len() > 30
        || !phone
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
    {
        return Err(SettingsIssue::SupportPhone);
    }
    let qq = qq.trim();
    if !(5..=12).contains(&qq.len()) || !qq.chars().all(|c| c.is_ascii_digit()) {
        return Err(SettingsIssue::SupportQq);
    }
    Ok(())
}

/// 截止前提醒: how many days before a level's deadline its regions that
/// have not reported get a reminder notice; 0 switches reminders off.
pub fn check_reminder_days(days: u32) -> Result<(), SettingsIssue> {
    if days > MAX_REMINDER_DAYS {
        return Err(SettingsIssue::ReminderDays);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sound_settings_pass() {
        assert_eq!(check(0.3, "400-8980-910", "4008980910"), Ok(()));
    }

    #[test]
    fn each_broken_setting_is_named() {
        assert_eq!(check(0.0, "1", "12345"), Err(SettingsIssue::JumpRatio));
        assert_eq!(check(10.5, "1", "12345"), Err(SettingsIssue::JumpRatio));
        assert_eq!(check(0.3, "abc", "12345"), Err(SettingsIssue::SupportPhone));
        assert_eq!(check(0.3, "400", "12"), Err(SettingsIssue::SupportQq));
        assert_eq!(check_reminder_days(10), Ok(()));
        assert_eq!(check_reminder_days(11), Err(SettingsIssue::ReminderDays));
    }
}
