//! Wire types of notices.

use crate::domain::notice::NoticeScope;
use crate::domain::{Level, NoticeId};
use crate::i18n::{td_string, Locale};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeSummary {
    pub id: NoticeId,
    pub title: String,
    pub excerpt: String,
    /// "全国-全国管理员".
    pub author: String,
    pub created_at: String,
    pub pinned: bool,
    pub unread: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeDetail {
    pub id: NoticeId,
    pub title: String,
    /// Sanitized on the server when the notice was created.
    pub content_html: String,
    pub author: String,
    pub created_at: String,
    pub pinned: bool,
    pub scope: NoticeScope,
    pub can_pin: bool,
    pub attachments: Vec<Attachment>,
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
