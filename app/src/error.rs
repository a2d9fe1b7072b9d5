//! The error every server fn returns. Its messages are what the user reads,
//! in Chinese; internal causes never travel, only a reference id that the
//! server logged beside the cause.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("请先登录")]
    Unauthenticated,
    /// Also the answer for anything outside the actor's scope: whether it
    /// exists is none of the actor's business.
    #[error("未找到")]
    NotFound,
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Refused(String),
    /// The login needs the captcha first (after failures); the sentence
    /// says what happened.
    #[error("{0}")]
    CaptchaRequired(String),
    /// Too many attempts: wait before trying again.
    #[error("{0}")]
    TooManyAttempts(String),
    /// What was sent is over its bound (a body, a file, a field); the
    /// sentence names the bound.
    #[error("{0}")]
    TooLarge(String),
    /// Someone else changed the record first (a lost race): reload and retry.
    #[error("数据已被他人修改，请刷新后重试")]
    Conflict,
    #[error("系统内部错误（编号 {0}），请稍后重试或联系客服")]
    Internal(String),
    /// The server could not write: its disk is full or read-only. Nothing
    /// was saved.
    #[error("存储空间不足或存储只读，本次修改未能保存，请稍后重试或联系管理员（编号 {0}）")]
    Storage(String),
    #[error("网络或服务不可用：{0}")]
    Transport(String),
}

impl From<crate::domain::PeriodError> for AppError {
    fn from(e: crate::domain::PeriodError) -> Self {
        AppError::Invalid(e.to_string())
    }
}

impl From<crate::domain::code::CodeError> for AppError {
    fn from(e: crate::domain::code::CodeError) -> Self {
        AppError::Invalid(e.to_string())
    }
}

impl From<crate::domain::lock::Frozen> for AppError {
    fn from(f: crate::domain::lock::Frozen) -> Self {
        AppError::Refused(f.to_string())
    }
}

impl From<crate::domain::Refusal> for AppError {
    fn from(r: crate::domain::Refusal) -> Self {
        AppError::Refused(r.to_string())
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::Deserialization(m) => {
                AppError::Invalid(argument_message(&m))
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}

/// What the user reads for arguments that did not parse: the domain's own
/// sentence when a checking constructor refused them (without the
/// decoder's position), else a plain request to reload — never the
/// decoder's English.
fn argument_message(raw: &str) -> String {
    let sentence = raw.split(" at line ").next().unwrap_or(raw).trim();
    if sentence
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    {
        sentence.to_string()
    } else {
        "请求参数无效，请刷新页面后重试".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argument_errors_read_as_the_domain_says_or_plainly() {
        assert_eq!(
            argument_message("县级上报时间：开始日不能晚于截止日 at line 1 column 412"),
            "县级上报时间：开始日不能晚于截止日"
        );
        assert_eq!(
            argument_message("invalid value: integer `-1`, expected u32"),
            "请求参数无效，请刷新页面后重试"
        );
    }
}
