//! Accounts as the user meets them: logging in and out, and "who am I".
//! 个人设置 (contact details, password change) and 忘记密码.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod forgot;
pub mod login;
pub mod model;
pub mod profile;
