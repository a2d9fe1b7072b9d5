//! Server fns of administration: the national admin only.

use super::model::SystemSettings;
use crate::error::AppError;
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
    let actor = actor().await?;
    crate::domain::settings::check(
        &settings.windows,
        settings.jump_ratio,
        &settings.support_phone,
        &settings.support_qq,
    )
    .map_err(AppError::Invalid)?;
    backend()?.save_system_settings(&actor, settings).await
}
