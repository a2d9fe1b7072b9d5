//! 管理: 地区管理 (tree, rename), 学校管理 (create, edit, move, close),
//! 用户管理 (create, disable, reset by mailed link), 批量导入 (CSV/XLSX with
//! preview, row errors and progress), XLSX export of each list, and
//! 系统设置. The national admin everywhere; reviewers inside their subtree
//! (the server's queries decide, the menu only follows).

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod import;
pub mod list;
pub mod model;
pub mod page;
pub mod regions;
pub mod schools;
pub mod users;
