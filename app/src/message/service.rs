//! The reasons the server's own services give, beside the domain's: signing
//! in and passwords (`AuthIssue`), administration of accounts, schools and
//! regions (`ManageIssue`), files sent to the server (`FileIssue`), the
//! batch import (`ImportIssue`) and the few remaining refusals of other
//! features (`ServiceIssue`). Rendered in `crate::i18n::say_service`.
//!
//! A kind says what happened, not how the answer is wrapped: the site that
//! refuses chooses `AppError::Invalid` (400), `Refused` (403),
//! `CaptchaRequired`, `TooManyAttempts` or `TooLarge` (413), since one kind
//! can be either (a wrong password is refused, a missing one invalid).

use crate::domain::Role;
use crate::message::Reason;
use serde::{Deserialize, Serialize};

/// Signing in, the password and 忘记密码.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuthIssue {
    /// The one answer to every failed login: it never tells whether the
    /// account exists.
    LoginFailed,
    /// The account exists, the password was right, and it is disabled.
    AccountDisabled,
    /// Too many failures: no attempt until the window
    /// (`domain::account::LOGIN_WINDOW_MINUTES`) has passed.
    TooManyLogins,
    /// The captcha was answered wrong (it is used up either way).
    CaptchaWrong,
    /// The login needs the captcha and came without it.
    CaptchaMissing,
    /// A login without username or password.
    CredentialsMissing,
    /// The current password (to change the password or the email) is wrong.
    WrongPassword,
    /// A new email needs the current password.
    EmailNeedsPassword,
    /// 忘记密码 without a usable address.
    EmailMissing,
    /// Too many 忘记密码 requests for one address within an hour.
    ResetTooFrequent,
    /// A reset link that does not work (unknown, used, expired, or its
    /// account disabled): which, the sender is not told.
    LinkInvalid,
}

/// 地区管理, 学校管理 and 用户管理: refusals of the actor's scope and of
/// names already taken. Codes and names are the ones the actor sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ManageIssue {
    /// The actor may not create accounts of this role.
    RoleNotAllowed(Role),
    /// A school code outside the actor's subtree, or no school at all.
    SchoolOutOfScope {
        code: String,
    },
    /// An account's region code outside the actor's subtree, or none.
    RegionOutOfScope {
        code: String,
    },
    /// A school's managing region outside the actor's subtree, or none.
    ManagingRegionOutOfScope {
        code: String,
    },
    /// A region account of the actor's own region: the level above makes it.
    OwnLevelAccount,
    UsernameTaken {
        username: String,
    },
    SchoolCodeTaken {
        code: String,
    },
    /// A school's code is its identity: an edit cannot change it.
    SchoolCodeFixed,
    /// 停用 / 启用 of one's own account.
    OwnAccount,
    /// 重置密码 of a disabled account.
    AccountDisabled,
    /// 重置密码 of an account without an email address.
    NoEmail,
    /// Only the national admin renames regions.
    RenameNationalOnly,
    /// A search word over `max` characters.
    SearchTooLong {
        max: usize,
    },
    /// An account of the actor's own region (managed from above).
    CannotManageOwnLevel,
    /// An account whose role the actor does not manage.
    CannotManageRole(Role),
}

/// Files sent to the upload routes (月报文本, 附件, import files): the
/// multipart request, the file's kind, content and size. `allowed` lists
/// the accepted extensions (`pdf`, `docx`, …), the same in every language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileIssue {
    /// The connection broke while the file arrived.
    Interrupted,
    /// The multipart body itself is broken.
    BadUpload,
    /// A short field could not be read (cut, or over the request's bound).
    BadField,
    /// A short field over its bound.
    FieldTooLong,
    /// A short field that is not UTF-8.
    FieldInvalid,
    /// The file's extension is not one of `allowed`.
    WrongType { allowed: Vec<String> },
    /// A file of no bytes (or an import file without a single row).
    Empty,
    /// The content is not what the extension says.
    NotWhatItSays { allowed: Vec<String> },
    /// A zip-based file that does not open or unpacks beyond its bound.
    Damaged,
    /// A file over its bound, in whole MiB.
    TooLarge { limit_mib: u64 },
    /// 月报文本 without its year or month.
    NoPeriod,
    /// An upload without a file.
    NoFile,
    /// An attachment without its notice.
    NoNotice,
    /// A notice has its `max` attachments already.
    TooManyAttachments { max: u32 },
}

/// 批量导入: reading the file, its rows, and the import itself. Rows and
/// columns count as a spreadsheet shows them (from 1); `line` is the
/// CSV file's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportIssue {
    /// A cell with invisible control characters.
    ControlCharacter {
        row: usize,
        column: usize,
    },
    /// A cell over `max` characters.
    CellTooLong {
        row: usize,
        column: usize,
        max: usize,
    },
    /// More text, shared strings, formats or sheets than one import takes.
    TooMuchContent,
    /// An .xlsx that unpacks beyond its bound.
    UnpacksTooLarge,
    /// Named .xlsx or .xls but not a zip (an old .xls, or anything else).
    NotXlsx,
    /// Neither a readable workbook nor text.
    Unreadable,
    NoSheet,
    CsvTooManyColumns {
        line: u64,
    },
    CsvMalformed {
        line: u64,
    },
    /// Row 1 lacks these column names (the file's own headers, the same in
    /// every language).
    MissingColumns {
        columns: Vec<String>,
    },
    /// A header and no data rows.
    NoRows,
    /// Over `max` rows.
    TooManyRows {
        max: usize,
    },
    /// An import file over its bound, in whole MiB.
    TooLarge {
        limit_mib: u64,
    },
    /// The upload had no file.
    NoFile,
    /// 确认导入 of a preview more than an hour old (or not the actor's).
    PreviewExpired,
    /// 确认导入 found a broken row (the database changed since the
    /// preview): nothing was imported.
    NothingImported {
        row: usize,
        reason: Box<Reason>,
    },
    DuplicateSchoolCode {
        code: String,
    },
    DuplicateUsername {
        username: String,
    },
    /// An import that failed before its reason was stored as a value (a
    /// job row from an earlier version): nothing was imported.
    Failed,
}

/// The other features' refusals that are no domain rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServiceIssue {
    /// Only reviewers and the national admin publish notices.
    PublishNotice,
    /// Only the national admin and the author pin a notice.
    PinNotice,
    /// Only the region's own admin or reviewer edits its questionnaire.
    EditQuestionnaire,
    /// The school has no row for the month (nothing to return or confirm).
    SchoolNoData,
    /// A year outside what the trend covers (a stale or forged request).
    YearOutOfRange,
}
