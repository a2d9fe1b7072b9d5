//! The domain's input checks as sentences: account, region name, school,
//! account creation, import vocabulary, the school's monthly form, the
//! questionnaire and the system settings (`crate::message::Reason`'s
//! kinds of `crate::domain::{account, admin, figures, questionnaire,
//! settings}`), from the keys of `locales/<locale>/checks.json`. zh-CN is
//! the wording the product always had, verbatim.

use super::{Locale, Named, Say};
use crate::domain::account::{AccountIssue, MAX_NAME, MAX_PASSWORD, MIN_PASSWORD};
use crate::domain::admin::{
    ImportWordIssue, RegionNameIssue, SchoolIssue, UserIssue, YesNoColumn, MAX_REGION_NAME,
    MAX_SCHOOL_NAME, ROLE_WORDS,
};
use crate::domain::figures::{FieldIssue, FieldIssueKind};
use crate::domain::questionnaire::{QuestionnaireIssue, UrlIssue, MAX_URL};
use crate::domain::settings::{SettingsIssue, MAX_REMINDER_DAYS};
use crate::domain::SchoolType;
use leptos_i18n::td_string;

impl Say for AccountIssue {
    fn say(&self, locale: Locale) -> String {
        use AccountIssue as A;
        match self {
            A::NameMissing => td_string!(locale, checks.name_missing).to_string(),
            A::NameTooLong => td_string!(locale, checks.name_too_long, max = MAX_NAME).to_string(),
            A::PhoneFormat => td_string!(locale, checks.phone_format).to_string(),
            A::EmailFormat => td_string!(locale, checks.email_format).to_string(),
            A::PasswordsDiffer => td_string!(locale, checks.passwords_differ).to_string(),
            A::PasswordTooShort => {
                td_string!(locale, checks.password_too_short, min = MIN_PASSWORD).to_string()
            }
            A::PasswordTooLong => {
                td_string!(locale, checks.password_too_long, max = MAX_PASSWORD).to_string()
            }
            A::PasswordLettersAndDigits => {
                td_string!(locale, checks.password_letters_and_digits).to_string()
            }
            A::PasswordUnchanged => td_string!(locale, checks.password_unchanged).to_string(),
        }
    }
}

impl Say for RegionNameIssue {
    fn say(&self, locale: Locale) -> String {
        match self {
            RegionNameIssue::Missing => td_string!(locale, checks.region_name_missing).to_string(),
            RegionNameIssue::TooLong => {
                td_string!(locale, checks.region_name_too_long, max = MAX_REGION_NAME).to_string()
            }
            RegionNameIssue::Control => td_string!(locale, checks.region_name_control).to_string(),
        }
    }
}

impl Say for SchoolIssue {
    fn say(&self, locale: Locale) -> String {
        match self {
            SchoolIssue::Code(e) => e.say(locale),
            SchoolIssue::NameMissing => td_string!(locale, checks.school_name_missing).to_string(),
            SchoolIssue::NameTooLong => {
                td_string!(locale, checks.school_name_too_long, max = MAX_SCHOOL_NAME).to_string()
            }
            SchoolIssue::NameControl => td_string!(locale, checks.school_name_control).to_string(),
            SchoolIssue::NoSixThree(t) => {
                td_string!(locale, checks.no_six_three, school_type = t.name(locale)).to_string()
            }
        }
    }
}

impl Say for UserIssue {
    fn say(&self, locale: Locale) -> String {
        match self {
            UserIssue::Username => td_string!(locale, checks.username).to_string(),
            UserIssue::Profile(a) => a.say(locale),
            UserIssue::EmailMissing => td_string!(locale, checks.email_missing).to_string(),
            UserIssue::SchoolCode => td_string!(locale, checks.school_admin_code).to_string(),
            UserIssue::RegionCode(e) => e.say(locale),
            UserIssue::NationalAdminBelowNation => {
                td_string!(locale, checks.national_admin_below_nation).to_string()
            }
        }
    }
}

impl Say for ImportWordIssue {
    /// The accepted words stay the manual's: they are what the file must
    /// hold, whatever language its reader speaks.
    fn say(&self, locale: Locale) -> String {
        let sep = td_string!(locale, checks.list_sep);
        match self {
            ImportWordIssue::SchoolType { given } => td_string!(
                locale,
                checks.word_school_type,
                given = given,
                allowed = SchoolType::MANUAL_NAMES.join(sep)
            )
            .to_string(),
            ImportWordIssue::YesNo { column, given } => td_string!(
                locale,
                checks.word_yes_no,
                column = column.say(locale),
                given = given
            )
            .to_string(),
            ImportWordIssue::Role { given } => td_string!(
                locale,
                checks.word_role,
                given = given,
                allowed = ROLE_WORDS.join(sep)
            )
            .to_string(),
        }
    }
}

impl Say for YesNoColumn {
    fn say(&self, locale: Locale) -> String {
        match self {
            YesNoColumn::SixThree => td_string!(locale, checks.column_six_three).to_string(),
        }
    }
}

impl Say for FieldIssue {
    fn say(&self, locale: Locale) -> String {
        let field = self.field.name(locale);
        match &self.kind {
            FieldIssueKind::Missing => {
                td_string!(locale, checks.field_missing, field = field).to_string()
            }
            FieldIssueKind::NotCount => {
                td_string!(locale, checks.field_not_count, field = field).to_string()
            }
            FieldIssueKind::OverMax => td_string!(
                locale,
                checks.field_over_max,
                field = field,
                max = self.field.max()
            )
            .to_string(),
            FieldIssueKind::MoreThan {
                value,
                other,
                limit,
            } => td_string!(
                locale,
                checks.field_more_than,
                field = field,
                value = value,
                other = other.name(locale),
                limit = limit
            )
            .to_string(),
            FieldIssueKind::BandwidthMissing => {
                td_string!(locale, checks.bandwidth_missing).to_string()
            }
            FieldIssueKind::BandwidthWithoutBroadband => {
                td_string!(locale, checks.bandwidth_without_broadband).to_string()
            }
            FieldIssueKind::Jump { old, new, percent } => td_string!(
                locale,
                checks.field_jump,
                field = field,
                old = old,
                new = new,
                percent = percent
            )
            .to_string(),
        }
    }
}

impl Say for QuestionnaireIssue {
    fn say(&self, locale: Locale) -> String {
        use QuestionnaireIssue as Q;
        match self {
            Q::UsesPlatformMissing => td_string!(locale, checks.uses_platform_missing).to_string(),
            Q::UrlMissing => td_string!(locale, checks.url_missing).to_string(),
            Q::Url(u) => u.say(locale),
            Q::SourceMissing => td_string!(locale, checks.source_missing).to_string(),
            Q::MetroNetworkMissing => td_string!(locale, checks.metro_network_missing).to_string(),
        }
    }
}

impl Say for UrlIssue {
    fn say(&self, locale: Locale) -> String {
        match self {
            UrlIssue::TooLong => td_string!(locale, checks.url_too_long, max = MAX_URL).to_string(),
            UrlIssue::Scheme => td_string!(locale, checks.url_scheme).to_string(),
            UrlIssue::Format => td_string!(locale, checks.url_format).to_string(),
        }
    }
}

impl Say for SettingsIssue {
    fn say(&self, locale: Locale) -> String {
        match self {
            SettingsIssue::JumpRatio => td_string!(locale, checks.jump_ratio).to_string(),
            SettingsIssue::SupportPhone => td_string!(locale, checks.support_phone).to_string(),
            SettingsIssue::SupportQq => td_string!(locale, checks.support_qq).to_string(),
            SettingsIssue::ReminderDays => {
                td_string!(locale, checks.reminder_days, max = MAX_REMINDER_DAYS).to_string()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::code::CodeError;
    use crate::domain::figures::Field;
    use crate::message::Reason;

    fn has_han(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    /// Each reason reads in zh-CN exactly as the product always wrote it,
    /// and in English without a Chinese character.
    fn reads(cases: Vec<(Reason, &str)>) {
        for (reason, zh) in cases {
            assert_eq!(reason.say(Locale::zh_CN), zh, "{reason:?}");
            let en = reason.say(Locale::en);
            assert!(!en.is_empty() && !has_han(&en), "{reason:?}: {en}");
        }
    }

    #[test]
    fn account_issues_read_as_before() {
        use AccountIssue as A;
        reads(vec![
            (A::NameMissing.into(), "请填写姓名"),
            (A::NameTooLong.into(), "姓名不能超过 50 个字"),
            (
                A::PhoneFormat.into(),
                "联系电话格式不正确，例如 13800000000 或 0731-88888888",
            ),
            (A::EmailFormat.into(), "电子邮件格式不正确"),
            (A::PasswordsDiffer.into(), "两次输入的新密码不一致"),
            (A::PasswordTooShort.into(), "新密码至少 8 位"),
            (A::PasswordTooLong.into(), "新密码不能超过 128 位"),
            (
                A::PasswordLettersAndDigits.into(),
                "新密码须同时包含字母和数字",
            ),
            (A::PasswordUnchanged.into(), "新密码不能与当前密码相同"),
        ]);
        assert_eq!(
            A::PasswordTooShort.say(Locale::en),
            "The new password needs at least 8 characters"
        );
    }

    #[test]
    fn region_name_issues_read_as_before() {
        reads(vec![
            (RegionNameIssue::Missing.into(), "请填写地区名称"),
            (RegionNameIssue::TooLong.into(), "地区名称不能超过 50 个字"),
            (RegionNameIssue::Control.into(), "地区名称不能包含控制字符"),
        ]);
    }

    #[test]
    fn school_issues_read_as_before() {
        reads(vec![
            (
                SchoolIssue::Code(CodeError::School).into(),
                "学校代码须为 10 位数字",
            ),
            (
                SchoolIssue::Code(CodeError::Region).into(),
                "地区代码须为 6 位数字",
            ),
            (SchoolIssue::NameMissing.into(), "请填写学校名称"),
            (SchoolIssue::NameTooLong.into(), "学校名称不能超过 100 个字"),
            (SchoolIssue::NameControl.into(), "学校名称不能包含控制字符"),
            (
                SchoolIssue::NoSixThree(SchoolType::Senior).into(),
                "高中没有六三制之分",
            ),
        ]);
        assert_eq!(
            SchoolIssue::NoSixThree(SchoolType::Vocational).say(Locale::en),
            "The 6-3 system does not apply to the school type “Secondary vocational school”"
        );
    }

    #[test]
    fn user_issues_read_as_before() {
        reads(vec![
            (
                UserIssue::Username.into(),
                "用户名须为 3–32 位字母、数字、下划线、点或连字符",
            ),
            (
                UserIssue::Profile(AccountIssue::EmailFormat).into(),
                "电子邮件格式不正确",
            ),
            (
                UserIssue::EmailMissing.into(),
                "请填写电子邮件：设置密码的链接将发送到该邮箱",
            ),
            (
                UserIssue::SchoolCode.into(),
                "学校管理员须填写 10 位学校代码",
            ),
            (
                UserIssue::RegionCode(CodeError::Region).into(),
                "地区代码须为 6 位数字",
            ),
            (
                UserIssue::NationalAdminBelowNation.into(),
                "全国管理员只能属于全国",
            ),
        ]);
    }

    #[test]
    fn import_words_read_as_before_and_name_the_files_words_in_english_too() {
        let school_type = ImportWordIssue::SchoolType {
            given: "大学".into(),
        };
        assert_eq!(
            school_type.say(Locale::zh_CN),
            "学校类型“大学”无效，应为：小学、初中、高中、九年一贯制、十二年一贯制、完全中学、教学点、特殊教育、中职"
        );
        let role = ImportWordIssue::Role {
            given: "校长".into(),
        };
        assert_eq!(
            role.say(Locale::zh_CN),
            "角色“校长”无效，应为：审核员、地区管理员、学校管理员"
        );
        let yes_no = ImportWordIssue::YesNo {
            column: YesNoColumn::SixThree,
            given: "也许".into(),
        };
        assert_eq!(yes_no.say(Locale::zh_CN), "六三制“也许”无效，应为 是 或 否");
        // In English the accepted words stay the file format's (Chinese);
        // the sentence around them is English.
        let given = "college".to_string();
        let en = ImportWordIssue::SchoolType {
            given: given.clone(),
        }
        .say(Locale::en);
        let words = SchoolType::MANUAL_NAMES.join(", ");
        assert!(en.contains(&words), "{en}");
        assert!(!has_han(&en.replace(&words, "")), "{en}");
        let en = ImportWordIssue::Role {
            given: given.clone(),
        }
        .say(Locale::en);
        assert!(!has_han(&en.replace(&ROLE_WORDS.join(", "), "")), "{en}");
        assert_eq!(
            ImportWordIssue::YesNo {
                column: YesNoColumn::SixThree,
                given
            }
            .say(Locale::en),
            "6-3 system “college” is not valid; enter yes or no"
        );
    }

    #[test]
    fn field_issues_read_as_before() {
        let issue = |field, kind| Reason::from(FieldIssue { field, kind });
        use FieldIssueKind as K;
        reads(vec![
            (issue(Field::Classes, K::Missing), "请填写班级数"),
            (
                issue(Field::Classes, K::NotCount),
                "班级数应为不小于 0 的整数",
            ),
            (issue(Field::Students, K::OverMax), "学生数不能超过 50000"),
            (
                issue(
                    Field::MultimediaRooms,
                    K::MoreThan {
                        value: 21,
                        other: Field::Classes,
                        limit: 20,
                    },
                ),
                "多媒体教室数（21）不能多于班级数（20）",
            ),
            (
                issue(
                    Field::StudentSpaces,
                    K::MoreThan {
                        value: 801,
                        other: Field::Students,
                        limit: 800,
                    },
                ),
                "学生网络学习空间开通数（801）不能多于学生数（800）",
            ),
            (
                issue(Field::BroadbandMbps, K::BandwidthMissing),
                "已接入宽带时请填写带宽",
            ),
            (
                issue(Field::BroadbandMbps, K::BandwidthWithoutBroadband),
                "未接入宽带时带宽应为 0",
            ),
            (
                issue(
                    Field::Students,
                    K::Jump {
                        old: 800,
                        new: 1200,
                        percent: 30,
                    },
                ),
                "学生数由上月的 800 变为 1200，变化超过 30%，请确认",
            ),
        ]);
        assert_eq!(
            issue(
                Field::MultimediaRooms,
                K::MoreThan {
                    value: 21,
                    other: Field::Classes,
                    limit: 20,
                },
            )
            .say(Locale::en),
            "Multimedia classrooms (21) cannot exceed Classes (20)"
        );
    }

    #[test]
    fn questionnaire_issues_read_as_before() {
        use QuestionnaireIssue as Q;
        reads(vec![
            (
                Q::UsesPlatformMissing.into(),
                "请选择是否组织统一使用了教育资源公共服务平台",
            ),
            (Q::UrlMissing.into(), "请填写平台网址"),
            (
                Q::Url(UrlIssue::TooLong).into(),
                "平台网址不能超过 500 个字符",
            ),
            (
                Q::Url(UrlIssue::Scheme).into(),
                "平台网址应以 http:// 或 https:// 开头",
            ),
            (
                Q::Url(UrlIssue::Format).into(),
                "平台网址格式不正确，例如 https://www.example.edu.cn",
            ),
            (Q::SourceMissing.into(), "请选择平台来源"),
            (
                Q::MetroNetworkMissing.into(),
                "请选择是否具有到校的教育城域网",
            ),
        ]);
    }

    #[test]
    fn settings_issues_read_as_before() {
        reads(vec![
            (
                SettingsIssue::JumpRatio.into(),
                "变化提醒比例应在 0 到 1000% 之间",
            ),
            (SettingsIssue::SupportPhone.into(), "客服电话格式不正确"),
            (
                SettingsIssue::SupportQq.into(),
                "客服 QQ 应为 5 到 12 位数字",
            ),
            (
                SettingsIssue::ReminderDays.into(),
                "截止前提醒天数应在 0 到 10 之间（0 表示不提醒）",
            ),
        ]);
    }
}
