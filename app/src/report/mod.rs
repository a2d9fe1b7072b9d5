//! 上报 → 数据上报: the month picker, the review bar (days left, counts,
//! 上传月报文本, 审核上报 / 重新上报), the status table 上报情况 of a region
//! (合计, 直属 with its schools, one row per direct child region) with 重报 /
//! 取消, the audit view, and live updates.

pub mod actions;
pub mod api;
pub mod audit;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod context;
pub mod model;
pub mod page;
pub mod review;
pub mod table;
pub mod trend;
