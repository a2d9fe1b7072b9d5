//! Wire types of the shell.

use serde::{Deserialize, Serialize};

/// 客户服务 contacts shown in the footer, from settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportContacts {
    pub phone: String,
    pub qq: String,
}
