//! What the server must provide for 通知通告: the part of the
//! backend this feature's server fns call (`crate::backend::Backend` is
//! all of them). Server-only.

use crate::domain::NoticeId;
use crate::error::AppError;
use crate::notice::model::{NewNotice, NoticeDetail, NoticeSummary};

use crate::backend::actor::Actor;

#[async_trait::async_trait]
pub trait NoticeApi: Send + Sync {
    /// Notices the actor may read, 置顶 first, then newest.
    async fn notices(&self, actor: &Actor) -> Result<Vec<NoticeSummary>, AppError>;

    async fn unread_notices(&self, actor: &Actor) -> Result<i64, AppError>;

    /// One notice the actor may read (else NotFound); marks it read.
    async fn notice(&self, actor: &Actor, id: NoticeId) -> Result<NoticeDetail, AppError>;

    async fn create_notice(&self, actor: &Actor, notice: NewNotice) -> Result<NoticeId, AppError>;

    async fn pin_notice(&self, actor: &Actor, id: NoticeId, pinned: bool) -> Result<(), AppError>;
}
