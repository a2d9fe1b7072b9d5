//! Who a notice 通知通告 reaches (SPEC §6, manual §4.3): the chosen reviewer
//! levels at the author's level and below, inside the author's subtree, plus
//! the author region's direct school admins when chosen.

use super::region::{Level, Role};
use serde::{Deserialize, Serialize};

/// The 范围 checkboxes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeScope {
    /// 国家级审核员 / 省级审核员 / 市级审核员 / 县级审核员.
    pub levels: Vec<Level>,
    /// 直属学校管理员.
    pub direct_schools: bool,
}

impl NoticeScope {
    pub fn is_empty(&self) -> bool {
        self.levels.is_empty() && !self.direct_schools
    }
}

/// The boxes an author may tick: reviewer levels at and below its own.
pub fn offered_levels(author_level: Level) -> Vec<Level> {
    Level::ALL
        .into_iter()
        .filter(|l| *l >= author_level)
        .collect()
}

/// A would-be reader, as the rule sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reader {
    pub role: Role,
    /// The reader's region level (for a school admin: its managing region's).
    pub level: Level,
    /// The reader's region (or school's managing region) lies in the
    /// author's subtree, the author's region included.
    pub in_subtree: bool,
    /// A school admin whose school the author's region manages directly.
    pub direct_school_of_author_region: bool,
}

/// Whether a notice of `scope`, written at `author_level`, reaches `reader`.
pub fn reaches(scope: &NoticeScope, author_level: Level, reader: &Reader) -> bool {
    match reader.role {
        Role::Reviewer | Role::NationalAdmin => {
            reader.in_subtree
                && reader.level >= author_level
                && scope.levels.contains(&reader.level)
        }
        Role::SchoolAdmin => scope.direct_schools && reader.direct_school_of_author_region,
        Role::RegionAdmin => false,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoticeError {
    NoTitle,
    TitleTooLong,
    NoScope,
    LevelAbove(Level),
    NoContent,
    ContentTooLong,
}

pub const MAX_TITLE: usize = 100;
pub const MAX_CONTENT: usize = 200_000;

/// Checks a new notice before anything is stored.
pub fn check_new(
    title: &str,
    scope: &NoticeScope,
    content_text_len: usize,
    content_html_len: usize,
    author_level: Level,
) -> Result<(), NoticeError> {
    let t = title.trim();
    if t.is_empty() {
        return Err(NoticeError::NoTitle);
    }
    if t.chars().count() > MAX_TITLE {
        return Err(NoticeError::TitleTooLong);
    }
    if scope.is_empty() {
        return Err(NoticeError::NoScope);
    }
    if let Some(l) = scope.levels.iter().find(|l| **l < author_level) {
        return Err(NoticeError::LevelAbove(*l));
    }
    if content_text_len == 0 {
        return Err(NoticeError::NoContent);
    }
    if content_html_len > MAX_CONTENT {
        return Err(NoticeError::ContentTooLong);
    }
    Ok(())
}

/// Who may pin or unpin: the national admin, and the author.
pub fn may_pin(role: Role, is_author: bool) -> bool {
    role == Role::NationalAdmin || is_author
}

/// Who may publish: reviewers (downward, manual §4.3) and the national admin.
pub fn may_publish(role: Role) -> bool {
    role.reviews()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reviewer(level: Level, in_subtree: bool) -> Reader {
        Reader {
            role: Role::Reviewer,
            level,
            in_subtree,
            direct_school_of_author_region: false,
        }
    }

    #[test]
    fn a_notice_reaches_chosen_levels_below_inside_the_subtree() {
        let scope = NoticeScope {
            levels: vec![Level::County],
            direct_schools: false,
        };
        assert!(reaches(
            &scope,
            Level::Province,
            &reviewer(Level::County, true)
        ));
        assert!(
            !reaches(&scope, Level::Province, &reviewer(Level::County, false)),
            "another province's county"
        );
        assert!(
            !reaches(&scope, Level::Province, &reviewer(Level::City, true)),
            "a level not chosen"
        );
    }

    #[test]
    fn the_authors_own_level_is_its_region() {
        let scope = NoticeScope {
            levels: vec![Level::Province],
            direct_schools: false,
        };
        assert!(reaches(
            &scope,
            Level::Province,
            &reviewer(Level::Province, true)
        ));
        assert!(
            !reaches(&scope, Level::City, &reviewer(Level::Province, true)),
            "never upward"
        );
    }

    #[test]
    fn direct_school_admins_only_of_the_authors_region() {
        let scope = NoticeScope {
            levels: vec![],
            direct_schools: true,
        };
        let direct = Reader {
            role: Role::SchoolAdmin,
            level: Level::City,
            in_subtree: true,
            direct_school_of_author_region: true,
        };
        assert!(reaches(&scope, Level::City, &direct));
        let deeper = Reader {
            direct_school_of_author_region: false,
            level: Level::County,
            ..direct
        };
        assert!(
            !reaches(&scope, Level::City, &deeper),
            "a county's school is not the city's direct school"
        );
        assert!(!reaches(
            &NoticeScope {
                levels: vec![Level::County],
                direct_schools: false
            },
            Level::City,
            &direct
        ));
    }

    #[test]
    fn region_admins_are_never_recipients() {
        let scope = NoticeScope {
            levels: Level::ALL.to_vec(),
            direct_schools: true,
        };
        let admin = Reader {
            role: Role::RegionAdmin,
            level: Level::County,
            in_subtree: true,
            direct_school_of_author_region: false,
        };
        assert!(!reaches(&scope, Level::National, &admin));
    }

    #[test]
    fn the_national_admin_counts_as_the_national_reviewer() {
        let scope = NoticeScope {
            levels: vec![Level::National],
            direct_schools: false,
        };
        let na = Reader {
            role: Role::NationalAdmin,
            level: Level::National,
            in_subtree: true,
            direct_school_of_author_region: false,
        };
        assert!(reaches(&scope, Level::National, &na));
    }

    #[test]
    fn a_new_notice_needs_title_scope_and_content_and_no_upward_level() {
        let s = NoticeScope {
            levels: vec![Level::County],
            direct_schools: false,
        };
        assert_eq!(
            check_new(" ", &s, 5, 10, Level::City),
            Err(NoticeError::NoTitle)
        );
        assert_eq!(
            check_new("t", &NoticeScope::default(), 5, 10, Level::City),
            Err(NoticeError::NoScope)
        );
        assert_eq!(
            check_new("t", &s, 0, 10, Level::City),
            Err(NoticeError::NoContent)
        );
        let up = NoticeScope {
            levels: vec![Level::Province],
            direct_schools: false,
        };
        assert!(matches!(
            check_new("t", &up, 5, 10, Level::City),
            Err(NoticeError::LevelAbove(_))
        ));
        assert_eq!(check_new("通知", &s, 5, 10, Level::City), Ok(()));
    }

    #[test]
    fn the_offered_boxes_start_at_the_authors_level() {
        assert_eq!(
            offered_levels(Level::City),
            vec![Level::City, Level::County]
        );
        assert_eq!(offered_levels(Level::National).len(), 4);
    }

    #[test]
    fn pinning_is_for_the_national_admin_and_the_author() {
        assert!(may_pin(Role::NationalAdmin, false));
        assert!(may_pin(Role::Reviewer, true));
        assert!(!may_pin(Role::Reviewer, false));
    }
}
