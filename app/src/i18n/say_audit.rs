//! The audit log's words: who acted and what a placement change did, in
//! the reader's locale (keys in `report.json`).

use super::{period, td_string, Locale, Say};
use crate::report::model::{AuditActor, AuditNote, PlacementNote};

impl Say for AuditActor {
    /// "岳麓区-县级审核员 张三"; only the name when the stored role line is
    /// empty or the name itself (rows written before roles were values).
    fn say(&self, locale: Locale) -> String {
        let role = self.role.say(locale);
        if role.is_empty() || role == self.name {
            self.name.clone()
        } else {
            format!("{role} {}", self.name)
        }
    }
}

impl Say for AuditNote {
    fn say(&self, locale: Locale) -> String {
        match self {
            AuditNote::Words(w) => w.clone(),
            AuditNote::Placement(p) => p.say(locale),
        }
    }
}

impl Say for PlacementNote {
    fn say(&self, locale: Locale) -> String {
        let at = |p| period(locale, p);
        match self {
            PlacementNote::Created { school, from } => {
                td_string!(locale, report.placement_created, school, from = at(*from)).to_string()
            }
            PlacementNote::Edited { school, from } => {
                td_string!(locale, report.placement_edited, school, from = at(*from)).to_string()
            }
            PlacementNote::Moved {
                school,
                from_region: Some(from_region),
                to_region,
                from,
            } => td_string!(
                locale,
                report.placement_moved,
                school,
                from_region,
                to_region,
                from = at(*from)
            )
            .to_string(),
            PlacementNote::Moved {
                school,
                from_region: None,
                to_region,
                from,
            } => td_string!(
                locale,
                report.placement_moved_in,
                school,
                to_region,
                from = at(*from)
            )
            .to_string(),
            PlacementNote::Closed { school, from } => {
                td_string!(locale, report.placement_closed, school, from = at(*from)).to_string()
            }
            PlacementNote::Reopened { school, from } => {
                td_string!(locale, report.placement_reopened, school, from = at(*from)).to_string()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Level, Period, Role};
    use crate::notice::model::Author;

    #[test]
    fn placement_notes_read_as_before_in_chinese_and_plainly_in_english() {
        let from = Period::new(2027, 1).unwrap();
        let moved = PlacementNote::Moved {
            school: "一中".into(),
            from_region: Some("芙蓉区".into()),
            to_region: "岳麓区".into(),
            from,
        };
        assert_eq!(
            moved.say(Locale::zh_CN),
            "一中由芙蓉区迁至岳麓区，自2027年1月起"
        );
        assert_eq!(
            moved.say(Locale::en),
            "一中 moved from 芙蓉区 to 岳麓区, from January 2027"
        );
        let created = PlacementNote::Created {
            school: "一中".into(),
            from,
        };
        assert_eq!(
            created.say(Locale::zh_CN),
            "新增学校一中，自2027年1月起填报"
        );
        let closed = PlacementNote::Closed {
            school: "一中".into(),
            from,
        };
        assert_eq!(closed.say(Locale::zh_CN), "一中自2027年1月起关闭");
    }

    #[test]
    fn an_actor_reads_role_then_name() {
        let a = AuditActor {
            role: Author::User {
                region: "岳麓区".into(),
                role: Role::Reviewer,
                level: Level::County,
            },
            name: "张三".into(),
        };
        assert_eq!(a.say(Locale::zh_CN), "岳麓区-县级审核员 张三");
        assert!(a.say(Locale::en).ends_with(" 张三"));
        let old = AuditActor {
            role: Author::Written("张三".into()),
            name: "张三".into(),
        };
        assert_eq!(old.say(Locale::en), "张三");
    }
}
