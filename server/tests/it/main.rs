//! The server's integration tests, in one test binary: each module drives
//! the real backend (and, where it says so, the real HTTP router) on a fresh
//! database — SQLite always, PostgreSQL too when `TEST_DATABASE_URL` names a
//! server. One binary links the server once instead of once per file.

mod account;
mod admin;
mod bundle;
mod common;
mod delivery;
mod files;
mod forms;
mod hostile;
mod http;
mod language;
mod live;
mod lock_props;
mod login;
mod migrations;
mod month_lock;
mod notices;
mod operations;
mod questionnaire;
mod races;
mod reminders;
mod reset;
mod scope;
mod security;
mod settings;
mod startup;
mod stored_values;
mod totals;
mod workflow;
mod writers;
