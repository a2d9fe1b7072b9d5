//! What the server must provide for 管理: settings, regions, schools, accounts and imports: the part of the
//! backend this feature's server fns call (`crate::backend::Backend` is
//! all of them). Server-only.

use crate::admin::model::{ImportProgress, Listing, RegionTree, SchoolEntry, UserEntry};
use crate::domain::admin::{SchoolInput, UserInput};
use crate::domain::Period;
use crate::error::AppError;
use crate::request_key::RequestKey;

use crate::backend::actor::Actor;

#[async_trait::async_trait]
pub trait AdminApi: Send + Sync {
    /// 系统设置, for the national admin.
    async fn system_settings(
        &self,
        actor: &Actor,
    ) -> Result<crate::admin::model::SystemSettings, AppError>;

    async fn save_system_settings(
        &self,
        actor: &Actor,
        settings: crate::admin::model::SystemSettings,
    ) -> Result<(), AppError>;

    /// 管理: the national admin everywhere, reviewers inside their subtree;
    /// anything outside it is `NotFound`.
    async fn region_tree(
        &self,
        actor: &Actor,
        code: Option<String>,
    ) -> Result<RegionTree, AppError>;

    async fn rename_region(
        &self,
        actor: &Actor,
        code: String,
        name: String,
    ) -> Result<(), AppError>;

    async fn admin_schools(
        &self,
        actor: &Actor,
        region: Option<String>,
        q: String,
        page: u32,
    ) -> Result<Listing<SchoolEntry>, AppError>;

    /// Creates (`original` = None) or edits a school; a new managing
    /// region moves it. A create repeated under the same `key` answers the
    /// first one's result. `Some(month)`: the change takes effect from that
    /// month, not the current one (the current one was reported).
    async fn save_school(
        &self,
        actor: &Actor,
        original: Option<String>,
        school: SchoolInput,
        key: Option<RequestKey>,
    ) -> Result<Option<Period>, AppError>;

    /// 关闭 / 恢复; `Some(month)` as for `save_school`.
    async fn set_school_closed(
        &self,
        actor: &Actor,
        code: String,
        closed: bool,
    ) -> Result<Option<Period>, AppError>;

    async fn admin_users(
        &self,
        actor: &Actor,
        region: Option<String>,
        q: String,
        page: u32,
    ) -> Result<Listing<UserEntry>, AppError>;

    /// Creates an account without a password and mails it a link to set
    /// one; repeated under the same `key`, answers the first one's result.
    async fn create_user(
        &self,
        actor: &Actor,
        user: UserInput,
        key: Option<RequestKey>,
    ) -> Result<(), AppError>;

    async fn set_user_disabled(
        &self,
        actor: &Actor,
        username: String,
        disabled: bool,
    ) -> Result<(), AppError>;

    async fn save_user_contact(
        &self,
        actor: &Actor,
        username: String,
        contact: crate::admin::model::Contact,
    ) -> Result<(), AppError>;

    /// Mails the account a reset link; answers the (masked) address.
    async fn send_user_reset(&self, actor: &Actor, username: String) -> Result<String, AppError>;

    /// 确认导入 of a previewed file (uploaded through `/api/import/…`).
    async fn commit_import(&self, actor: &Actor, id: String) -> Result<(), AppError>;

    async fn import_progress(&self, actor: &Actor, id: String) -> Result<ImportProgress, AppError>;
}
