//! Levels of the region tree, user roles, and who may read what.

use serde::{Deserialize, Serialize};

/// 国家级 → 省级 → 市级 → 县级. Municipalities skip 市级, so a child's level
/// is not always its parent's plus one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Level {
    National,
    Province,
    City,
    County,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::National, Level::Province, Level::City, Level::County];

    pub fn code(self) -> i16 {
        match self {
            Level::National => 0,
            Level::Province => 1,
            Level::City => 2,
            Level::County => 3,
        }
    }

    pub fn from_code(code: i16) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The word used in the data file (`regions.csv`).
    pub fn parse(word: &str) -> Option<Self> {
        match word {
            "national" => Some(Level::National),
            "province" => Some(Level::Province),
            "city" => Some(Level::City),
            "county" => Some(Level::County),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// 全国管理员: everything, and acts as the national reviewer.
    NationalAdmin,
    /// 地区审核员: reviews its region's subtree.
    Reviewer,
    /// 地区管理员: fills its region's questionnaire.
    RegionAdmin,
    /// 学校管理员: updates one school's monthly data.
    SchoolAdmin,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::NationalAdmin,
        Role::Reviewer,
        Role::RegionAdmin,
        Role::SchoolAdmin,
    ];

    pub fn code(self) -> i16 {
        match self {
            Role::NationalAdmin => 0,
            Role::Reviewer => 1,
            Role::RegionAdmin => 2,
            Role::SchoolAdmin => 3,
        }
    }

    pub fn from_code(code: i16) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The role named by a word of the manual, as an import file types
    /// it: 全国管理员, 地区管理员, 学校管理员, and for reviewers 审核员,
    /// 地区审核员 or a level's 国家级审核员 … 县级审核员 (a reviewer's level
    /// follows from its region, so the word's level is not checked). A
    /// data format, not a message: a page names a role with
    /// `crate::i18n::role_name`.
    pub fn from_manual_name(word: &str) -> Option<Self> {
        match word {
            "全国管理员" => Some(Role::NationalAdmin),
            "地区管理员" => Some(Role::RegionAdmin),
            "学校管理员" => Some(Role::SchoolAdmin),
            "审核员" | "地区审核员" | "国家级审核员" | "省级审核员" | "市级审核员"
            | "县级审核员" => Some(Role::Reviewer),
            _ => None,
        }
    }

    /// Who reviews its region's month: the region's reviewer, and the
    /// national admin, who acts as the national reviewer (SPEC §1).
    pub fn reviews(self) -> bool {
        matches!(self, Role::Reviewer | Role::NationalAdmin)
    }

    /// Whether the role works on a region (as opposed to one school).
    pub fn is_regional(self) -> bool {
        !matches!(self, Role::SchoolAdmin)
    }

    /// Who may read the status table 上报情况 of regions in their subtree.
    /// School admins see only their own school.
    pub fn reads_status_tables(self) -> bool {
        self.is_regional()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_codes_round_trip() {
        for l in Level::ALL {
            assert_eq!(Level::from_code(l.code()), Some(l));
        }
        assert_eq!(Level::from_code(9), None);
    }

    #[test]
    fn the_data_file_words_parse() {
        assert_eq!(Level::parse("city"), Some(Level::City));
        assert_eq!(Level::parse("town"), None);
    }

    #[test]
    fn role_codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
    }

    #[test]
    fn roles_parse_from_the_manuals_words() {
        assert_eq!(Role::from_manual_name("县级审核员"), Some(Role::Reviewer));
        assert_eq!(Role::from_manual_name("审核员"), Some(Role::Reviewer));
        assert_eq!(
            Role::from_manual_name("全国管理员"),
            Some(Role::NationalAdmin)
        );
        assert_eq!(Role::from_manual_name("校长"), None);
    }

    #[test]
    fn reviewers_and_the_national_admin_review() {
        assert!(Role::Reviewer.reviews());
        assert!(Role::NationalAdmin.reviews());
        assert!(!Role::RegionAdmin.reviews());
        assert!(!Role::SchoolAdmin.reviews());
    }

    #[test]
    fn school_admins_do_not_read_status_tables() {
        assert!(!Role::SchoolAdmin.reads_status_tables());
        assert!(Role::Reviewer.reads_status_tables());
        assert!(Role::NationalAdmin.reads_status_tables());
    }
}
