//! `app::notice::backend::NoticeApi` on the server: 通知通告. Each method
//! authorizes through the actor and calls this feature's queries.

use crate::backend::ServerBackend;
use crate::notice;
use app::backend::Actor;
use app::domain::NoticeId;
use app::error::AppError;
use app::notice::model::{NewNotice, NoticeDetail, NoticeSummary};

#[async_trait::async_trait]
impl app::notice::backend::NoticeApi for ServerBackend {
    async fn notices(&self, actor: &Actor) -> Result<Vec<NoticeSummary>, AppError> {
        Ok(notice::list(&self.db, actor).await?)
    }

    async fn unread_notices(&self, actor: &Actor) -> Result<i64, AppError> {
        Ok(notice::unread_count(&self.db, actor).await?)
    }

    async fn notice(&self, actor: &Actor, id: NoticeId) -> Result<NoticeDetail, AppError> {
        Ok(notice::detail(&self.db, actor, id, self.clock.now()).await?)
    }

    async fn create_notice(&self, actor: &Actor, new: NewNotice) -> Result<NoticeId, AppError> {
        Ok(notice::create(&self.db, actor, new, self.clock.now()).await?)
    }

    async fn pin_notice(&self, actor: &Actor, id: NoticeId, pinned: bool) -> Result<(), AppError> {
        Ok(notice::set_pinned(&self.db, actor, id, pinned, self.clock.now()).await?)
    }
}
