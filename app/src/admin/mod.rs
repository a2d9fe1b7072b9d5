//! Administration for the national admin. So far: 系统设置 (reporting
//! windows, the jump ratio of the school form, 客户服务 contacts). Regions,
//! schools, users and imports are not built yet.

pub mod api;
pub mod model;
pub mod page;
