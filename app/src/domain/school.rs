//! School types (学校类型).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SchoolType {
    Primary,
    Junior,
    Senior,
    NineYear,
    TwelveYear,
    Complete,
    TeachingPoint,
    Special,
    Vocational,
}

impl SchoolType {
    pub const ALL: [SchoolType; 9] = [
        SchoolType::Primary,
        SchoolType::Junior,
        SchoolType::Senior,
        SchoolType::NineYear,
        SchoolType::TwelveYear,
        SchoolType::Complete,
        SchoolType::TeachingPoint,
        SchoolType::Special,
        SchoolType::Vocational,
    ];

    pub fn code(self) -> i16 {
        Self::ALL.iter().position(|t| *t == self).unwrap_or(0) as i16
    }

    pub fn from_code(code: i16) -> Option<Self> {
        usize::try_from(code)
            .ok()
            .and_then(|i| Self::ALL.get(i).copied())
    }

    /// The manual's name of the type, in the manual's order: the
    /// vocabulary of the import files (学校类型). A page or a message names
    /// the type with `crate::i18n::Named`, in the reader's language.
    pub const MANUAL_NAMES: [&'static str; 9] = [
        "小学",
        "初中",
        "高中",
        "九年一贯制",
        "十二年一贯制",
        "完全中学",
        "教学点",
        "特殊教育",
        "中职",
    ];

    /// The type's word in `MANUAL_NAMES`.
    pub fn manual_name(self) -> &'static str {
        match self {
            SchoolType::Primary => "小学",
            SchoolType::Junior => "初中",
            SchoolType::Senior => "高中",
            SchoolType::NineYear => "九年一贯制",
            SchoolType::TwelveYear => "十二年一贯制",
            SchoolType::Complete => "完全中学",
            SchoolType::TeachingPoint => "教学点",
            SchoolType::Special => "特殊教育",
            SchoolType::Vocational => "中职",
        }
    }

    /// The type whose manual name is `word` exactly (an import cell).
    pub fn from_manual_name(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.manual_name() == word)
    }

    /// Whether the 六三制 / 五四制 distinction applies: it is about how the
    /// nine compulsory years are split, so only schools teaching them have it.
    pub fn has_compulsory_years(self) -> bool {
        !matches!(self, SchoolType::Senior | SchoolType::Vocational)
    }
}

/// Where a school's monthly data stands (SPEC §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SchoolState {
    /// Not yet confirmed: the school may edit.
    Draft,
    /// 月更新 done: locked.
    Confirmed,
    /// The managing region asked for changes: unlocked again.
    Returned,
}

impl SchoolState {
    pub fn code(self) -> i16 {
        match self {
            SchoolState::Draft => 0,
            SchoolState::Confirmed => 1,
            SchoolState::Returned => 2,
        }
    }

    pub fn from_code(code: i16) -> Option<Self> {
        [
            SchoolState::Draft,
            SchoolState::Confirmed,
            SchoolState::Returned,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for t in SchoolType::ALL {
            assert_eq!(SchoolType::from_code(t.code()), Some(t));
        }
        assert_eq!(SchoolType::from_code(-1), None);
        assert_eq!(SchoolType::from_code(99), None);
    }

    #[test]
    fn manual_names_are_the_vocabulary_in_order() {
        for (t, word) in SchoolType::ALL.into_iter().zip(SchoolType::MANUAL_NAMES) {
            assert_eq!(t.manual_name(), word);
            assert_eq!(SchoolType::from_manual_name(word), Some(t));
        }
        assert_eq!(SchoolType::from_manual_name("大学"), None);
    }

    #[test]
    fn state_codes_round_trip() {
        for s in [
            SchoolState::Draft,
            SchoolState::Confirmed,
            SchoolState::Returned,
        ] {
            assert_eq!(SchoolState::from_code(s.code()), Some(s));
        }
    }

    #[test]
    fn senior_high_schools_have_no_six_three_split() {
        assert!(!SchoolType::Senior.has_compulsory_years());
        assert!(SchoolType::Primary.has_compulsory_years());
    }
}
