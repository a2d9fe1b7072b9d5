//! 上报 → 本级填报: the region questionnaire 地区情况 (manual §2.3), filled by
//! the region admin, correctable by the region's reviewer, read-only to
//! others in scope; offline-tolerant like the school form.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod model;
pub mod page;
