//! The names of domain values in each locale. The domain names things by
//! variant (a `ReportState`, a `Level`, a `Role`); what a person reads is
//! here, one key per variant in `locales/<locale>/domain.json` (zh-CN: the
//! manual's words verbatim). The same function serves the page (in the
//! reader's locale) and the server (exports and mail, in the recipient's).

use super::Locale;
use crate::domain::Role;
use leptos_i18n::td_string;

/// A domain value's name as a person reads it, in `locale`.
pub trait Named {
    fn name(&self, locale: Locale) -> &'static str;
}

impl Named for crate::domain::ReportState {
    fn name(&self, locale: Locale) -> &'static str {
        use crate::domain::ReportState as T;
        match self {
            T::Pending => td_string!(locale, domain.report_state_pending),
            T::Submitted => td_string!(locale, domain.report_state_submitted),
            T::AutoSubmitted => td_string!(locale, domain.report_state_auto_submitted),
            T::Returned => td_string!(locale, domain.report_state_returned),
        }
    }
}

impl Named for crate::domain::school::SchoolState {
    fn name(&self, locale: Locale) -> &'static str {
        use crate::domain::school::SchoolState as T;
        match self {
            T::Draft => td_string!(locale, domain.school_state_draft),
            T::Confirmed => td_string!(locale, domain.school_state_confirmed),
            T::Returned => td_string!(locale, domain.school_state_returned),
        }
    }
}

impl Named for crate::domain::Level {
    fn name(&self, locale: Locale) -> &'static str {
        use crate::domain::Level as T;
        match self {
            T::National => td_string!(locale, domain.level_national),
            T::Province => td_string!(locale, domain.level_province),
            T::City => td_string!(locale, domain.level_city),
            T::County => td_string!(locale, domain.level_county),
        }
    }
}

impl Named for crate::domain::SchoolType {
    fn name(&self, locale: Locale) -> &'static str {
        use crate::domain::SchoolType as T;
        match self {
            T::Primary => td_string!(locale, domain.school_type_primary),
            T::Junior => td_string!(locale, domain.school_type_junior),
            T::Senior => td_string!(locale, domain.school_type_senior),
            T::NineYear => td_string!(locale, domain.school_type_nine_year),
            T::TwelveYear => td_string!(locale, domain.school_type_twelve_year),
            T::Complete => td_string!(locale, domain.school_type_complete),
            T::TeachingPoint => td_string!(locale, domain.school_type_teaching_point),
            T::Special => td_string!(locale, domain.school_type_special),
            T::Vocational => td_string!(locale, domain.school_type_vocational),
        }
    }
}

impl Named for crate::domain::questionnaire::PlatformSource {
    fn name(&self, locale: Locale) -> &'static str {
        use crate::domain::questionnaire::PlatformSource as T;
        match self {
            T::SelfBuilt => td_string!(locale, domain.platform_self_built),
            T::City => td_string!(locale, domain.platform_city),
            T::Province => td_string!(locale, domain.platform_province),
            T::National => td_string!(locale, domain.platform_national),
            T::Purchased => td_string!(locale, domain.platform_purchased),
        }
    }
}

impl Named for crate::domain::SubmitKind {
    fn name(&self, locale: Locale) -> &'static str {
        use crate::domain::SubmitKind as T;
        match self {
            T::Submit => td_string!(locale, domain.submit_kind_submit),
            T::Resubmit => td_string!(locale, domain.submit_kind_resubmit),
        }
    }
}

impl Named for crate::domain::workflow::AuditAction {
    fn name(&self, locale: Locale) -> &'static str {
        use crate::domain::workflow::AuditAction as T;
        match self {
            T::Submit => td_string!(locale, domain.audit_submit),
            T::Resubmit => td_string!(locale, domain.audit_resubmit),
            T::Return => td_string!(locale, domain.audit_return),
            T::Cancel => td_string!(locale, domain.audit_cancel),
            T::AutoSubmit => td_string!(locale, domain.audit_auto_submit),
            T::Confirm => td_string!(locale, domain.audit_confirm),
            T::AutoConfirm => td_string!(locale, domain.audit_auto_confirm),
            T::MoveOut => td_string!(locale, domain.audit_move_out),
            T::MoveIn => td_string!(locale, domain.audit_move_in),
            T::Create => td_string!(locale, domain.audit_create),
            T::Close => td_string!(locale, domain.audit_close),
            T::Reopen => td_string!(locale, domain.audit_reopen),
            T::Edit => td_string!(locale, domain.audit_edit),
            T::UploadText => td_string!(locale, domain.audit_upload_text),
        }
    }
}

impl Named for crate::domain::figures::Field {
    fn name(&self, locale: Locale) -> &'static str {
        use crate::domain::figures::Field as T;
        match self {
            T::Classes => td_string!(locale, domain.field_classes),
            T::Teachers => td_string!(locale, domain.field_teachers),
            T::Students => td_string!(locale, domain.field_students),
            T::BroadbandMbps => td_string!(locale, domain.field_broadband_mbps),
            T::MultimediaRooms => td_string!(locale, domain.field_multimedia_rooms),
            T::TeacherSpaces => td_string!(locale, domain.field_teacher_spaces),
            T::StudentSpaces => td_string!(locale, domain.field_student_spaces),
        }
    }
}

impl Named for crate::domain::Indicator {
    fn name(&self, locale: Locale) -> &'static str {
        use crate::domain::Indicator as T;
        match self {
            T::Schools => td_string!(locale, domain.indicator_schools),
            T::Classes => td_string!(locale, domain.indicator_classes),
            T::Teachers => td_string!(locale, domain.indicator_teachers),
            T::Students => td_string!(locale, domain.indicator_students),
            T::SixThree => td_string!(locale, domain.indicator_six_three),
            T::Broadband => td_string!(locale, domain.indicator_broadband),
            T::MultimediaRooms => td_string!(locale, domain.indicator_multimedia_rooms),
            T::TeacherSpaces => td_string!(locale, domain.indicator_teacher_spaces),
            T::StudentSpaces => td_string!(locale, domain.indicator_student_spaces),
        }
    }
}

/// A level's short name, the prefix of the reported counts on the status
/// screen ("市级: 414/414").
pub fn level_short(level: crate::domain::Level, locale: Locale) -> &'static str {
    use crate::domain::Level as T;
    match level {
        T::National => td_string!(locale, domain.level_short_national),
        T::Province => td_string!(locale, domain.level_short_province),
        T::City => td_string!(locale, domain.level_short_city),
        T::County => td_string!(locale, domain.level_short_county),
    }
}

/// A role's name; a reviewer is named by its level ("县级审核员"), as in
/// the notice scope of the manual.
pub fn role_name(role: Role, level: Option<crate::domain::Level>, locale: Locale) -> &'static str {
    use crate::domain::Level;
    match (role, level) {
        (Role::NationalAdmin, _) => td_string!(locale, domain.role_national_admin),
        (Role::Reviewer, None) => td_string!(locale, domain.role_reviewer),
        (Role::Reviewer, Some(Level::National)) => {
            td_string!(locale, domain.role_reviewer_national)
        }
        (Role::Reviewer, Some(Level::Province)) => {
            td_string!(locale, domain.role_reviewer_province)
        }
        (Role::Reviewer, Some(Level::City)) => td_string!(locale, domain.role_reviewer_city),
        (Role::Reviewer, Some(Level::County)) => td_string!(locale, domain.role_reviewer_county),
        (Role::RegionAdmin, _) => td_string!(locale, domain.role_region_admin),
        (Role::SchoolAdmin, _) => td_string!(locale, domain.role_school_admin),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Level, ReportState};

    #[test]
    fn the_chinese_names_are_the_domains_labels_verbatim() {
        let zh = Locale::zh_CN;
        assert_eq!(
            ReportState::ALL.map(|s| s.name(zh)),
            ["未上报", "已上报", "系统自动上报", "重报"]
        );
        assert_eq!(
            Level::ALL.map(|l| l.name(zh)),
            ["国家级", "省级", "市级", "县级"]
        );
        assert_eq!(
            Level::ALL.map(|l| level_short(l, zh)),
            ["国家", "省级", "市级", "县级"]
        );
        for t in crate::domain::SchoolType::ALL {
            assert_eq!(t.name(Locale::zh_CN), t.manual_name());
        }
        assert_eq!(
            crate::domain::workflow::AuditAction::ALL.map(|a| a.name(zh)),
            [
                "审核上报",
                "重新上报",
                "重报",
                "取消重报",
                "系统自动上报",
                "月更新确认",
                "系统自动确认",
                "迁出",
                "迁入",
                "新增学校",
                "关闭学校",
                "恢复学校",
                "修改学校信息",
                "上传月报文本",
            ]
        );
        assert_eq!(
            crate::domain::Indicator::COLUMNS.map(|i| i.name(zh)),
            [
                "学校数(所)",
                "班级数(个)",
                "教师数(人)",
                "学生数(人)",
                "六三制",
                "宽带接入(所)",
                "多媒体教室(间)",
                "教师网络学习空间(个)",
                "学生网络学习空间(个)",
            ]
        );
        assert_eq!(
            crate::domain::figures::Field::NUMBERS.map(|f| f.name(zh)),
            [
                "班级数",
                "教师数",
                "学生数",
                "宽带带宽(Mbps)",
                "多媒体教室数",
                "教师网络学习空间开通数",
                "学生网络学习空间开通数",
            ]
        );
        assert_eq!(
            crate::domain::questionnaire::PlatformSource::ALL.map(|p| p.name(zh)),
            [
                "自建",
                "市级提供",
                "省级提供",
                "国家级提供",
                "购买企业平台服务"
            ]
        );
        // A role's Chinese name is a word of the import files too.
        for r in Role::ALL {
            for l in [None, Some(Level::County), Some(Level::Province)] {
                assert_eq!(
                    Role::from_manual_name(role_name(r, l, Locale::zh_CN)),
                    Some(r)
                );
            }
        }
        assert_eq!(
            role_name(Role::Reviewer, Some(Level::County), Locale::zh_CN),
            "县级审核员"
        );
        assert_eq!(
            role_name(Role::NationalAdmin, Some(Level::National), Locale::zh_CN),
            "全国管理员"
        );
    }

    #[test]
    fn every_column_and_field_has_its_own_name_in_each_locale() {
        for l in [Locale::zh_CN, Locale::en] {
            let mut columns = crate::domain::Indicator::COLUMNS
                .map(|i| i.name(l))
                .to_vec();
            columns.sort();
            columns.dedup();
            assert_eq!(columns.len(), crate::domain::Indicator::COLUMNS.len());
            let mut fields = crate::domain::figures::Field::NUMBERS
                .map(|f| f.name(l))
                .to_vec();
            fields.sort();
            fields.dedup();
            assert_eq!(fields.len(), crate::domain::figures::Field::NUMBERS.len());
        }
    }

    #[test]
    fn english_names_differ_from_chinese_and_are_not_empty() {
        for s in ReportState::ALL {
            assert!(!s.name(Locale::en).is_empty());
            assert_ne!(s.name(Locale::en), s.name(Locale::zh_CN));
        }
    }
}
