//! Server fns of administration: 系统设置 for the national admin; regions,
//! schools, accounts and imports for the national admin and, inside their
//! subtree, reviewers. Each checks its input with the domain rules and
//! leaves scope to the backend's queries.

use super::model::{
    Contact, ImportProgress, Listing, RegionTree, SchoolEntry, SystemSettings, UserEntry,
};
use crate::domain::admin::{SchoolInput, UserInput};
use crate::error::AppError;
use crate::request_key::RequestKey;
use leptos::prelude::*;

#[server(endpoint = "get_settings")]
pub async fn get_settings() -> Result<SystemSettings, AppError> {
    use crate::backend::{actor, backend};
    let actor = actor().await?;
    backend()?.system_settings(&actor).await
}

#[server(endpoint = "save_settings", input = leptos::server_fn::codec::Json)]
pub async fn save_settings(settings: SystemSettings) -> Result<(), AppError> {
    use crate::backend::{actor, backend};
    // `settings` passed every rule on its way in (`SystemSettings` only
    // deserializes through them).
    let actor = actor().await?;
    backend()?.save_system_settings(&actor, settings).await
}

#[server(endpoint = "admin_region_tree")]
pub async fn get_region_tree(code: Option<String>) -> Result<RegionTree, AppError> {
    use crate::backend::{actor, backend};
    let actor = actor().await?;
    backend()?.region_tree(&actor, code).await
}

#[server(endpoint = "admin_rename_region")]
pub async fn rename_region(code: String, name: String) -> Result<(), AppError> {
    use crate::backend::{actor, backend};
    let actor = actor().await?;
    let name =
        crate::domain::admin::check_region_name(&name).map_err(|e| AppError::Invalid(e.into()))?;
    backend()?.rename_region(&actor, code, name).await
}

#[server(endpoint = "admin_schools")]
pub async fn list_schools(
    region: Option<String>,
    q: String,
    page: u32,
) -> Result<Listing<SchoolEntry>, AppError> {
    use crate::backend::{actor, backend};
    let actor = actor().await?;
    backend()?.admin_schools(&actor, region, q, page).await
}

#[server(endpoint = "admin_save_school", input = leptos::server_fn::codec::Json)]
pub async fn save_school(
    original: Option<String>,
    school: SchoolInput,
    request_key: Option<RequestKey>,
) -> Result<Option<crate::domain::Period>, AppError> {
    use crate::backend::{actor, backend};
    // `school` passed the domain's checks on its way in.
    let actor = actor().await?;
    if let Some(code) = &original {
        crate::domain::code::SchoolCode::parse(code)?;
    } else if request_key.is_none() {
        return Err(crate::message::RequestIssue::MissingRequestKey.into());
    }
    backend()?
        .save_school(&actor, original, school, request_key)
        .await
}

#[server(endpoint = "admin_close_school")]
pub async fn set_school_closed(
    code: String,
    closed: bool,
) -> Result<Option<crate::domain::Period>, AppError> {
    use crate::backend::{actor, backend};
    let actor = actor().await?;
    crate::domain::code::SchoolCode::parse(&code)?;
    backend()?.set_school_closed(&actor, code, closed).await
}

#[server(endpoint = "admin_users")]
pub async fn list_users(
    region: Option<String>,
    q: String,
    page: u32,
) -> Result<Listing<UserEntry>, AppError> {
    use crate::backend::{actor, backend};
    let actor = actor().await?;
    backend()?.admin_users(&actor, region, q, page).await
}

#[server(endpoint = "admin_create_user", input = leptos::server_fn::codec::Json)]
pub async fn create_user(user: UserInput, request_key: RequestKey) -> Result<(), AppError> {
    use crate::backend::{actor, backend};
    // `user` passed the domain's checks on its way in.
    let actor = actor().await?;
    backend()?
        .create_user(&actor, user, Some(request_key))
        .await
}

#[server(endpoint = "admin_disable_user")]
pub async fn set_user_disabled(username: String, disabled: bool) -> Result<(), AppError> {
    use crate::backend::{actor, backend};
    let actor = actor().await?;
    backend()?
        .set_user_disabled(&actor, username, disabled)
        .await
}

#[server(endpoint = "admin_user_contact", input = leptos::server_fn::codec::Json)]
pub async fn save_user_contact(username: String, contact: Contact) -> Result<(), AppError> {
    use crate::backend::{actor, backend};
    let actor = actor().await?;
    crate::domain::account::check_profile(&contact.name, &contact.phone, &contact.email)
        .map_err(|e| AppError::Invalid(e.into()))?;
    backend()?
        .save_user_contact(&actor, username, contact)
        .await
}

#[server(endpoint = "admin_reset_user")]
pub async fn send_user_reset(username: String) -> Result<String, AppError> {
    use crate::backend::{actor, backend};
    let actor = actor().await?;
    backend()?.send_user_reset(&actor, username).await
}

#[server(endpoint = "admin_commit_import")]
pub async fn commit_import(id: String) -> Result<(), AppError> {
    use crate::backend::{actor, backend};
    let actor = actor().await?;
    backend()?.commit_import(&actor, id).await
}

#[server(endpoint = "admin_import_progress")]
pub async fn get_import_progress(id: String) -> Result<ImportProgress, AppError> {
    use crate::backend::{actor, backend};
    let actor = actor().await?;
    backend()?.import_progress(&actor, id).await
}
