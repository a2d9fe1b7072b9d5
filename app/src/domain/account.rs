//! Rules of a user's own settings (个人设置): contact details and passwords;
//! and how failed logins slow password guessing down.

/// Failed logins count within this many minutes.
pub const LOGIN_WINDOW_MINUTES: i64 = 15;
/// An account name with this many recent failures needs the captcha.
pub const CAPTCHA_AFTER_ACCOUNT: i64 = 3;
/// ... and with this many, no more attempts until the window passes.
pub const LOCK_AFTER_ACCOUNT: i64 = 10;
/// A source address with this many recent failures (any accounts) needs the
/// captcha for every login: spraying many accounts from one place.
pub const CAPTCHA_AFTER_SOURCE: i64 = 10;
/// ... and with this many, it is refused until the window passes.
pub const LOCK_AFTER_SOURCE: i64 = 50;

/// What a login attempt must clear first (OWASP ASVS V6): nothing, the
/// captcha, or nothing at all is tried (too many failures).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginGate {
    Open,
    Captcha,
    Closed,
}

/// The gate, from the recent failures of the account name and of the
/// source address. The same for names that exist and names that do not.
pub fn login_gate(account_failures: i64, source_failures: i64) -> LoginGate {
    if account_failures >= LOCK_AFTER_ACCOUNT || source_failures >= LOCK_AFTER_SOURCE {
        LoginGate::Closed
    } else if account_failures >= CAPTCHA_AFTER_ACCOUNT || source_failures >= CAPTCHA_AFTER_SOURCE {
        LoginGate::Captcha
    } else {
        LoginGate::Open
    }
}

/// Checks name, phone and email; the first broken rule, in Chinese.
pub fn check_profile(name: &str, phone: &str, email: &str) -> Result<(), String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("请填写姓名".into());
    }
    if name.chars().count() > 50 {
        return Err("姓名不能超过 50 个字".into());
    }
    let phone = phone.trim();
    let digits = phone.chars().filter(|c| c.is_ascii_digit()).count();
    if !phone.is_empty()
        && (!phone
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
            || !(7..=20).contains(&digits))
    {
        return Err("联系电话格式不正确，例如 13800000000 或 0731-88888888".into());
    }
    let email = email.trim();
    if !email.is_empty() && !is_email(email) {
        return Err("电子邮件格式不正确".into());
    }
    Ok(())
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    s.len() <= 200
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c == '<' || c == '>' || c == '"')
        && !domain.contains('@')
}

pub const MIN_PASSWORD: usize = 8;
pub const MAX_PASSWORD: usize = 128;

/// A new password: 8–128 characters, with letters and digits, and not the
/// current one.
pub fn check_new_password(current: &str, new: &str, repeat: &str) -> Result<(), String> {
    if new != repeat {
        return Err("两次输入的新密码不一致".into());
    }
    let n = new.chars().count();
    if n < MIN_PASSWORD {
        return Err(format!("新密码至少 {MIN_PASSWORD} 位"));
    }
    if n > MAX_PASSWORD {
        return Err(format!("新密码不能超过 {MAX_PASSWORD} 位"));
    }
    if !new.chars().any(|c| c.is_alphabetic()) || !new.chars().any(|c| c.is_ascii_digit()) {
        return Err("新密码须同时包含字母和数字".into());
    }
    if new == current {
        return Err("新密码不能与当前密码相同".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_logins_bring_the_captcha_then_a_pause() {
        assert_eq!(login_gate(0, 0), LoginGate::Open);
        assert_eq!(login_gate(CAPTCHA_AFTER_ACCOUNT - 1, 0), LoginGate::Open);
        assert_eq!(login_gate(CAPTCHA_AFTER_ACCOUNT, 0), LoginGate::Captcha);
        assert_eq!(login_gate(0, CAPTCHA_AFTER_SOURCE), LoginGate::Captcha);
        assert_eq!(login_gate(LOCK_AFTER_ACCOUNT, 0), LoginGate::Closed);
        assert_eq!(login_gate(1, LOCK_AFTER_SOURCE), LoginGate::Closed);
    }

    #[test]
    fn contact_details_are_checked() {
        assert_eq!(
            check_profile("王伟", "0731-88888888", "wang@hn.edu.cn"),
            Ok(())
        );
        assert_eq!(check_profile("王伟", "", ""), Ok(()));
        assert!(check_profile(" ", "", "").unwrap_err().contains("姓名"));
        assert!(check_profile("王伟", "12ab", "")
            .unwrap_err()
            .contains("联系电话"));
        assert!(check_profile("王伟", "", "not-an-email")
            .unwrap_err()
            .contains("电子邮件"));
        assert!(check_profile("王伟", "", "a@b").is_err());
    }

    #[test]
    fn new_passwords_follow_the_policy() {
        assert_eq!(
            check_new_password("Old12345", "New12345", "New12345"),
            Ok(())
        );
        assert!(check_new_password("x", "New12345", "New12346")
            .unwrap_err()
            .contains("不一致"));
        assert!(check_new_password("x", "a1", "a1")
            .unwrap_err()
            .contains("至少"));
        assert!(check_new_password("x", "abcdefgh", "abcdefgh")
            .unwrap_err()
            .contains("字母和数字"));
        assert!(check_new_password("Same1234", "Same1234", "Same1234")
            .unwrap_err()
            .contains("相同"));
    }
}
