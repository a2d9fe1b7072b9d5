//! Wire types of notices. A notice written by a person travels as it was
//! written; a notice of the system (截止前提醒) and every author line travel
//! as values, which the page words in the reader's locale
//! (`crate::i18n::say_delivery`).

use crate::domain::notice::NoticeScope;
use crate::domain::{Level, NoticeId, Period, Role};
use crate::i18n::{td_string, Locale};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeSummary {
    pub id: NoticeId,
    pub text: SummaryText,
    /// "全国-全国管理员", 系统.
    pub author: Author,
    pub created_at: DateTime<Utc>,
    pub pinned: bool,
    pub unread: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeDetail {
    pub id: NoticeId,
    pub text: NoticeText,
    pub author: Author,
    pub created_at: DateTime<Utc>,
    pub pinned: bool,
    pub scope: NoticeScope,
    pub can_pin: bool,
    pub attachments: Vec<Attachment>,
}

/// A notice in a list: its title and the start of its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SummaryText {
    /// Written by a person: as written.
    Written { title: String, excerpt: String },
    /// The system's: worded for the reader.
    System(SystemNotice),
}

/// A notice on its own page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum NoticeText {
    /// Written by a person. Sanitized on the server when the notice was
    /// created.
    Written { title: String, content_html: String },
    /// The system's: worded for the reader.
    System(SystemNotice),
}

/// A notice the system sends by itself, by kind, with what its words need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SystemNotice {
    /// 截止前提醒: `region` has not reported `period`, whose deadline for
    /// `level` is `deadline` (a Beijing date).
    Reminder {
        region: String,
        level: Level,
        period: Period,
        deadline: NaiveDate,
    },
}

/// Who wrote a notice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Author {
    /// 系统.
    System,
    /// A user, as they were when they wrote it: "湖南省-省级审核员".
    User {
        region: String,
        role: Role,
        level: Level,
    },
    /// A notice from before authors were kept as values: its line as it
    /// was written then (in zh-CN).
    Written(String),
}

/// The first 60 characters of a notice's text, "…" when there is more:
/// what a list shows of it.
pub fn clip(text: &str) -> String {
    let mut e: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        e.push('…');
    }
    e
}

/// Who a notice reaches, in words: "县级审核员、直属学校管理员".
pub fn scope_words(scope: &NoticeScope, locale: Locale) -> String {
    let mut parts: Vec<String> = scope
        .levels
        .iter()
        .map(|l| {
            match l {
                Level::National => td_string!(locale, notice.scope_reviewers_national),
                Level::Province => td_string!(locale, notice.scope_reviewers_province),
                Level::City => td_string!(locale, notice.scope_reviewers_city),
                Level::County => td_string!(locale, notice.scope_reviewers_county),
            }
            .to_string()
        })
        .collect();
    if scope.direct_schools {
        parts.push(td_string!(locale, notice.direct_school_admins).into());
    }
    parts.join(td_string!(locale, notice.scope_sep))
}

/// 附件: served only to the notice's readers, as an attachment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: i32,
    pub name: String,
    pub size: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewNotice {
    pub title: String,
    pub levels: Vec<Level>,
    pub direct_schools: bool,
    pub content_html: String,
    pub pinned: bool,
    /// Made once per editor: a 保存 sent again after a lost answer gets
    /// the first notice back instead of a second one.
    #[serde(default)]
    pub request_key: Option<crate::request_key::RequestKey>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chinese_scope_reads_as_the_manual_names_it() {
        let scopes = [
            (NoticeScope::default(), ""),
            (
                NoticeScope {
                    levels: vec![Level::City, Level::County],
                    direct_schools: true,
                },
                "市级审核员、县级审核员、直属学校管理员",
            ),
            (
                NoticeScope {
                    levels: vec![Level::National],
                    direct_schools: false,
                },
                "国家级审核员",
            ),
            (
                NoticeScope {
                    levels: vec![],
                    direct_schools: true,
                },
                "直属学校管理员",
            ),
        ];
        for (s, words) in scopes {
            assert_eq!(scope_words(&s, Locale::zh_CN), words);
        }
        let both = NoticeScope {
            levels: vec![Level::County],
            direct_schools: true,
        };
        assert_eq!(
            scope_words(&both, Locale::en),
            "County reviewers, Direct school administrators"
        );
    }
}
