//! 学校 → 月度数据: the school admin's monthly status and 月更新确认. The
//! editable form arrives with the forms issue; here the figures are shown
//! read-only.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod form;
pub mod model;
pub mod page;
pub mod view;
