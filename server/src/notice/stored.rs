//! A notice's values as the `notices` row keeps them (migration 12): the
//! system's notices by kind and JSON parameters, authors by role, level and
//! region name. Read back into the wire's values, which the page words in
//! its reader's locale; a kind or a parameter the product cannot read is a
//! fault, never a blank notice.

use crate::error::{ServiceError, ServiceResult};
use app::domain::{Level, Period, Role, UserId};
use app::notice::model::{Author, SystemNotice};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// `system_kind` of a 截止前提醒.
const REMINDER: &str = "reminder";

/// The author id of the system's notices (no user has it).
pub const SYSTEM_AUTHOR: i32 = 0;

/// 截止前提醒's `system_params`: stable codes, not the wire's shapes.
#[derive(Serialize, Deserialize)]
struct ReminderParams {
    region: String,
    /// `Level::code`.
    level: i16,
    /// `Period::key`: 202611.
    period: i32,
    deadline: NaiveDate,
}

/// The `(system_kind, system_params)` columns of a system notice.
pub fn system_columns(n: &SystemNotice) -> ServiceResult<(String, String)> {
    let (kind, params) = match n {
        SystemNotice::Reminder {
            region,
            level,
            period,
            deadline,
        } => (
            REMINDER,
            serde_json::to_string(&ReminderParams {
                region: region.clone(),
                level: level.code(),
                period: period.key(),
                deadline: *deadline,
            }),
        ),
    };
    let params = params.map_err(|e| ServiceError::Internal(e.to_string()))?;
    Ok((kind.to_string(), params))
}

/// The system notice a row holds: `None` for a notice written by a person
/// (no kind), else its values.
pub fn system_notice(
    kind: Option<&str>,
    params: Option<&str>,
) -> ServiceResult<Option<SystemNotice>> {
    let Some(kind) = kind else {
        return Ok(None);
    };
    let unreadable = |why: &str| ServiceError::Internal(format!("notice {kind}: {why}"));
    match kind {
        REMINDER => {
            let p: ReminderParams = serde_json::from_str(params.unwrap_or(""))
                .map_err(|e| unreadable(&e.to_string()))?;
            Ok(Some(SystemNotice::Reminder {
                region: p.region,
                level: Level::from_code(p.level).ok_or_else(|| unreadable("level"))?,
                period: Period::from_key(p.period).map_err(|_| unreadable("period"))?,
                deadline: p.deadline,
            }))
        }
        _ => Err(unreadable("unknown kind")),
    }
}

/// Who wrote a notice, from its row: the system, a user by role (rows from
/// migration 12 on), or the line stored as it was written (older rows).
pub fn author(
    user: UserId,
    role: Option<Role>,
    level: Level,
    region_name: Option<String>,
    label: String,
) -> Author {
    if user.0 == SYSTEM_AUTHOR {
        return Author::System;
    }
    match (role, region_name) {
        (Some(role), Some(region)) => Author::User {
            region,
            role,
            level,
        },
        _ => Author::Written(label),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reminder_reads_back_as_stored() {
        let n = SystemNotice::Reminder {
            region: "岳麓区".into(),
            level: Level::County,
            period: Period::new(2026, 11).unwrap(),
            deadline: NaiveDate::from_ymd_opt(2026, 11, 5).unwrap(),
        };
        let (kind, params) = system_columns(&n).unwrap();
        assert_eq!(kind, "reminder");
        assert_eq!(
            params,
            r#"{"region":"岳麓区","level":3,"period":202611,"deadline":"2026-11-05"}"#
        );
        assert_eq!(system_notice(Some(&kind), Some(&params)).unwrap(), Some(n));
        assert_eq!(system_notice(None, None).unwrap(), None);
        assert!(system_notice(Some("reminder"), Some("{}")).is_err());
        assert!(system_notice(Some("other"), Some("{}")).is_err());
    }

    #[test]
    fn authors_from_old_and_new_rows() {
        let l = Level::Province;
        assert_eq!(
            author(UserId(0), None, l, None, "系统".into()),
            Author::System
        );
        assert_eq!(
            author(UserId(7), None, l, None, "湖南省-省级审核员".into()),
            Author::Written("湖南省-省级审核员".into())
        );
        assert_eq!(
            author(
                UserId(7),
                Some(Role::Reviewer),
                l,
                Some("湖南省".into()),
                "湖南省-省级审核员".into()
            ),
            Author::User {
                region: "湖南省".into(),
                role: Role::Reviewer,
                level: l
            }
        );
    }
}
