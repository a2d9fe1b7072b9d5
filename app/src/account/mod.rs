//! Accounts as the user meets them: logging in and out, and "who am I".
//! Personal settings and password resets come with the notices issue.

pub mod api;
pub mod login;
pub mod model;
