//! The pure domain: periods, the region hierarchy's levels, roles and scope,
//! school types, the figures a status table adds up, reporting windows and
//! the review state machine.
//!
//! Nothing here does I/O or reads a clock: `today` / `now` is always an
//! argument. The browser calls these functions for instant feedback and the
//! server calls the very same functions again before it answers or writes.

pub mod account;
pub mod admin;
pub mod code;
pub mod figures;
pub mod id;
pub mod indicator;
pub mod lock;
pub mod notice;
pub mod period;
pub mod questionnaire;
pub mod region;
pub mod school;
pub mod settings;
#[cfg(feature = "ssr")]
mod sql;
pub mod totals;
pub mod trend;
pub mod versioned;
pub mod window;
pub mod workflow;

pub use figures::Figures;
pub use id::{NoticeId, RegionId, SchoolId, UserId};
pub use indicator::Indicator;
pub use period::{cst_date, Period, PeriodError};
pub use region::{Level, Role};
pub use school::SchoolType;
pub use totals::Totals;
pub use window::{ReportsOn, Window, Windows};
pub use workflow::{Refusal, ReportState, SubmitKind};
