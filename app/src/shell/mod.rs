//! The application shell: header with the user and 退出, the manual's menus
//! (上报 → 数据上报 / 本级填报; 我的 → 通知通告 / 个人设置), the 客户服务
//! footer, and pages that are announced but not built yet.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod failure;
pub mod language;
pub mod layout;
pub mod model;
pub mod month;
pub mod session;
pub mod versioned_form;
pub mod versioned_panels;

pub use failure::Failure;
pub use language::LanguageSwitch;
pub use layout::{ComingSoon, HomeRedirect, Layout, NotFoundPage};
