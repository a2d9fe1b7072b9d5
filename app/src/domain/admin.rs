//! Rules of administration (管理): who may manage whom, and what a region
//! name, a school or a new account must look like. The same functions check
//! the admin forms in the browser, every row of an import, and the server.

use super::account::AccountIssue;
use super::code::{CodeError, RegionCode, SchoolCode};
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

/// The longest region name, in characters.
pub const MAX_REGION_NAME: usize = 50;

/// Why a region's new name was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegionNameIssue {
    Missing,
    /// Over `MAX_REGION_NAME` characters.
    TooLong,
    /// A control character (a pasted tab or line break, a forged byte).
    Control,
}

/// A region's new name, trimmed.
pub fn check_region_name(name: &str) -> Result<String, RegionNameIssue> {
    let name = name.trim();
    if name.is_empty() {
        return Err(RegionNameIssue::Missing);
    }
    if name.chars().count() > MAX_REGION_NAME {
        return Err(RegionNameIssue::TooLong);
    }
    if name.chars().any(char::is_control) {
        return Err(RegionNameIssue::Control);
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
    type Error = SchoolIssue;
    fn try_from(f: SchoolFields) -> Result<Self, SchoolIssue> {
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

/// The longest school name, in characters.
pub const MAX_SCHOOL_NAME: usize = 100;

/// Why a school (as the admin form or an import row gives it) was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SchoolIssue {
    /// The school's code or its managing region's code is malformed.
    Code(CodeError),
    NameMissing,
    /// Over `MAX_SCHOOL_NAME` characters.
    NameTooLong,
    NameControl,
    /// 六三制 ticked for a type without the compulsory years (高中, 中职).
    NoSixThree(SchoolType),
}

/// Checks a school; the first broken rule. Trims in place.
pub fn check_school(s: &mut SchoolInput) -> Result<(), SchoolIssue> {
    s.code = SchoolCode::parse(&s.code)
        .map_err(SchoolIssue::Code)?
        .into();
    s.name = s.name.trim().to_string();
    s.region_code = s.region_code.trim().to_string();
    if s.name.is_empty() {
        return Err(SchoolIssue::NameMissing);
    }
    if s.name.chars().count() > MAX_SCHOOL_NAME {
        return Err(SchoolIssue::NameTooLong);
    }
    if s.name.chars().any(char::is_control) {
        return Err(SchoolIssue::NameControl);
    }
    check_region_code(&s.region_code).map_err(SchoolIssue::Code)?;
    if s.six_three && !s.school_type.has_compulsory_years() {
        return Err(SchoolIssue::NoSixThree(s.school_type));
    }
    Ok(())
}

/// A 6-digit administrative code (GB/T 2260): `RegionCode`'s rule.
pub fn check_region_code(code: &str) -> Result<(), CodeError> {
    RegionCode::parse(code).map(|_| ())
}

/// A word of an import file that is not in the file format's vocabulary
/// (the manual's Chinese words, which the templates use); `given` is the
/// cell as typed, trimmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportWordIssue {
    /// Not one of `SchoolType::MANUAL_NAMES`.
    SchoolType { given: String },
    /// Not 是 / 否 (or 1/0, Y/N, yes/no, true/false).
    YesNo { column: YesNoColumn, given: String },
    /// Not one of the words of `Role::from_manual_name`.
    Role { given: String },
}

/// The yes/no columns of the import files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum YesNoColumn {
    /// 六三制 of the school import.
    SixThree,
}

/// A school type by its manual name (学校类型), as typed in an import file.
pub fn parse_school_type(word: &str) -> Result<SchoolType, ImportWordIssue> {
    let word = word.trim();
    SchoolType::from_manual_name(word).ok_or_else(|| ImportWordIssue::SchoolType {
        given: word.to_string(),
    })
}

/// 是 / 否 (also 1/0, Y/N, true/false; empty is 否) as typed in the import
/// file's `column`.
pub fn parse_yes_no(word: &str, column: YesNoColumn) -> Result<bool, ImportWordIssue> {
    match word.trim().to_lowercase().as_str() {
        "是" | "1" | "y" | "yes" | "true" => Ok(true),
        "否" | "0" | "n" | "no" | "false" | "" => Ok(false),
        other => Err(ImportWordIssue::YesNo {
            column,
            given: other.to_string(),
        }),
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
    type Error = UserIssue;
    fn try_from(f: UserFields) -> Result<Self, UserIssue> {
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

/// Why a new account (as the admin form or an import row gives it) was
/// refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum UserIssue {
    /// Not 3–32 ASCII letters, digits, `_`, `.` or `-`.
    Username,
    /// The name, phone or email (`account::check_profile`).
    Profile(AccountIssue),
    /// No email: the link to set the password has nowhere to go.
    EmailMissing,
    /// A school admin without a well-formed 10-digit school code.
    SchoolCode,
    /// A regional account's region code is malformed.
    RegionCode(CodeError),
    /// A national admin placed below the national root.
    NationalAdminBelowNation,
}

/// Checks a new account; the first broken rule. Trims in place.
pub fn check_user(u: &mut UserInput) -> Result<(), UserIssue> {
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
        return Err(UserIssue::Username);
    }
    super::account::check_profile(&u.name, &u.phone, &u.email).map_err(UserIssue::Profile)?;
    if u.email.is_empty() {
        return Err(UserIssue::EmailMissing);
    }
    match u.role {
        Role::SchoolAdmin => {
            if SchoolCode::parse(&u.school_code).is_err() {
                return Err(UserIssue::SchoolCode);
            }
            u.region_code.clear();
        }
        _ => {
            check_region_code(&u.region_code).map_err(UserIssue::RegionCode)?;
            u.school_code.clear();
        }
    }
    Ok(())
}

/// The role words an import's refusal suggests: the roles an import can
/// create (nobody creates a national admin, `may_manage_role`).
pub const ROLE_WORDS: [&str; 3] = ["审核员", "地区管理员", "学校管理员"];

/// The role of an account on an import row, by its manual name
/// (`Role::from_manual_name`).
pub fn parse_role(word: &str) -> Result<Role, ImportWordIssue> {
    let word = word.trim();
    Role::from_manual_name(word).ok_or_else(|| ImportWordIssue::Role {
        given: word.to_string(),
    })
}

/// Whether an account of `role` fits a region of `level`: national admins
/// belong to the national root and only there.
pub fn role_fits_level(role: Role, level: Level) -> Result<(), UserIssue> {
    match (role, level) {
        (Role::NationalAdmin, Level::National) => Ok(()),
        (Role::NationalAdmin, _) => Err(UserIssue::NationalAdminBelowNation),
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
        assert_eq!(check_region_name("  "), Err(RegionNameIssue::Missing));
        assert_eq!(
            check_region_name(&"名".repeat(MAX_REGION_NAME + 1)),
            Err(RegionNameIssue::TooLong)
        );
        assert_eq!(check_region_name("a\u{7}b"), Err(RegionNameIssue::Control));
    }

    #[test]
    fn schools_are_checked_and_trimmed() {
        let mut s = school();
        assert_eq!(check_school(&mut s), Ok(()));
        assert_eq!(s.code, "4301020001");
        assert_eq!(s.name, "长沙市第一中学");
        let refused = |change: fn(&mut SchoolInput)| {
            let mut bad = school();
            change(&mut bad);
            check_school(&mut bad).unwrap_err()
        };
        assert_eq!(
            refused(|s| s.code = "43010200".into()),
            SchoolIssue::Code(CodeError::School)
        );
        assert_eq!(refused(|s| s.name = "".into()), SchoolIssue::NameMissing);
        assert_eq!(
            refused(|s| s.name = "校".repeat(MAX_SCHOOL_NAME + 1)),
            SchoolIssue::NameTooLong
        );
        assert_eq!(
            refused(|s| s.name = "a\nb".into()),
            SchoolIssue::NameControl
        );
        assert_eq!(
            refused(|s| s.region_code = "43".into()),
            SchoolIssue::Code(CodeError::Region)
        );
        assert_eq!(
            refused(|s| s.school_type = SchoolType::Senior),
            SchoolIssue::NoSixThree(SchoolType::Senior)
        );
    }

    #[test]
    fn import_words_parse() {
        assert_eq!(parse_school_type(" 小学 "), Ok(SchoolType::Primary));
        assert_eq!(
            parse_school_type(" 大学 "),
            Err(ImportWordIssue::SchoolType {
                given: "大学".into()
            })
        );
        let six_three = YesNoColumn::SixThree;
        assert_eq!(parse_yes_no("是", six_three), Ok(true));
        assert_eq!(parse_yes_no("", six_three), Ok(false));
        assert_eq!(
            parse_yes_no("也许", six_three),
            Err(ImportWordIssue::YesNo {
                column: six_three,
                given: "也许".into()
            })
        );
        assert_eq!(parse_role("县级审核员"), Ok(Role::Reviewer));
        assert_eq!(parse_role("审核员"), Ok(Role::Reviewer));
        assert_eq!(parse_role("学校管理员"), Ok(Role::SchoolAdmin));
        assert_eq!(
            parse_role("校长"),
            Err(ImportWordIssue::Role {
                given: "校长".into()
            })
        );
    }

    #[test]
    fn new_accounts_are_checked() {
        let mut u = user();
        assert_eq!(check_user(&mut u), Ok(()));
        assert_eq!(u.school_code, "", "a reviewer has no school");
        let refused = |change: fn(&mut UserInput)| {
            let mut bad = user();
            change(&mut bad);
            check_user(&mut bad).unwrap_err()
        };
        assert_eq!(refused(|u| u.username = "a b".into()), UserIssue::Username);
        assert_eq!(refused(|u| u.email = "".into()), UserIssue::EmailMissing);
        assert_eq!(
            refused(|u| u.email = "li@".into()),
            UserIssue::Profile(AccountIssue::EmailFormat)
        );
        assert_eq!(
            refused(|u| {
                u.role = Role::SchoolAdmin;
                u.school_code = "123".into();
            }),
            UserIssue::SchoolCode
        );
        assert_eq!(
            refused(|u| u.region_code = "4300".into()),
            UserIssue::RegionCode(CodeError::Region)
        );
        assert_eq!(
            role_fits_level(Role::NationalAdmin, Level::Province),
            Err(UserIssue::NationalAdminBelowNation)
        );
    }

    #[test]
    fn forms_deserialize_only_through_their_checks() {
        let json = serde_json::to_string(&school()).unwrap();
        let s: SchoolInput = serde_json::from_str(&json).unwrap();
        assert_eq!(s.code, "4301020001", "trimmed on the way in");
        let short = json.replace("4301020001", "43010200");
        let refused = serde_json::from_str::<SchoolInput>(&short).unwrap_err();
        assert_eq!(
            crate::message::decode(&refused.to_string()),
            Some(SchoolIssue::Code(CodeError::School).into()),
            "the refusal arrives typed"
        );
        let json = serde_json::to_string(&user()).unwrap();
        assert!(serde_json::from_str::<UserInput>(&json).is_ok());
        let bad = json.replace("hn_li", "a b");
        assert!(serde_json::from_str::<UserInput>(&bad).is_err());
        assert!(role_fits_level(Role::Reviewer, Level::County).is_ok());
    }
}
