//! The application shell: header with the user and 退出, the manual's menus
//! (上报 → 数据上报 / 本级填报; 我的 → 通知通告 / 个人设置), the 客户服务
//! footer, and pages that are announced but not built yet.

pub mod api;
pub mod layout;
pub mod model;

pub use layout::{ComingSoon, Layout, NotFoundPage};

/// A full page load of `path`: used after login and logout so that no state
/// of the previous user survives in the page.
pub fn go_to(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_href(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}
