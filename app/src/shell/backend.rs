//! What the server must provide for the frame around every page: the part of the
//! backend this feature's server fns call (`crate::backend::Backend` is
//! all of them). Server-only.

use crate::error::AppError;
use crate::shell::model::SupportContacts;

#[async_trait::async_trait]
pub trait ShellApi: Send + Sync {
    async fn support_contacts(&self) -> Result<SupportContacts, AppError>;
}
