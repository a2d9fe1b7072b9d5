//! Rules of administration (管理): who may manage whom, and what a region
//! name, a school or a new account must look like. The same functions check
//! the admin forms in the browser, every row of an import, and the server.

use super::code::{RegionCode, SchoolCode};
use super::region::{Level, Role};
use super::school::SchoolType;
use serde::{Deserialize, Serialize};

/// Whether the role opens the 管理 pages at all: the national admin
/// everywhere, reviewers inside their own subtree.
pub fn administers(role: Role) -> bool {
    matches!(role, Role::NationalAdmin | Role::Reviewer)
}

/// Whether an administrator of role `actor` may create, disable or reset an
/// account of role `target` (scope is checked separately, in the query).
/// Nobody manages a national admin's account through the system — national
/// admins are each other's equals, and a stolen session must not be able
/// to redirect the top account's reset link (its own included).
pub fn may_manage_role(actor: Role, target: Role) -> bool {
    match actor {
        Role::NationalAdmin => target != Role::NationalAdmin,
        Role::Reviewer => matches!(
            target,
            Role::Reviewer | Role::RegionAdmin | Role::SchoolAdmin
        ),
        Role::RegionAdmin | Role::SchoolAdmin => false,
    }
}

/// Whether an administrator may create or manage an account placed where
/// `placement` says, role aside (`may_manage_role`): a reviewer manages the
/// accounts below its region — school accounts of its subtree, regional
/// accounts of regions strictly below — never its equals in its own region
/// (a peer could otherwise redirect a peer's reset link and take it over).
pub fn may_manage_placement(actor: Role, placement: AccountPlacement) -> bool {
    match actor {
        Role::NationalAdmin => true,
        Role::Reviewer => !matches!(placement, AccountPlacement::OwnRegion),
        Role::RegionAdmin | Role::SchoolAdmin => false,
    }
}

/// Where an account sits relative to an administrator's region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountPlacement {
    /// A regional account of the administrator's own region.
    OwnRegion,
    /// A regional account of a region below it.
    Below,
    /// A school's account anywhere in its subtree.
    School,
}

/// Renaming a region changes what every level sees: the national admin only.
pub fn may_rename_regions(actor: Role) -> bool {
    actor == Role::NationalAdmin
}

/// A region's new name, trimmed.
pub fn check_region_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("请填写地区名称".into());
    }
    if name.chars().count() > 50 {
        return Err("地区名称不能超过 50 个字".into());
    }
    if name.chars().any(char::is_control) {
        return Err("地区名称不能包含控制字符".into());
    }
    Ok(name.to_string())
}

/// A school as the admin form and the import describe it. A payload
/// deserializes only through `check_school` (trimmed and checked), so a
/// server fn never receives one the domain would refuse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "SchoolFields")]
pub struct SchoolInput {
    /// 学校标识码: 10 digits.
    pub code: String,
    pub name: String,
    pub school_type: SchoolType,
    pub six_three: bool,
    /// The managing region's 6-digit code.
    pub region_code: String,
}

#[derive(Deserialize)]
struct SchoolFields {
    code: String,
    name: String,
    school_type: SchoolType,
    six_three: bool,
    region_code: String,
}

impl TryFrom<SchoolFields> for SchoolInput {
    type Error = String;
    fn try_from(f: SchoolFields) -> Result<Self, String> {
        let mut s = SchoolInput {
            code: f.code,
            name: f.name,
            school_type: f.school_type,
            six_three: f.six_three,
            region_code: f.region_code,
        };
        check_school(&mut s)?;
        Ok(s)
    }
}

/// Checks a school; the first broken rule, in Chinese. Trims in place.
pub fn check_school(s: &mut SchoolInput) -> Result<(), String> {
    s.code = SchoolCode::parse(&s.code)
        .map_err(|e| crate::i18n::Say::say(&e, crate::i18n::Locale::zh_CN))?
        .into();
    s.name = s.name.trim().to_string();
    s.region_code = s.region_code.trim().to_string();
    if s.name.is_empty() {
        return Err("请填写学校名称".into());
    }
    if s.name.chars().count() > 100 {
        return Err("学校名称不能超过 100 个字".into());
    }
    if s.name.chars().any(char::is_control) {
        return Err("学校名称不能包含控制字符".into());
    }
    check_region_code(&s.region_code)?;
    if s.six_three && !s.school_type.has_compulsory_years() {
        return Err(format!("{}没有六三制之分", s.school_type.label()));
    }
    Ok(())
}

/// A 6-digit administrative code (GB/T 2260): `RegionCode`'s rule.
pub fn check_region_code(code: &str) -> Result<(), String> {
    RegionCode::parse(code)
        .map(|_| ())
        .map_err(|e| crate::i18n::Say::say(&e, crate::i18n::Locale::zh_CN))
}

/// A school type by its label (学校类型), as typed in an import file.
pub fn parse_school_type(label: &str) -> Result<SchoolType, String> {
    let label = label.trim();
    SchoolType::ALL
        .into_iter()
        .find(|t| t.label() == label)
        .ok_or_else(|| {
            let all: Vec<&str> = SchoolType::ALL.iter().map(|t| t.label()).collect();
            format!("学校类型“{label}”无效，应为：{}", all.join("、"))
        })
}

/// 是 / 否 (also 1/0, Y/N, true/false) as typed in an import file.
pub fn parse_yes_no(word: &str, field: &str) -> Result<bool, String> {
    match word.trim().to_lowercase().as_str() {
        "是" | "1" | "y" | "yes" | "true" => Ok(true),
        "否" | "0" | "n" | "no" | "false" | "" => Ok(false),
        other => Err(format!("{field}“{other}”无效，应为 是 或 否")),
    }
}

/// A new account as the admin form and the import describe it. The admin
/// never chooses its password: a link to set one goes to `email`. A
/// payload deserializes only through `check_user`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "UserFields")]
pub struct UserInput {
    pub username: String,
    pub name: String,
    pub role: Role,
    /// The region of a reviewer or region admin (6 digits).
    pub region_code: String,
    /// The school of a school admin (10 digits).
    pub school_code: String,
    pub phone: String,
    pub email: String,
}

#[derive(Deserialize)]
struct UserFields {
    username: String,
    name: String,
    role: Role,
    region_code: String,
    school_code: String,
    phone: String,
    email: String,
}

impl TryFrom<UserFields> for UserInput {
    type Error = String;
    fn try_from(f: UserFields) -> Result<Self, String> {
        let mut u = UserInput {
            username: f.username,
            name: f.name,
            role: f.role,
            region_code: f.region_code,
            school_code: f.school_code,
            phone: f.phone,
            email: f.email,
        };
        check_user(&mut u)?;
        Ok(u)
    }
}

/// Checks a new account; the first broken rule, in Chinese. Trims in place.
pub fn check_user(u: &mut UserInput) -> Result<(), String> {
    u.username = u.username.trim().to_string();
    u.region_code = u.region_code.trim().to_string();
    u.school_code = u.school_code.trim().to_string();
    u.email = u.email.trim().to_string();
    u.phone = u.phone.trim().to_string();
    u.name = u.name.trim().to_string();
    let n = u.username.chars().count();
    if !(3..=32).contains(&n)
        || !u
            .username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    {
        return Err("用户名须为 3–32 位字母、数字、下划线、点或连字符".into());
    }
    super::account::check_profile(&u.name, &u.phone, &u.email)?;
    if u.email.is_empty() {
        return Err("请填写电子邮件：设置密码的链接将发送到该邮箱".into());
    }
    match u.role {
        Role::SchoolAdmin => {
            if SchoolCode::parse(&u.school_code).is_err() {
                return Err("学校管理员须填写 10 位学校代码".into());
            }
            u.region_code.clear();
        }
        _ => {
            check_region_code(&u.region_code)?;
            u.school_code.clear();
        }
    }
    Ok(())
}

/// The role of an account on an import row or in the form: 审核员 (also
/// 地区审核员 or a level's 省级审核员 …), 地区管理员, 学校管理员, 全国管理员.
pub fn parse_role(label: &str) -> Result<Role, String> {
    let label = label.trim();
    if label == "全国管理员" {
        return Ok(Role::NationalAdmin);
    }
    if label == "地区管理员" {
        return Ok(Role::RegionAdmin);
    }
    if label == "学校管理员" {
        return Ok(Role::SchoolAdmin);
    }
    if label == "审核员"
        || label == "地区审核员"
        || Level::ALL
            .iter()
            .any(|l| label == format!("{}审核员", l.label()))
    {
        return Ok(Role::Reviewer);
    }
    Err(format!(
        "角色“{label}”无效，应为：审核员、地区管理员、学校管理员"
    ))
}

/// Whether an account of `role` fits a region of `level`: national admins
/// belong to the national root and only there.
pub fn role_fits_level(role: Role, level: Level) -> Result<(), String> {
    match (role, level) {
        (Role::NationalAdmin, Level::National) => Ok(()),
        (Role::NationalAdmin, _) => Err("全国管理员只能属于全国".into()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn school() -> SchoolInput {
        SchoolInput {
            code: " 4301020001 ".into(),
            name: " 长沙市第一中学 ".into(),
            school_type: SchoolType::Complete,
            six_three: true,
            region_code: "430102".into(),
        }
    }

    fn user() -> UserInput {
        UserInput {
            username: "hn_li".into(),
            name: "李明".into(),
            role: Role::Reviewer,
            region_code: "430000".into(),
            school_code: "ignored".into(),
            phone: "".into(),
            email: "li@hn.edu.cn".into(),
        }
    }

    #[test]
    fn the_national_admin_manages_everyone_but_its_equals_reviewers_only_below_it() {
        for t in Role::ALL {
            assert_eq!(
                may_manage_role(Role::NationalAdmin, t),
                t != Role::NationalAdmin
            );
            assert!(!may_manage_role(Role::RegionAdmin, t));
            assert!(!may_manage_role(Role::SchoolAdmin, t));
        }
        assert!(!may_manage_role(Role::Reviewer, Role::NationalAdmin));
        assert!(may_manage_role(Role::Reviewer, Role::SchoolAdmin));
        assert!(administers(Role::Reviewer));
        assert!(!administers(Role::RegionAdmin));
        assert!(may_rename_regions(Role::NationalAdmin));
        assert!(!may_rename_regions(Role::Reviewer));
    }

    #[test]
    fn a_reviewer_manages_accounts_below_it_never_its_peers() {
        use AccountPlacement::*;
        assert!(!may_manage_placement(Role::Reviewer, OwnRegion));
        assert!(may_manage_placement(Role::Reviewer, Below));
        assert!(may_manage_placement(Role::Reviewer, School));
        assert!(may_manage_placement(Role::NationalAdmin, OwnRegion));
        assert!(!may_manage_placement(Role::RegionAdmin, School));
    }

    #[test]
    fn region_names_are_trimmed_and_bounded() {
        assert_eq!(check_region_name(" 长沙市 "), Ok("长沙市".into()));
        assert!(check_region_name("  ").is_err());
        assert!(check_region_name(&"名".repeat(51)).is_err());
        assert!(check_region_name("a\u{7}b").is_err());
    }

    #[test]
    fn schools_are_checked_and_trimmed() {
        let mut s = school();
        assert_eq!(check_school(&mut s), Ok(()));
        assert_eq!(s.code, "4301020001");
        assert_eq!(s.name, "长沙市第一中学");
        let mut bad = school();
        bad.code = "43010200".into();
        assert!(check_school(&mut bad).unwrap_err().contains("10 位"));
        let mut bad = school();
        bad.name = "".into();
        assert!(check_school(&mut bad).unwrap_err().contains("学校名称"));
        let mut bad = school();
        bad.region_code = "43".into();
        assert!(check_school(&mut bad).unwrap_err().contains("地区代码"));
        let mut bad = school();
        bad.school_type = SchoolType::Senior;
        assert!(check_school(&mut bad).unwrap_err().contains("六三制"));
    }

    #[test]
    fn import_words_parse() {
        assert_eq!(parse_school_type("小学"), Ok(SchoolType::Primary));
        assert!(parse_school_type("大学").unwrap_err().contains("小学"));
        assert_eq!(parse_yes_no("是", "六三制"), Ok(true));
        assert_eq!(parse_yes_no("", "六三制"), Ok(false));
        assert!(parse_yes_no("也许", "六三制").is_err());
        assert_eq!(parse_role("县级审核员"), Ok(Role::Reviewer));
        assert_eq!(parse_role("审核员"), Ok(Role::Reviewer));
        assert_eq!(parse_role("学校管理员"), Ok(Role::SchoolAdmin));
        assert!(parse_role("校长").is_err());
    }

    #[test]
    fn new_accounts_are_checked() {
        let mut u = user();
        assert_eq!(check_user(&mut u), Ok(()));
        assert_eq!(u.school_code, "", "a reviewer has no school");
        let mut bad = user();
        bad.username = "a b".into();
        assert!(check_user(&mut bad).unwrap_err().contains("用户名"));
        let mut bad = user();
        bad.email = "".into();
        assert!(check_user(&mut bad).unwrap_err().contains("电子邮件"));
        let mut bad = user();
        bad.role = Role::SchoolAdmin;
        bad.school_code = "123".into();
        assert!(check_user(&mut bad).unwrap_err().contains("学校代码"));
        assert!(role_fits_level(Role::NationalAdmin, Level::Province).is_err());
    }

    #[test]
    fn forms_deserialize_only_through_their_checks() {
        let json = serde_json::to_string(&school()).unwrap();
        let s: SchoolInput = serde_json::from_str(&json).unwrap();
        assert_eq!(s.code, "4301020001", "trimmed on the way in");
        let short = json.replace("4301020001", "43010200");
        assert!(serde_json::from_str::<SchoolInput>(&short).is_err());
        let json = serde_json::to_string(&user()).unwrap();
        assert!(serde_json::from_str::<UserInput>(&json).is_ok());
        let bad = json.replace("hn_li", "a b");
        assert!(serde_json::from_str::<UserInput>(&bad).is_err());
        assert!(role_fits_level(Role::Reviewer, Level::County).is_ok());
    }
}
