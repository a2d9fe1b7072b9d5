//! Rules of a user's own settings (个人设置): contact details and passwords;
//! and how failed logins slow password guessing down.

use serde::{Deserialize, Serialize};

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

/// The longest name (姓名) of an account, in characters.
pub const MAX_NAME: usize = 50;

/// Why contact details (姓名, 联系电话, 电子邮件) or a new password were
/// refused: one variant per rule, rendered in the reader's language by
/// `crate::i18n::say_checks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountIssue {
    /// 请填写姓名.
    NameMissing,
    /// Over `MAX_NAME` characters.
    NameTooLong,
    /// Not 7–20 digits with only spaces and hyphens between.
    PhoneFormat,
    EmailFormat,
    /// The repeated new password differs.
    PasswordsDiffer,
    /// Under `MIN_PASSWORD` characters.
    PasswordTooShort,
    /// Over `MAX_PASSWORD` characters.
    PasswordTooLong,
    /// Letters only or digits only.
    PasswordLettersAndDigits,
    /// The new password is the current one.
    PasswordUnchanged,
}

/// Checks name, phone and email (phone and email may be empty); the first
/// broken rule.
pub fn check_profile(name: &str, phone: &str, email: &str) -> Result<(), AccountIssue> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AccountIssue::NameMissing);
    }
    if name.chars().count() > MAX_NAME {
        return Err(AccountIssue::NameTooLong);
    }
    let phone = phone.trim();
    let digits = phone.chars().filter(|c| c.is_ascii_digit()).count();
    if !phone.is_empty()
        && (!phone
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
            || !(7..=20).contains(&digits))
    {
        return Err(AccountIssue::PhoneFormat);
    }
    let email = email.trim();
    if !email.is_empty() && !is_email(email) {
        return Err(AccountIssue::EmailFormat);
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
pub fn check_new_password(current: &str, new: &str, repeat: &str) -> Result<(), AccountIssue> {
    if new != repeat {
        return Err(AccountIssue::PasswordsDiffer);
    }
    let n = new.chars().count();
    if n < MIN_PASSWORD {
        return Err(AccountIssue::PasswordTooShort);
    }
    if n > MAX_PASSWORD {
        return Err(AccountIssue::PasswordTooLong);
    }
    if !new.chars().any(|c| c.is_alphabetic()) || !new.chars().any(|c| c.is_ascii_digit()) {
        return Err(AccountIssue::PasswordLettersAndDigits);
    }
    if new == current {
        return Err(AccountIssue::PasswordUnchanged);
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
        assert_eq!(check_profile(" ", "", ""), Err(AccountIssue::NameMissing));
        assert_eq!(
            check_profile(&"名".repeat(MAX_NAME + 1), "", ""),
            Err(AccountIssue::NameTooLong)
        );
        assert_eq!(
            check_profile("王伟", "12ab", ""),
            Err(AccountIssue::PhoneFormat)
        );
        assert_eq!(
            check_profile("王伟", "", "not-an-email"),
            Err(AccountIssue::EmailFormat)
        );
        assert_eq!(
            check_profile("王伟", "", "a@b"),
            Err(AccountIssue::EmailFormat)
        );
    }

    #[test]
    fn new_passwords_follow_the_policy() {
        assert_eq!(
            check_new_password("Old12345", "New12345", "New12345"),
            Ok(())
        );
        let refused = |current, new| check_new_password(current, new, new).unwrap_err();
        assert_eq!(
            check_new_password("x", "New12345", "New12346"),
            Err(AccountIssue::PasswordsDiffer)
        );
        assert_eq!(refused("x", "a1"), AccountIssue::PasswordTooShort);
        let long = format!("a1{}", "b".repeat(MAX_PASSWORD));
        assert_eq!(refused("x", &long), AccountIssue::PasswordTooLong);
        assert_eq!(
            refused("x", "abcdefgh"),
            AccountIssue::PasswordLettersAndDigits
        );
        assert_eq!(
            refused("Same1234", "Same1234"),
            AccountIssue::PasswordUnchanged
        );
    }
}
