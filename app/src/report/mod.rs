//! 上报 → 数据上报: the month picker and the status table 上报情况 of a
//! region (合计, 直属 with its schools, one row per direct child region).
//! Read-only for now; the review actions arrive with the workflow issue.

pub mod api;
pub mod model;
pub mod page;
pub mod table;
