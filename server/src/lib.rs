//! The server: configuration, persistence (sea-orm on SQLite or PostgreSQL),
//! authentication, the demo seed, and the implementation of `app`'s backend
//! interface, served by axum with leptos SSR.

pub mod account;
pub mod admin;
pub mod auth;
pub mod backend;
pub mod check;
pub mod clock;
pub mod config;
pub mod db;
pub mod edge;
pub mod error;
pub mod export;
pub mod fanout;
pub mod http;
pub mod import;
pub mod live;
pub mod lock;
pub mod mail;
pub mod metrics;
pub mod notice;
pub mod placement;
pub mod questionnaire;
pub mod reminders;
pub mod report;
pub mod request_key;
pub mod reset;
pub mod school;
pub mod scope;
pub mod seed;
pub mod settings;
pub mod startup;
pub mod stats;
pub mod throttle;
pub mod upload;
pub mod workflow;
