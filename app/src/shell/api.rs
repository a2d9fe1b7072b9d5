//! Server fns of the shell.

use super::model::SupportContacts;
use crate::error::AppError;
use leptos::prelude::*;

/// Public: the login page shows the contacts too.
#[server(endpoint = "get_support_contacts")]
pub async fn get_support_contacts() -> Result<SupportContacts, AppError> {
    crate::backend::backend()?.support_contacts().await
}
