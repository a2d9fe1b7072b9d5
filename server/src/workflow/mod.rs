//! The review workflow on the database. Every transition is one
//! transaction: read the states, ask `app::domain::workflow` whether the
//! action is allowed, apply it with a conditional update (state and version
//! in the WHERE clause) and write its audit row. Zero rows updated means
//! someone else acted first: a clean conflict, nothing changed.

mod acting;
mod confirm;
mod deadline;
pub mod levels;
mod region;
mod rows;
mod school;

use app::domain::RegionId;

pub use deadline::{close_deadline, run_due_deadlines};
pub use region::{cancel_region, return_region, submit};
pub use rows::{audit, ensure_report, AuditEntry, NO_STATE};
pub use school::{confirm_month, school_action};

/// What a transition touched: the region whose table row changed.
pub type Touched = RegionId;
