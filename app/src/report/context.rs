//! What the parts of the 数据上报 page share through context: whether the
//! view is interactive yet, and the counter that makes the table re-read.

use leptos::prelude::*;

/// Whether the report view is interactive yet.
#[derive(Clone, Copy)]
pub struct Ready(pub RwSignal<bool>);

/// Bumped after the user's own actions, so the table re-reads at once.
#[derive(Clone, Copy)]
pub struct Reload(pub RwSignal<u64>);

impl Reload {
    pub fn bump(&self) {
        self.0.update(|n| *n += 1);
    }
}
