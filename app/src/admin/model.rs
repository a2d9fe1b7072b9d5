//! Wire types of administration.

use crate::domain::window::WindowsDraft;
use crate::domain::{Level, Role, SchoolType, Windows};
use crate::i18n::{role_name, Locale};
use crate::report::model::RegionRef;
use serde::{Deserialize, Serialize};

/// 系统设置 that keep every rule of the domain: built only from a
/// `SettingsDraft` that passes them, also when deserialized, so a payload
/// that skips the form cannot carry a reversed window or a zero ratio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "SettingsDraft")]
pub struct SystemSettings {
    pub windows: Windows,
    pub jump_ratio: f64,
    pub support_phone: String,
    pub support_qq: String,
    /// Days before each deadline that regions not yet reported are
    /// reminded (0: never).
    pub reminder_days: u32,
}

/// 系统设置 as the form holds them while the admin types.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettingsDraft {
    pub windows: WindowsDraft,
    pub jump_ratio: f64,
    pub support_phone: String,
    pub support_qq: String,
    pub reminder_days: u32,
}

impl TryFrom<SettingsDraft> for SystemSettings {
    /// The first broken rule.
    type Error = crate::message::Reason;
    fn try_from(d: SettingsDraft) -> Result<Self, Self::Error> {
        let windows = Windows::try_from(d.windows)?;
        crate::domain::settings::check(d.jump_ratio, &d.support_phone, &d.support_qq)?;
        crate::domain::settings::check_reminder_days(d.reminder_days)?;
        Ok(Self {
            windows,
            jump_ratio: d.jump_ratio,
            support_phone: d.support_phone.trim().to_string(),
            support_qq: d.support_qq.trim().to_string(),
            reminder_days: d.reminder_days,
        })
    }
}

impl From<SystemSettings> for SettingsDraft {
    fn from(s: SystemSettings) -> Self {
        Self {
            windows: s.windows.into(),
            jump_ratio: s.jump_ratio,
            support_phone: s.support_phone,
            support_qq: s.support_qq,
            reminder_days: s.reminder_days,
        }
    }
}

/// A region in the 地区管理 tree, with what hangs under it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionNode {
    pub code: String,
    pub name: String,
    pub level: Level,
    /// Direct sub-regions.
    pub children: i64,
    /// Open schools it manages directly.
    pub schools: i64,
}

/// One region of the tree as its administrator sees it: the way down from
/// the administrator's own region, the region, and its sub-regions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionTree {
    pub trail: Vec<RegionRef>,
    pub region: RegionNode,
    pub children: Vec<RegionNode>,
    pub may_rename: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchoolEntry {
    pub code: String,
    pub name: String,
    pub school_type: SchoolType,
    pub six_three: bool,
    pub region_code: String,
    pub region_name: String,
    pub closed: bool,
}

/// A page of a list, and how many rows match in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Listing<T> {
    pub rows: Vec<T>,
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
}

impl<T> Listing<T> {
    pub fn pages(&self) -> u32 {
        (self.total.max(1) as u32).div_ceil(self.page_size.max(1))
    }
}

pub const PAGE_SIZE: u32 = 50;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserEntry {
    pub username: String,
    pub name: String,
    pub role: Role,
    pub region_code: String,
    /// The account's region (a school admin's: its school's managing
    /// region).
    pub region_name: String,
    pub region_level: Level,
    pub school_code: Option<String>,
    pub school_name: Option<String>,
    pub phone: String,
    pub email: String,
    pub disabled: bool,
}

impl UserEntry {
    /// "湖南省-省级审核员", "长沙市第一中学-学校管理员": the account's place
    /// and role, in `locale`.
    pub fn role_label(&self, locale: Locale) -> String {
        match (&self.school_name, self.role) {
            (Some(s), Role::SchoolAdmin) => {
                format!("{s}-{}", role_name(Role::SchoolAdmin, None, locale))
            }
            _ => crate::account::model::role_line(
                &self.region_name,
                self.role,
                self.region_level,
                locale,
            ),
        }
    }
}

/// The contact details of an account an administrator may correct.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub phone: String,
    pub email: String,
}

/// What an import file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportKind {
    Schools,
    Users,
}

impl ImportKind {
    pub fn code(self) -> i16 {
        match self {
            ImportKind::Schools => 0,
            ImportKind::Users => 1,
        }
    }

    pub fn from_code(c: i16) -> Option<Self> {
        match c {
            0 => Some(ImportKind::Schools),
            1 => Some(ImportKind::Users),
            _ => None,
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            ImportKind::Schools => "schools",
            ImportKind::Users => "users",
        }
    }

    /// What it imports, in `locale`: "学校", "Schools" (the template's
    /// sheet and file name).
    pub fn name(self, locale: crate::i18n::Locale) -> &'static str {
        use crate::i18n::td_string;
        match self {
            ImportKind::Schools => td_string!(locale, admin.schools),
            ImportKind::Users => td_string!(locale, admin.users),
        }
    }

    /// The columns an import file must have (first row), in this order in
    /// the template and the export.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            ImportKind::Schools => &["学校代码", "学校名称", "学校类型", "六三制", "管理地区代码"],
            ImportKind::Users => &[
                "用户名",
                "姓名",
                "角色",
                "地区代码",
                "学校代码",
                "联系电话",
                "电子邮件",
            ],
        }
    }

    /// The same columns as values, in the same order: what a template or
    /// an export heads them with in the reader's locale.
    pub fn fields(self) -> &'static [ImportColumn] {
        use ImportColumn as C;
        match self {
            ImportKind::Schools => &[
                C::SchoolCode,
                C::SchoolName,
                C::SchoolType,
                C::SixThree,
                C::ManagingRegionCode,
            ],
            ImportKind::Users => &[
                C::Username,
                C::Name,
                C::Role,
                C::RegionCode,
                C::SchoolCode,
                C::Phone,
                C::Email,
            ],
        }
    }

    /// Whether a file's `header` names `column` (one of `columns()`) in
    /// any locale: a template downloaded in English imports as well as
    /// one in Chinese.
    pub fn header_is(self, column: &str, header: &str) -> bool {
        column == header
            || self
                .columns()
                .iter()
                .zip(self.fields())
                .find(|(c, _)| **c == column)
                .is_some_and(|(_, f)| {
                    <crate::i18n::Locale as leptos_i18n::Locale>::get_all()
                        .iter()
                        .any(|l| f.name(*l) == header)
                })
    }
}

/// A column of an import file, and of the list export that mirrors it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportColumn {
    SchoolCode,
    SchoolName,
    SchoolType,
    SixThree,
    ManagingRegionCode,
    Username,
    Name,
    Role,
    RegionCode,
    Phone,
    Email,
}

impl ImportColumn {
    /// Its cells stay text even when they look like numbers (codes,
    /// phones, logins: a spreadsheet would drop leading zeros).
    pub fn is_text(self) -> bool {
        use ImportColumn as C;
        matches!(
            self,
            C::SchoolCode
                | C::ManagingRegionCode
                | C::Username
                | C::RegionCode
                | C::Phone
                | C::Email
        )
    }

    /// Its heading in `locale` ("学校代码", "School code").
    pub fn name(self, locale: crate::i18n::Locale) -> &'static str {
        use crate::i18n::td_string;
        use ImportColumn as C;
        match self {
            C::SchoolCode => td_string!(locale, admin.school_code),
            C::SchoolName => td_string!(locale, admin.school_name),
            C::SchoolType => td_string!(locale, admin.school_type),
            C::SixThree => td_string!(locale, admin.six_three),
            C::ManagingRegionCode => td_string!(locale, admin.managing_region_code),
            C::Username => td_string!(locale, admin.username),
            C::Name => td_string!(locale, admin.name),
            C::Role => td_string!(locale, admin.role),
            C::RegionCode => td_string!(locale, admin.region_code),
            C::Phone => td_string!(locale, admin.phone),
            C::Email => td_string!(locale, admin.email),
        }
    }
}

/// A broken row of an import file; `row` counts as a spreadsheet does (the
/// header is row 1); `reason` is what the page says about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowError {
    pub row: usize,
    pub reason: crate::message::Reason,
}

/// What an uploaded file would import: nothing is written before 确认导入,
/// and 确认导入 is offered only when no row is broken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub id: String,
    pub kind: ImportKind,
    pub total: usize,
    pub columns: Vec<String>,
    /// The first rows, as they will be imported.
    pub sample: Vec<Vec<String>>,
    pub errors: Vec<RowError>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ImportState {
    Previewed,
    Running {
        done: usize,
    },
    Done,
    /// Nothing was imported, for this reason (rendered by the page).
    Failed(crate::error::AppError),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportProgress {
    pub total: usize,
    pub state: ImportState,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn the_chinese_headings_are_the_import_columns_verbatim() {
        for kind in [ImportKind::Schools, ImportKind::Users] {
            let zh: Vec<&str> = kind
                .fields()
                .iter()
                .map(|f| f.name(Locale::zh_CN))
                .collect();
            assert_eq!(zh, kind.columns());
            assert_eq!(
                kind.name(Locale::zh_CN),
                ["学校", "用户"][kind.code() as usize]
            );
        }
    }

    #[test]
    fn a_header_in_either_locale_names_its_column() {
        let k = ImportKind::Schools;
        assert!(k.header_is("学校代码", "学校代码"));
        assert!(k.header_is("学校代码", "School code"));
        assert!(!k.header_is("学校代码", "School name"));
        assert!(!k.header_is("学校代码", "学校名称"));
        for f in k.fields().iter().chain(ImportKind::Users.fields()) {
            assert!(
                !f.name(Locale::en)
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{f:?}"
            );
        }
    }
}
