//! Wire types of administration.

use crate::domain::Windows;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemSettings {
    pub windows: Windows,
    pub jump_ratio: f64,
    pub support_phone: String,
    pub support_qq: String,
}
