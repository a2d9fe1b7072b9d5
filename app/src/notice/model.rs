//! Wire types of notices.

use crate::domain::{Level, NoticeId};
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
    pub scope: String,
    pub can_pin: bool,
    pub attachments: Vec<Attachment>,
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
