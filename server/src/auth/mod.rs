//! Passwords (argon2id) and server-side sessions.

pub mod password;
pub mod session;
