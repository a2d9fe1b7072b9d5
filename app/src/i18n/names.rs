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
        for s in ReportState::ALL {
            assert_eq!(s.name(Locale::zh_CN), s.label());
        }
        for l in Level::ALL {
            assert_eq!(l.name(Locale::zh_CN), l.label());
            assert_eq!(level_short(l, Locale::zh_CN), l.short_label());
        }
        for t in crate::domain::SchoolType::ALL {
            assert_eq!(t.name(Locale::zh_CN), t.label());
        }
        for a in crate::domain::workflow::AuditAction::ALL {
            assert_eq!(a.name(Locale::zh_CN), a.label());
        }
        for i in crate::domain::Indicator::COLUMNS {
            assert_eq!(i.name(Locale::zh_CN), i.label());
        }
        for r in Role::ALL {
            for l in [None, Some(Level::County), Some(Level::Province)] {
                assert_eq!(role_name(r, l, Locale::zh_CN), r.label(l));
            }
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
