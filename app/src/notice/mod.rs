//! 我的 → 通知通告: the list (置顶 first, then newest, unread marked), the
//! detail, 创建 with 范围 and a simple rich-text editor, and 置顶.
//! Attachments (附件) are not built yet.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod model;
pub mod page;
