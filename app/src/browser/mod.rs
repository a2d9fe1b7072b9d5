//! The browser, and only here: every call into the browser's APIs (storage,
//! connectivity, the service worker, live events, uploads, the editor's
//! commands, timers, randomness) lives in this module family, each with a
//! server-side twin that does nothing, so pages and components compile
//! unchanged for both and carry no `cfg(feature = "hydrate")` of their own.

pub mod editor;
pub mod live;
pub mod offline;
pub mod random;
pub mod timer;
pub mod upload;
