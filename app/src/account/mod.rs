//! Accounts as the user meets them: logging in and out, and "who am I".
//! 个人设置 (contact details, password change); password resets are not
//! built yet.

pub mod api;
pub mod login;
pub mod model;
pub mod profile;
