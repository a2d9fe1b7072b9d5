//! Server fns of notices: every one reads through the recipient rule.

use super::model::{NewNotice, NoticeDetail, NoticeSummary};
use crate::domain::NoticeId;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "list_notices")]
pub async fn list_notices() -> Result<Vec<NoticeSummary>, AppError> {
    use crate::backend::{actor, backend};
    let actor = actor().await?;
    backend()?.notices(&actor).await
}

#[server(endpoint = "unread_notices")]
pub async fn unread_notices() -> Result<i64, AppError> {
    use crate::backend::{actor, backend};
    let actor = actor().await?;
    backend()?.unread_notices(&actor).await
}

#[server(endpoint = "get_notice")]
pub async fn get_notice(id: NoticeId) -> Result<NoticeDetail, AppError> {
    use crate::backend::{actor, backend};
    let actor = actor().await?;
    backend()?.notice(&actor, id).await
}

#[server(endpoint = "create_notice", input = leptos::server_fn::codec::Json)]
pub async fn create_notice(notice: NewNotice) -> Result<NoticeId, AppError> {
    use crate::backend::{actor, backend};
    let actor = actor().await?;
    // The key is what makes a 保存 sent again harmless: a create without
    // one is refused rather than possibly doubled.
    if notice.request_key.is_none() {
        return Err(crate::message::RequestIssue::MissingRequestKey.into());
    }
    backend()?.create_notice(&actor, notice).await
}

#[server(endpoint = "pin_notice")]
pub async fn pin_notice(id: NoticeId, pinned: bool) -> Result<(), AppError> {
    use crate::backend::{actor, backend};
    let actor = actor().await?;
    backend()?.pin_notice(&actor, id, pinned).await
}
