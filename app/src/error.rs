//! The error every server fn returns. It carries what happened as values
//! (`crate::message::Reason`), never sentences: the page renders them in
//! the reader's locale (`crate::i18n::Say`). Internal causes never travel,
//! only a reference id that the server logged beside the cause.

use crate::message::{Reason, RequestIssue};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// Every failure a request can meet, by who must act: the user (4xx:
/// `Unauthenticated` … `TooLarge`), the server (5xx: `Internal`, `Storage`)
/// or the network (`Transport`, built only in the browser).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    Unauthenticated,
    /// Also the answer for anything outside the actor's scope: whether it
    /// exists is none of the actor's business.
    NotFound,
    /// What was sent is wrong (400).
    Invalid(Reason),
    /// What was asked is not allowed now, or not to this user (403).
    Refused(Reason),
    /// The login needs the captcha first (after failures); the reason says
    /// what happened.
    CaptchaRequired(Reason),
    /// Too many attempts: wait before trying again.
    TooManyAttempts(Reason),
    /// What was sent is over its bound (a body, a file, a field).
    TooLarge(Reason),
    /// Someone else changed the record first (a lost race): reload and retry.
    Conflict,
    /// The server has more of this work queued than it takes (a storm of
    /// logins): nothing was done; try again after the given seconds
    /// (HTTP 503 with `Retry-After`).
    Busy {
        retry_after_seconds: u32,
    },
    /// A fault, by the reference id the server logged it under.
    Internal(String),
    /// The server could not write: its disk is full or read-only. Nothing
    /// was saved. The reference id as for `Internal`.
    Storage(String),
    /// The request did not reach the server or its answer did not come
    /// back; the transport's own words, for the log.
    Transport(String),
}

impl AppError {
    /// The reason of a 4xx answer that has one.
    pub fn reason(&self) -> Option<&Reason> {
        match self {
            AppError::Invalid(r)
            | AppError::Refused(r)
            | AppError::CaptchaRequired(r)
            | AppError::TooManyAttempts(r)
            | AppError::TooLarge(r) => Some(r),
            _ => None,
        }
    }
}

/// Input the domain refused: 400 with its reason.
macro_rules! invalid {
    ($($kind:ty),*) => {$(
        impl From<$kind> for AppError {
            fn from(e: $kind) -> Self {
                AppError::Invalid(e.into())
            }
        }
    )*};
}

/// An action the rules refuse: 403 with its reason.
macro_rules! refused {
    ($($kind:ty),*) => {$(
        impl From<$kind> for AppError {
            fn from(e: $kind) -> Self {
                AppError::Refused(e.into())
            }
        }
    )*};
}

invalid!(
    crate::domain::PeriodError,
    crate::domain::code::CodeError,
    crate::domain::window::WindowError,
    crate::domain::notice::NoticeError,
    RequestIssue,
    crate::domain::account::AccountIssue,
    crate::domain::admin::RegionNameIssue,
    crate::domain::admin::SchoolIssue,
    crate::domain::admin::UserIssue,
    crate::domain::admin::ImportWordIssue,
    crate::domain::figures::FieldIssue,
    crate::domain::questionnaire::QuestionnaireIssue,
    crate::domain::settings::SettingsIssue
);
refused!(crate::domain::lock::Frozen, crate::domain::Refusal);

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::Deserialization(m) => {
                AppError::Invalid(argument_reason(&m))
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}

/// Why arguments did not decode: the domain's own reason when a checking
/// constructor refused them (its code is inside the decoder's message),
/// else a plain request to reload — never the decoder's English.
fn argument_reason(raw: &str) -> Reason {
    crate::message::decode(raw).unwrap_or(Reason::Request(RequestIssue::BadArguments))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::window::WindowError;

    #[test]
    fn argument_errors_carry_the_domain_reason_or_a_plain_one() {
        let refused = format!("{} at line 1 column 412", WindowError::Reversed);
        assert_eq!(
            argument_reason(&refused),
            Reason::Window(WindowError::Reversed)
        );
        assert_eq!(
            argument_reason("invalid value: integer `-1`, expected u32"),
            Reason::Request(RequestIssue::BadArguments)
        );
    }
}
