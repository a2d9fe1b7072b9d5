//! The server services' reasons as sentences (`crate::message::service`),
//! from `locales/<locale>/service.json`. zh-CN keeps the words the product
//! always used; codes, names and file extensions are shown as sent.

use super::{role_name, Locale, Say};
use crate::domain::account::LOGIN_WINDOW_MINUTES;
use crate::message::{AuthIssue, FileIssue, ImportIssue, ManageIssue, ServiceIssue};
use leptos_i18n::td_string;

/// Items of a list inside a sentence ("pdf、docx" / "pdf, docx").
fn list(locale: Locale, items: &[String]) -> String {
    items.join(td_string!(locale, admin.list_sep))
}

impl Say for AuthIssue {
    fn say(&self, locale: Locale) -> String {
        match self {
            AuthIssue::LoginFailed => td_string!(locale, service.auth_login_failed),
            AuthIssue::AccountDisabled => td_string!(locale, service.auth_account_disabled),
            AuthIssue::TooManyLogins => {
                return td_string!(
                    locale,
                    service.auth_too_many_logins,
                    minutes = LOGIN_WINDOW_MINUTES
                )
                .to_string()
            }
            AuthIssue::CaptchaWrong => td_string!(locale, service.auth_captcha_wrong),
            AuthIssue::CaptchaMissing => td_string!(locale, service.auth_captcha_missing),
            AuthIssue::CredentialsMissing => {
                td_string!(locale, service.auth_credentials_missing)
            }
            AuthIssue::WrongPassword => td_string!(locale, service.auth_wrong_password),
            AuthIssue::EmailNeedsPassword => {
                td_string!(locale, service.auth_email_needs_password)
            }
            AuthIssue::EmailMissing => td_string!(locale, service.auth_email_missing),
            AuthIssue::ResetTooFrequent => td_string!(locale, service.auth_reset_too_frequent),
            AuthIssue::LinkInvalid => td_string!(locale, service.auth_link_invalid),
        }
        .to_string()
    }
}

impl Say for ManageIssue {
    fn say(&self, locale: Locale) -> String {
        let role = |r| role_name(r, None, locale);
        match self {
            ManageIssue::RoleNotAllowed(r) => {
                td_string!(locale, service.manage_role_not_allowed, role = role(*r)).to_string()
            }
            ManageIssue::SchoolOutOfScope { code } => {
                td_string!(locale, service.manage_school_out_of_scope, code = code).to_string()
            }
            ManageIssue::RegionOutOfScope { code } => {
                td_string!(locale, service.manage_region_out_of_scope, code = code).to_string()
            }
            ManageIssue::ManagingRegionOutOfScope { code } => td_string!(
                locale,
                service.manage_managing_region_out_of_scope,
                code = code
            )
            .to_string(),
            ManageIssue::OwnLevelAccount => {
                td_string!(locale, service.manage_own_level_account).to_string()
            }
            ManageIssue::UsernameTaken { username } => {
                td_string!(locale, service.manage_username_taken, username = username).to_string()
            }
            ManageIssue::SchoolCodeTaken { code } => {
                td_string!(locale, service.manage_school_code_taken, code = code).to_string()
            }
            ManageIssue::SchoolCodeFixed => {
                td_string!(locale, service.manage_school_code_fixed).to_string()
            }
            ManageIssue::OwnAccount => td_string!(locale, service.manage_own_account).to_string(),
            ManageIssue::AccountDisabled => {
                td_string!(locale, service.manage_account_disabled).to_string()
            }
            ManageIssue::NoEmail => td_string!(locale, service.manage_no_email).to_string(),
            ManageIssue::RenameNationalOnly => {
                td_string!(locale, service.manage_rename_national_only).to_string()
            }
            ManageIssue::SearchTooLong { max } => {
                td_string!(locale, service.manage_search_too_long, max = max).to_string()
            }
            ManageIssue::CannotManageOwnLevel => {
                td_string!(locale, service.manage_cannot_manage_own_level).to_string()
            }
            ManageIssue::CannotManageRole(r) => {
                td_string!(locale, service.manage_cannot_manage_role, role = role(*r)).to_string()
            }
        }
    }
}

impl Say for FileIssue {
    fn say(&self, locale: Locale) -> String {
        match self {
            FileIssue::Interrupted => td_string!(locale, service.file_interrupted).to_string(),
            FileIssue::BadUpload => td_string!(locale, service.file_bad_upload).to_string(),
            FileIssue::BadField => td_string!(locale, service.file_bad_field).to_string(),
            FileIssue::FieldTooLong => td_string!(locale, service.file_field_too_long).to_string(),
            FileIssue::FieldInvalid => td_string!(locale, service.file_field_invalid).to_string(),
            FileIssue::WrongType { allowed } => td_string!(
                locale,
                service.file_wrong_type,
                kinds = list(locale, allowed)
            )
            .to_string(),
            FileIssue::Empty => td_string!(locale, service.file_empty).to_string(),
            FileIssue::NotWhatItSays { allowed } => td_string!(
                locale,
                service.file_not_what_it_says,
                kinds = list(locale, allowed)
            )
            .to_string(),
            FileIssue::Damaged => td_string!(locale, service.file_damaged).to_string(),
            FileIssue::TooLarge { limit_mib } => {
                td_string!(locale, service.file_too_large, limit = limit_mib).to_string()
            }
            FileIssue::NoPeriod => td_string!(locale, service.file_no_period).to_string(),
            FileIssue::NoFile => td_string!(locale, service.file_no_file).to_string(),
            FileIssue::NoNotice => td_string!(locale, service.file_no_notice).to_string(),
            FileIssue::TooManyAttachments { max } => {
                td_string!(locale, service.file_too_many_attachments, max = max).to_string()
            }
        }
    }
}

impl Say for ImportIssue {
    fn say(&self, locale: Locale) -> String {
        match self {
            ImportIssue::ControlCharacter { row, column } => td_string!(
                locale,
                service.import_control_character,
                row = row,
                column = column
            )
            .to_string(),
            ImportIssue::CellTooLong { row, column, max } => td_string!(
                locale,
                service.import_cell_too_long,
                row = row,
                column = column,
                max = max
            )
            .to_string(),
            ImportIssue::TooMuchContent => {
                td_string!(locale, service.import_too_much_content).to_string()
            }
            ImportIssue::UnpacksTooLarge => {
                td_string!(locale, service.import_unpacks_too_large).to_string()
            }
            ImportIssue::NotXlsx => td_string!(locale, service.import_not_xlsx).to_string(),
            ImportIssue::Unreadable => td_string!(locale, service.import_unreadable).to_string(),
            ImportIssue::NoSheet => td_string!(locale, service.import_no_sheet).to_string(),
            ImportIssue::CsvTooManyColumns { line } => {
                td_string!(locale, service.import_csv_too_many_columns, line = line).to_string()
            }
            ImportIssue::CsvMalformed { line } => {
                td_string!(locale, service.import_csv_malformed, line = line).to_string()
            }
            ImportIssue::MissingColumns { columns } => td_string!(
                locale,
                service.import_missing_columns,
                columns = list(locale, columns)
            )
            .to_string(),
            ImportIssue::NoRows => td_string!(locale, service.import_no_rows).to_string(),
            ImportIssue::TooManyRows { max } => {
                td_string!(locale, service.import_too_many_rows, max = max).to_string()
            }
            ImportIssue::TooLarge { limit_mib } => {
                td_string!(locale, service.import_too_large, limit = limit_mib).to_string()
            }
            ImportIssue::NoFile => td_string!(locale, service.import_no_file).to_string(),
            ImportIssue::PreviewExpired => {
                td_string!(locale, service.import_preview_expired).to_string()
            }
            ImportIssue::NothingImported { row, reason } => td_string!(
                locale,
                service.import_nothing_imported,
                row = row,
                reason = reason.say(locale)
            )
            .to_string(),
            ImportIssue::DuplicateSchoolCode { code } => {
                td_string!(locale, service.import_duplicate_school_code, code = code).to_string()
            }
            ImportIssue::DuplicateUsername { username } => td_string!(
                locale,
                service.import_duplicate_username,
                username = username
            )
            .to_string(),
            ImportIssue::Failed => td_string!(locale, service.import_failed).to_string(),
        }
    }
}

impl Say for ServiceIssue {
    fn say(&self, locale: Locale) -> String {
        match self {
            ServiceIssue::PublishNotice => td_string!(locale, service.service_publish_notice),
            ServiceIssue::PinNotice => td_string!(locale, service.service_pin_notice),
            ServiceIssue::EditQuestionnaire => {
                td_string!(locale, service.service_edit_questionnaire)
            }
            ServiceIssue::SchoolNoData => td_string!(locale, service.service_school_no_data),
            ServiceIssue::YearOutOfRange => td_string!(locale, service.service_year_out_of_range),
        }
        .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;
    use crate::error::AppError;
    use crate::message::{Reason, RequestIssue};

    /// Each reason says the product's Chinese words verbatim in zh-CN, and
    /// has English of its own (no Han character left over).
    fn check(cases: Vec<(Reason, &str)>) {
        for (r, zh) in cases {
            assert_eq!(r.say(Locale::zh_CN), zh, "{r:?}");
            let en = r.say(Locale::en);
            assert!(
                !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{r:?}: {en}"
            );
            assert!(!en.is_empty() && !en.contains("{{"), "{r:?}: {en}");
        }
    }

    #[test]
    fn sign_in_reasons_keep_their_words() {
        use AuthIssue as A;
        check(vec![
            (A::LoginFailed.into(), "用户名或密码错误"),
            (A::AccountDisabled.into(), "该账号已停用，请联系上级管理员"),
            (
                A::TooManyLogins.into(),
                "登录失败次数过多，请 15 分钟后再试；如忘记密码，请点击“忘记密码”",
            ),
            (A::CaptchaWrong.into(), "验证码不正确，请重新输入"),
            (A::CaptchaMissing.into(), "请输入验证码"),
            (A::CredentialsMissing.into(), "请输入用户名和密码"),
            (A::WrongPassword.into(), "当前密码不正确"),
            (A::EmailNeedsPassword.into(), "修改电子邮件需要输入当前密码"),
            (A::EmailMissing.into(), "请输入申请账号时的电子邮件"),
            (A::ResetTooFrequent.into(), "申请过于频繁，请一小时后再试"),
            (
                A::LinkInvalid.into(),
                "链接无效或已过期，请重新申请找回密码",
            ),
        ]);
        assert_eq!(
            AuthIssue::TooManyLogins.say(Locale::en),
            "Too many failed sign-ins; try again in 15 minutes. If you forgot your password, click “Forgot password”"
        );
    }

    #[test]
    fn administration_reasons_keep_their_words() {
        use ManageIssue as M;
        let code = || "4301049999".to_string();
        check(vec![
            (
                M::RoleNotAllowed(Role::NationalAdmin).into(),
                "您不能创建全国管理员账号",
            ),
            (
                M::SchoolOutOfScope { code: code() }.into(),
                "学校代码 4301049999 不存在或不在您的管理范围内",
            ),
            (
                M::RegionOutOfScope {
                    code: "440106".into(),
                }
                .into(),
                "地区代码 440106 不存在或不在您的管理范围内",
            ),
            (
                M::ManagingRegionOutOfScope {
                    code: "440106".into(),
                }
                .into(),
                "管理地区代码 440106 不存在或不在您的管理范围内",
            ),
            (
                M::OwnLevelAccount.into(),
                "您只能为下级地区创建账号；本级账号请联系上级管理员",
            ),
            (
                M::UsernameTaken {
                    username: "r430104".into(),
                }
                .into(),
                "用户名 r430104 已被使用",
            ),
            (
                M::SchoolCodeTaken { code: code() }.into(),
                "学校代码 4301049999 已存在",
            ),
            (M::SchoolCodeFixed.into(), "学校代码不能修改"),
            (M::OwnAccount.into(), "不能停用或启用自己的账号"),
            (M::AccountDisabled.into(), "该账号已停用，请先启用"),
            (
                M::NoEmail.into(),
                "该账号没有电子邮件，无法发送重置链接；请先点“编辑”为其填写电子邮件",
            ),
            (
                M::RenameNationalOnly.into(),
                "只有全国管理员可以修改地区名称",
            ),
            (
                M::SearchTooLong { max: 100 }.into(),
                "搜索词不能超过 100 个字",
            ),
            (
                M::CannotManageOwnLevel.into(),
                "您只能管理下级地区和学校的账号，不能管理本级账号",
            ),
            (
                M::CannotManageRole(Role::Reviewer).into(),
                "您只能管理下级地区和学校的账号，不能管理地区审核员账号",
            ),
        ]);
        assert_eq!(
            M::RoleNotAllowed(Role::SchoolAdmin).say(Locale::en),
            "You cannot create accounts with the role “School administrator”"
        );
    }

    #[test]
    fn file_reasons_keep_their_words() {
        use FileIssue as F;
        let kinds = || vec!["pdf".to_string(), "docx".to_string()];
        check(vec![
            (F::Interrupted.into(), "上传中断，请重新上传"),
            (F::BadUpload.into(), "上传数据无效，请重新选择文件上传"),
            (F::BadField.into(), "上传数据无效或超过大小限制"),
            (F::FieldTooLong.into(), "表单字段过长"),
            (F::FieldInvalid.into(), "表单字段无效"),
            (
                F::WrongType { allowed: kinds() }.into(),
                "只能上传 pdf、docx 文件",
            ),
            (F::Empty.into(), "文件是空的"),
            (
                F::NotWhatItSays { allowed: kinds() }.into(),
                "文件内容与扩展名不符，请上传真实的 pdf、docx 文件",
            ),
            (
                F::Damaged.into(),
                "文件已损坏或解压后过大，请检查后重新上传",
            ),
            (F::TooLarge { limit_mib: 20 }.into(), "文件不能超过 20 MB"),
            (F::NoPeriod.into(), "缺少年份或月份"),
            (F::NoFile.into(), "请选择要上传的文件"),
            (F::NoNotice.into(), "缺少通知编号"),
            (
                F::TooManyAttachments { max: 10 }.into(),
                "每条通知最多 10 个附件",
            ),
        ]);
        assert_eq!(
            F::WrongType { allowed: kinds() }.say(Locale::en),
            "Only pdf, docx files can be uploaded"
        );
    }

    #[test]
    fn import_reasons_keep_their_words() {
        use ImportIssue as I;
        check(vec![
            (
                I::ControlCharacter { row: 2, column: 3 }.into(),
                "第 2 行第 3 列含有不可见的控制字符",
            ),
            (
                I::CellTooLong {
                    row: 2,
                    column: 1,
                    max: 256,
                }
                .into(),
                "第 2 行第 1 列内容过长（最多 256 个字）",
            ),
            (I::TooMuchContent.into(), "文件内容过多，请分批导入"),
            (I::UnpacksTooLarge.into(), "文件解压后过大，请分批导入"),
            (
                I::NotXlsx.into(),
                "文件不是有效的 .xlsx 文件（旧版 .xls 请在 Excel 中另存为 .xlsx 或 .csv）",
            ),
            (
                I::Unreadable.into(),
                "无法读取文件：请上传 .xlsx 或 .csv 文件",
            ),
            (I::NoSheet.into(), "文件中没有工作表"),
            (
                I::CsvTooManyColumns { line: 2 }.into(),
                "CSV 格式错误（第 2 行列数过多）",
            ),
            (
                I::CsvMalformed { line: 7 }.into(),
                "CSV 格式错误（第 7 行）",
            ),
            (I::NoRows.into(), "文件中没有数据行"),
            (
                I::TooManyRows { max: 50_000 }.into(),
                "一次最多导入 50000 行，请分批导入",
            ),
            (
                I::TooLarge { limit_mib: 10 }.into(),
                "导入文件不能超过 10 MB",
            ),
            (I::NoFile.into(), "请选择要导入的文件"),
            (I::PreviewExpired.into(), "预览已过期，请重新上传文件"),
            (
                I::NothingImported {
                    row: 3,
                    reason: Box::new(
                        ManageIssue::SchoolCodeTaken {
                            code: "4301049999".into(),
                        }
                        .into(),
                    ),
                }
                .into(),
                "未导入任何数据：第 3 行：学校代码 4301049999 已存在",
            ),
            (
                I::DuplicateSchoolCode {
                    code: "4301048001".into(),
                }
                .into(),
                "学校代码 4301048001 在文件中重复",
            ),
            (
                I::DuplicateUsername {
                    username: "imp_a".into(),
                }
                .into(),
                "用户名 imp_a 在文件中重复",
            ),
            (I::Failed.into(), "导入失败，未导入任何数据，请重新上传文件"),
        ]);
        // The columns are the file's own headers, Chinese in every language.
        let missing = I::MissingColumns {
            columns: vec!["角色".into(), "电子邮件".into()],
        };
        assert_eq!(
            missing.say(Locale::zh_CN),
            "第 1 行应为列名，缺少：角色、电子邮件（可下载模板）"
        );
        assert_eq!(
            missing.say(Locale::en),
            "Row 1 must hold the column names; missing: 角色, 电子邮件 (download the template)"
        );
    }

    #[test]
    fn other_refusals_keep_their_words() {
        use ServiceIssue as S;
        check(vec![
            (
                S::PublishNotice.into(),
                "只有审核员和全国管理员可以发布通知",
            ),
            (S::PinNotice.into(), "只有全国管理员和发布者可以置顶"),
            (
                S::EditQuestionnaire.into(),
                "只有本地区的管理员或审核员可以修改地区情况",
            ),
            (S::SchoolNoData.into(), "该学校本月尚无数据"),
            (S::YearOutOfRange.into(), "年份无效"),
            (RequestIssue::BadRequestKey.into(), "请求编号无效"),
            (
                RequestIssue::RequestKeyReused.into(),
                "请求编号已用于其他内容，请刷新页面后重试",
            ),
        ]);
    }

    #[test]
    fn a_refusal_of_a_service_reads_back_typed_from_its_code() {
        let e = AppError::Refused(ManageIssue::CannotManageRole(Role::Reviewer).into());
        let code = e.reason().unwrap().code();
        assert_eq!(crate::message::decode(&code).as_ref(), e.reason());
    }
}
