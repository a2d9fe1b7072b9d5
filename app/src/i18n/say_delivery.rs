//! What the product delivers beyond a page's own labels, worded for the
//! one who reads it: the system's notices and every notice's author line,
//! who saved a record last, and (server only) the mails, each in its
//! recipient's stored language. Keys in `locales/<locale>/delivery.json`
//! (and the notice's own in `notice.json`).

use super::{datetime, month_day, period, td_string, Locale, Named, Say};
use crate::account::model::role_line;
use crate::notice::model::{clip, Author, NoticeText, SummaryText, SystemNotice};
use crate::school::model::LastSaved;

impl Say for Author {
    /// "湖南省-省级审核员", "系统"; an old notice's line as it was written.
    fn say(&self, locale: Locale) -> String {
        match self {
            Author::System => td_string!(locale, delivery.system).to_string(),
            Author::User {
                region,
                role,
                level,
            } => role_line(region, *role, *level, locale),
            Author::Written(line) => line.clone(),
        }
    }
}

impl SystemNotice {
    /// "【提醒】2026年11月数据请于11月5日前审核上报".
    pub fn title(&self, locale: Locale) -> String {
        match self {
            SystemNotice::Reminder {
                period: p,
                deadline,
                ..
            } => td_string!(
                locale,
                notice.reminder_title,
                period = period(locale, *p),
                deadline = month_day(locale, *deadline)
            )
            .to_string(),
        }
    }

    /// The notice's text, one paragraph.
    pub fn body(&self, locale: Locale) -> String {
        match self {
            SystemNotice::Reminder {
                region,
                level,
                period: p,
                deadline,
            } => td_string!(
                locale,
                notice.reminder_body,
                region = region,
                period = period(locale, *p),
                level = level.name(locale),
                deadline = month_day(locale, *deadline)
            )
            .to_string(),
        }
    }
}

impl SummaryText {
    pub fn title(&self, locale: Locale) -> String {
        match self {
            SummaryText::Written { title, .. } => title.clone(),
            SummaryText::System(n) => n.title(locale),
        }
    }

    /// The start of the text, as the list shows it.
    pub fn excerpt(&self, locale: Locale) -> String {
        match self {
            SummaryText::Written { excerpt, .. } => excerpt.clone(),
            SummaryText::System(n) => clip(&n.body(locale)),
        }
    }
}

impl NoticeText {
    pub fn title(&self, locale: Locale) -> String {
        match self {
            NoticeText::Written { title, .. } => title.clone(),
            NoticeText::System(n) => n.title(locale),
        }
    }
}

impl Say for LastSaved {
    /// "湖南省-省级审核员 张三 2026-11-05 10:37", "系统 2026-11-05 10:37".
    fn say(&self, locale: Locale) -> String {
        let who = match &self.by {
            Some(by) => by.clone(),
            None => td_string!(locale, delivery.system).to_string(),
        };
        td_string!(
            locale,
            delivery.saved_by,
            who = who,
            at = datetime(locale, self.at)
        )
        .to_string()
    }
}

#[cfg(feature = "ssr")]
pub use letters::Letter;

/// Mails: only the server writes them (kept out of the browser's bundle).
#[cfg(feature = "ssr")]
mod letters {
    use super::*;
    use chrono::{DateTime, Utc};

    /// A mail the product sends, by kind, with what its words need. The
    /// sender writes it in the recipient's stored language (`users.locale`;
    /// zh-CN when they never chose one).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Letter {
        /// 忘记密码: the link the holder asked for, valid `minutes`.
        PasswordReset {
            username: String,
            link: String,
            minutes: i64,
        },
        /// A new account: the link to set its first password, valid
        /// `hours`.
        Welcome {
            username: String,
            link: String,
            hours: i64,
        },
        /// 重置密码 by an administrator: the link, valid `hours`.
        AdminReset {
            username: String,
            link: String,
            hours: i64,
        },
        /// The password was guessed wrong several times in a row, around
        /// `at`; the captcha now guards the login.
        LoginFailures { username: String, at: DateTime<Utc> },
    }

    impl Letter {
        /// "【教育信息化工作进展信息系统】找回密码".
        pub fn subject(&self, locale: Locale) -> String {
            let what = match self {
                Letter::PasswordReset { .. } => td_string!(locale, delivery.mail_reset_subject),
                Letter::Welcome { .. } => td_string!(locale, delivery.mail_welcome_subject),
                Letter::AdminReset { .. } => {
                    td_string!(locale, delivery.mail_admin_reset_subject)
                }
                Letter::LoginFailures { .. } => {
                    td_string!(locale, delivery.mail_login_failures_subject)
                }
            };
            td_string!(locale, delivery.mail_subject, what = what).to_string()
        }

        /// The plain text, signed.
        pub fn body(&self, locale: Locale) -> String {
            let signature = td_string!(locale, delivery.mail_signature);
            match self {
                Letter::PasswordReset {
                    username,
                    link,
                    minutes,
                } => td_string!(
                    locale,
                    delivery.mail_reset_body,
                    username = username,
                    minutes = minutes,
                    link = link,
                    signature = signature
                )
                .to_string(),
                Letter::Welcome {
                    username,
                    link,
                    hours,
                } => td_string!(
                    locale,
                    delivery.mail_welcome_body,
                    username = username,
                    hours = hours,
                    link = link,
                    signature = signature
                )
                .to_string(),
                Letter::AdminReset {
                    username,
                    link,
                    hours,
                } => td_string!(
                    locale,
                    delivery.mail_admin_reset_body,
                    username = username,
                    hours = hours,
                    link = link,
                    signature = signature
                )
                .to_string(),
                Letter::LoginFailures { username, at } => td_string!(
                    locale,
                    delivery.mail_login_failures_body,
                    username = username,
                    at = datetime(locale, *at),
                    signature = signature
                )
                .to_string(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Level, Period, Role};
    use chrono::{NaiveDate, TimeZone, Utc};

    fn has_han(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    fn reminder() -> SystemNotice {
        SystemNotice::Reminder {
            region: "岳麓区".into(),
            level: Level::County,
            period: Period::new(2026, 11).unwrap(),
            deadline: NaiveDate::from_ymd_opt(2026, 11, 5).unwrap(),
        }
    }

    #[test]
    fn a_reminder_reads_as_it_always_did_in_chinese_and_in_english() {
        let n = reminder();
        assert_eq!(
            n.title(Locale::zh_CN),
            "【提醒】2026年11月数据请于11月5日前审核上报"
        );
        assert_eq!(
            n.body(Locale::zh_CN),
            "岳麓区2026年11月的数据尚未上报。县级上报时间截至11月5日，到期未报的，系统将自动上报。请及时审核下级地区和直属学校的数据，上传月报文本后点击“审核上报”。"
        );
        assert_eq!(
            n.title(Locale::en),
            "[Reminder] Please review and submit the data of November 2026 by 5 November"
        );
        // The region's name is data: the only Han characters of the text.
        assert!(!has_han(&n.body(Locale::en).replace("岳麓区", "")));
        let listed = SummaryText::System(n);
        assert!(listed
            .excerpt(Locale::zh_CN)
            .starts_with("岳麓区2026年11月的数据尚未上报"));
        assert!(listed.excerpt(Locale::zh_CN).ends_with('…'));
    }

    #[test]
    fn an_author_is_named_in_the_readers_locale() {
        let user = Author::User {
            region: "湖南省".into(),
            role: Role::Reviewer,
            level: Level::Province,
        };
        assert_eq!(user.say(Locale::zh_CN), "湖南省-省级审核员");
        assert_eq!(user.say(Locale::en), "湖南省-Provincial reviewer");
        assert_eq!(Author::System.say(Locale::zh_CN), "系统");
        assert_eq!(Author::System.say(Locale::en), "System");
        let old = Author::Written("全国-全国管理员".into());
        assert_eq!(old.say(Locale::en), "全国-全国管理员");
    }

    #[test]
    fn who_saved_last_and_when() {
        let at = Utc.with_ymd_and_hms(2026, 11, 5, 2, 37, 0).unwrap();
        let saved = LastSaved {
            by: Some("湖南省-省级审核员 张三".into()),
            at,
        };
        assert_eq!(
            saved.say(Locale::zh_CN),
            "湖南省-省级审核员 张三 2026-11-05 10:37"
        );
        let system = LastSaved { by: None, at };
        assert_eq!(system.say(Locale::zh_CN), "系统 2026-11-05 10:37");
        assert_eq!(system.say(Locale::en), "System, 5 Nov 2026, 10:37");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn mails_read_as_they_always_did_in_chinese_and_in_english() {
        let reset = Letter::PasswordReset {
            username: "r430104".into(),
            link: "https://jyxx.example/reset?token=abc".into(),
            minutes: 30,
        };
        assert_eq!(
            reset.subject(Locale::zh_CN),
            "【教育信息化工作进展信息系统】找回密码"
        );
        assert_eq!(
            reset.body(Locale::zh_CN),
            "您好，\n\n有人为账号 r430104 申请了找回密码。如是您本人操作，请在 30 分钟内打开下面的链接设置新密码（只能使用一次）：\n\nhttps://jyxx.example/reset?token=abc\n\n如非本人操作，请忽略本邮件，您的密码不会改变。\n\n教育信息化工作进展信息系统"
        );
        let welcome = Letter::Welcome {
            username: "zhang_san".into(),
            link: "L".into(),
            hours: 72,
        };
        assert_eq!(
            welcome.subject(Locale::zh_CN),
            "【教育信息化工作进展信息系统】账号已创建，请设置密码"
        );
        assert_eq!(
            welcome.body(Locale::zh_CN),
            "您好，\n\n您在教育信息化工作进展信息系统的账号 zhang_san 已创建。请在 72 小时内打开下面的链接设置密码（只能使用一次）：\n\nL\n\n设置后即可用该账号登录。链接过期后，可在登录页点击“忘记密码”重新申请。\n\n教育信息化工作进展信息系统"
        );
        let admin = Letter::AdminReset {
            username: "zhang_san".into(),
            link: "L".into(),
            hours: 24,
        };
        assert_eq!(
            admin.subject(Locale::zh_CN),
            "【教育信息化工作进展信息系统】重置密码"
        );
        assert_eq!(
            admin.body(Locale::zh_CN),
            "您好，\n\n管理员为您在教育信息化工作进展信息系统的账号 zhang_san 发起了重置密码。请在 24 小时内打开下面的链接设置新密码（只能使用一次）：\n\nL\n\n在设置新密码之前，原密码仍然有效。\n\n教育信息化工作进展信息系统"
        );
        let failures = Letter::LoginFailures {
            username: "r430104".into(),
            at: Utc.with_ymd_and_hms(2026, 11, 5, 2, 37, 0).unwrap(),
        };
        assert_eq!(
            failures.subject(Locale::zh_CN),
            "【教育信息化工作进展信息系统】账号多次登录失败提醒"
        );
        assert_eq!(
            failures.body(Locale::zh_CN),
            "您好，\n\n您在教育信息化工作进展信息系统的账号 r430104 于 2026-11-05 10:37（北京时间）前后连续多次登录失败，此后登录需要输入验证码。\n\n如果不是您本人操作，说明有人在尝试您的密码：请尽快登录并在“个人设置”中修改密码；如忘记密码，可在登录页点击“忘记密码”。\n\n教育信息化工作进展信息系统"
        );
        for letter in [reset, welcome, admin, failures] {
            assert!(!has_han(&letter.subject(Locale::en)), "{letter:?}");
            assert!(!has_han(&letter.body(Locale::en)), "{letter:?}");
        }
        assert!(Letter::PasswordReset {
            username: "u".into(),
            link: "L".into(),
            minutes: 30
        }
        .body(Locale::en)
        .contains("within 30 minutes"));
    }
}
