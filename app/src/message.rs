//! What the product tells a user, as values: every refusal and every
//! complaint about input is a variant of a typed reason (`Reason`), built by
//! the domain or the server and turned into a sentence only where a person
//! reads it — the page in the reader's locale, a mail or an export in the
//! recipient's (`crate::i18n::Say`). No sentence crosses the wire.
//!
//! A reason also travels where only text can: a checking constructor run
//! by serde (a `#[serde(try_from)]` type refusing a payload) can only fail
//! with a `Display`. Every reason's `Display` is therefore its *code* — a
//! marker and the reason's JSON — which `decode` reads back, so a payload
//! refused by a constructor still reaches the user as the same typed
//! reason (`AppError::from_server_fn_error`). Logs show the same code.

use crate::domain::account::AccountIssue;
use crate::domain::admin::{ImportWordIssue, RegionNameIssue, SchoolIssue, UserIssue};
use crate::domain::code::CodeError;
use crate::domain::figures::FieldIssue;
use crate::domain::lock::Frozen;
use crate::domain::notice::NoticeError;
use crate::domain::questionnaire::QuestionnaireIssue;
use crate::domain::settings::SettingsIssue;
use crate::domain::window::WindowError;
use crate::domain::{PeriodError, Refusal};
use serde::{Deserialize, Serialize};

pub mod service;
pub use service::{AuthIssue, FileIssue, ImportIssue, ManageIssue, ServiceIssue};

/// Why a request was refused or its input rejected, by kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    /// A workflow rule (SPEC §4): who may submit, return or cancel, when.
    Workflow(Refusal),
    /// The month can no longer change.
    Frozen(Frozen),
    Code(CodeError),
    Period(PeriodError),
    Window(WindowError),
    Notice(NoticeError),
    /// The request itself, whatever it asks.
    Request(RequestIssue),
    /// Contact details or a new password (个人设置, an account's 编辑).
    Account(AccountIssue),
    /// A region's new name (地区管理).
    RegionName(RegionNameIssue),
    /// A school's record (学校管理, a school import row).
    School(SchoolIssue),
    /// A new account (用户管理, an account import row).
    User(UserIssue),
    /// A cell of an import file outside the format's vocabulary.
    ImportWord(ImportWordIssue),
    /// A field of the school's monthly form.
    Field(FieldIssue),
    /// The region questionnaire 地区情况.
    Questionnaire(QuestionnaireIssue),
    /// 系统设置 beside the windows.
    Settings(SettingsIssue),
    /// Signing in, passwords, 忘记密码.
    Auth(AuthIssue),
    /// Administration: scope and names already taken.
    Manage(ManageIssue),
    /// A file sent to an upload route.
    File(FileIssue),
    /// 批量导入.
    Import(ImportIssue),
    /// Other features' refusals that are no domain rule.
    Service(ServiceIssue),
}

/// Problems of a request as such, not of what it asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestIssue {
    /// The arguments did not decode (a stale page or a forged request).
    BadArguments,
    /// A write came without its idempotency key (`crate::request_key`).
    MissingRequestKey,
    /// A body over its bound, in whole MiB.
    BodyTooLarge { limit_mib: u64 },
    /// A state-changing request from another site (CSRF).
    CrossSite,
    /// A locale tag the product does not speak.
    UnsupportedLanguage,
    /// A request key that is no key (`crate::request_key::RequestKey`).
    BadRequestKey,
    /// A request key already answered for a different action.
    RequestKeyReused,
    /// `/metrics` without the operator's bearer token.
    MetricsToken,
}

/// The marker that starts a reason's code.
const MARK: &str = "reason:";

impl Reason {
    /// The reason as text that `decode` reads back: `reason:{json}`.
    pub fn code(&self) -> String {
        format!(
            "{MARK}{}",
            serde_json::to_string(self).unwrap_or_else(|_| "null".into())
        )
    }
}

/// A reason's text is its code (see the module's header), so a
/// constructor run by serde may fail with any reason.
impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.code())
    }
}

impl std::error::Error for Reason {}

/// The reason inside an error text that carries a code (a serde error
/// wrapping a constructor's refusal: "reason:{…} at line 1 column 9"),
/// else `None`.
pub fn decode(text: &str) -> Option<Reason> {
    let start = text.find(MARK)? + MARK.len();
    let mut stream = serde_json::Deserializer::from_str(&text[start..]).into_iter::<Reason>();
    stream.next()?.ok()
}

/// `From<kind> for Reason`, and the kind's `Display` as its code (see the
/// module's header), for each error kind of the domain.
macro_rules! reasons {
    ($($kind:ty => $variant:ident),* $(,)?) => {$(
        impl From<$kind> for Reason {
            fn from(e: $kind) -> Self {
                Reason::$variant(e)
            }
        }
        impl std::fmt::Display for $kind {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&Reason::from(self.clone()).code())
            }
        }
        impl std::error::Error for $kind {}
    )*};
}

reasons! {
    Refusal => Workflow,
    Frozen => Frozen,
    CodeError => Code,
    PeriodError => Period,
    WindowError => Window,
    NoticeError => Notice,
    RequestIssue => Request,
    AccountIssue => Account,
    RegionNameIssue => RegionName,
    SchoolIssue => School,
    UserIssue => User,
    ImportWordIssue => ImportWord,
    FieldIssue => Field,
    QuestionnaireIssue => Questionnaire,
    SettingsIssue => Settings,
    AuthIssue => Auth,
    ManageIssue => Manage,
    FileIssue => File,
    ImportIssue => Import,
    ServiceIssue => Service,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_reads_back_as_its_reason_even_inside_a_decoder_message() {
        let r = Reason::Window(WindowError::Reversed);
        assert_eq!(decode(&r.code()), Some(r.clone()));
        let wrapped = format!("{} at line 1 column 412", r.code());
        assert_eq!(decode(&wrapped), Some(r));
        assert_eq!(decode("invalid value: integer `-1`, expected u32"), None);
        assert_eq!(decode("reason:{not json"), None);
    }

    #[test]
    fn a_kind_displays_as_its_code() {
        let shown = Refusal::NoReportText.to_string();
        assert_eq!(
            decode(&shown),
            Some(Reason::Workflow(Refusal::NoReportText))
        );
    }
}
