//! Rules of the system settings the national admin keeps (SPEC §4, §6).
//! The windows check themselves (`Windows` cannot be built broken); these
//! are the rules of the other settings.

/// Checks the settings beside the windows; the first broken rule, in
/// Chinese.
pub fn check(jump_ratio: f64, phone: &str, qq: &str) -> Result<(), String> {
    if !(jump_ratio > 0.0 && jump_ratio <= 10.0) {
        return Err("变化提醒比例应在 0 到 1000% 之间".into());
    }
    let phone = phone.trim();
    if phone.is_empty()
        || phone.len() > 30
        || !phone
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
    {
        return Err("客服电话格式不正确".into());
    }
    let qq = qq.trim();
    if !(5..=12).contains(&qq.len()) || !qq.chars().all(|c| c.is_ascii_digit()) {
        return Err("客服 QQ 应为 5 到 12 位数字".into());
    }
    Ok(())
}

/// 截止前提醒: how many days before a level's deadline its regions that
/// have not reported get a reminder notice; 0 switches reminders off.
pub fn check_reminder_days(days: u32) -> Result<(), String> {
    if days > 10 {
        return Err("截止前提醒天数应在 0 到 10 之间（0 表示不提醒）".into());
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
        assert!(check(0.0, "1", "12345").unwrap_err().contains("比例"));
        assert!(check(0.3, "abc", "12345").unwrap_err().contains("客服电话"));
        assert!(check(0.3, "400", "12").unwrap_err().contains("QQ"));
    }
}
