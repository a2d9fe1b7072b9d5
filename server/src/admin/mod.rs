//! 管理: regions, schools and accounts, for the national admin everywhere
//! and for reviewers inside their subtree. Every read and write finds its
//! target through `region_closure` from the actor's own region, so anything
//! outside the subtree does not exist for it (未找到). Every change writes a
//! row to `admin_log`.

mod backend;

use crate::db::stmt;
use crate::error::ServiceResult;
use app::backend::Actor;
use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;

mod listing;
mod regions;
mod schools;
mod users;

pub use listing::MAX_SEARCH;
pub use regions::{region_tree, rename_region};
pub(crate) use schools::{insert_school, school_code_taken};
pub use schools::{save_school, schools, set_school_closed};
pub use users::{
    create_user, masked, save_user_contact, send_reset, set_user_disabled, users,
    ADMIN_RESET_LINK_MINUTES, WELCOME_LINK_MINUTES,
};
pub(crate) use users::{insert_user, placement, username_taken};

pub(crate) async fn log(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: &str,
    target: &str,
    detail: String,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    db.execute(stmt(
        db,
        "INSERT INTO admin_log (at, actor_user_id, actor_name, actor_region_id, action, target, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        vec![
            now.into(),
            actor.user_id.into(),
            actor.name.clone().into(),
            actor.region_id.into(),
            action.into(),
            target.into(),
            detail.into(),
        ],
    ))
    .await?;
    Ok(())
}
