//! The words of the spreadsheets the server writes (the admin lists and
//! the import templates; the status table's are `ReportTable::export_*`),
//! in the requester's locale: headings, sheet and file names, and the
//! values the product names. Server only: the browser writes no files.

use super::{td_string, Locale};
use crate::admin::model::ImportKind;
use crate::report::model::Column;

/// An admin list as a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListExport {
    Regions,
    Schools,
    Users,
}

impl ListExport {
    /// The file's name without extension: "学校列表".
    pub fn file(self, locale: Locale) -> &'static str {
        match self {
            ListExport::Regions => td_string!(locale, admin.regions_file),
            ListExport::Schools => td_string!(locale, admin.schools_file),
            ListExport::Users => td_string!(locale, admin.users_file),
        }
    }

    /// The sheet's name: "学校".
    pub fn sheet(self, locale: Locale) -> &'static str {
        match self {
            ListExport::Regions => td_string!(locale, admin.regions_sheet),
            ListExport::Schools => ImportKind::Schools.name(locale),
            ListExport::Users => ImportKind::Users.name(locale),
        }
    }

    /// The headings. Schools and users: the import's columns first (an
    /// export can be imported again), then 管理地区 / 角色说明 and 状态.
    pub fn columns(self, locale: Locale) -> Vec<Column> {
        let state = Column::value(td_string!(locale, admin.state));
        match self {
            ListExport::Regions => vec![
                Column::text(td_string!(locale, admin.region_code)),
                Column::value(td_string!(locale, admin.region_name)),
                Column::value(td_string!(locale, admin.level)),
                Column::text(td_string!(locale, admin.parent_region_code)),
                Column::value(td_string!(locale, admin.direct_school_count)),
            ],
            ListExport::Schools => {
                let mut c = import_columns(ImportKind::Schools, locale);
                c.extend([
                    Column::value(td_string!(locale, admin.managing_region)),
                    state,
                ]);
                c
            }
            ListExport::Users => {
                let mut c = import_columns(ImportKind::Users, locale);
                c.extend([
                    Column::value(td_string!(locale, admin.role_description)),
                    state,
                ]);
                c
            }
        }
    }
}

/// An import kind's columns, as its template heads them.
pub fn import_columns(kind: ImportKind, locale: Locale) -> Vec<Column> {
    kind.fields()
        .iter()
        .map(|f| Column {
            name: f.name(locale).to_string(),
            text: f.is_text(),
        })
        .collect()
}

/// 是 / 否.
pub fn yes_no(locale: Locale, yes: bool) -> &'static str {
    if yes {
        td_string!(locale, admin.yes)
    } else {
        td_string!(locale, admin.no)
    }
}

/// A school's 状态: 已关闭 / 正常.
pub fn school_state(locale: Locale, closed: bool) -> &'static str {
    if closed {
        td_string!(locale, admin.closed)
    } else {
        td_string!(locale, admin.normal)
    }
}

/// An account's 状态: 已停用 / 正常.
pub fn account_state(locale: Locale, disabled: bool) -> &'static str {
    if disabled {
        td_string!(locale, admin.disabled)
    } else {
        td_string!(locale, admin.normal)
    }
}

/// An import template's file name without extension: "学校导入模板".
pub fn template_file(kind: ImportKind, locale: Locale) -> String {
    td_string!(locale, admin.template_file, kind = kind.name(locale)).to_string()
}

/// The free-text cells of a template's example row (a school's name, a
/// person's), in `locale`.
pub fn example_school_name(locale: Locale) -> &'static str {
    td_string!(locale, admin.example_school_name)
}

pub fn example_person_name(locale: Locale) -> &'static str {
    td_string!(locale, admin.example_person_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(c: Vec<Column>) -> Vec<String> {
        c.into_iter().map(|c| c.name).collect()
    }

    #[test]
    fn the_chinese_words_are_the_manuals_and_the_english_have_no_han() {
        assert_eq!(
            names(ListExport::Regions.columns(Locale::zh_CN)),
            ["地区代码", "地区名称", "级别", "上级地区代码", "直属学校数"]
        );
        assert_eq!(
            names(ListExport::Schools.columns(Locale::zh_CN)),
            [
                "学校代码",
                "学校名称",
                "学校类型",
                "六三制",
                "管理地区代码",
                "管理地区",
                "状态"
            ]
        );
        assert_eq!(
            names(ListExport::Users.columns(Locale::zh_CN))[7..],
            ["角色说明", "状态"]
        );
        assert_eq!(
            [ListExport::Regions, ListExport::Schools, ListExport::Users]
                .map(|l| (l.file(Locale::zh_CN), l.sheet(Locale::zh_CN))),
            [
                ("地区列表", "地区"),
                ("学校列表", "学校"),
                ("用户列表", "用户")
            ]
        );
        assert_eq!(
            template_file(ImportKind::Schools, Locale::zh_CN),
            "学校导入模板"
        );
        assert_eq!(
            [
                yes_no(Locale::zh_CN, true),
                school_state(Locale::zh_CN, true),
                account_state(Locale::zh_CN, true)
            ],
            ["是", "已关闭", "已停用"]
        );
        let han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        for l in [ListExport::Regions, ListExport::Schools, ListExport::Users] {
            for c in names(l.columns(Locale::en)) {
                assert!(!han(&c), "{c}");
            }
            assert!(!han(l.file(Locale::en)) && !han(l.sheet(Locale::en)));
        }
        assert_eq!(
            template_file(ImportKind::Users, Locale::en),
            "Users import template"
        );
    }
}
