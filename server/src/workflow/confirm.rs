//! The confirmation of pending school months when a region reports (its
//! 审核上报) or a deadline closes a level.

use crate::db::{placeholders, stmt};
use crate::error::ServiceResult;
use crate::lock::for_update;
use crate::workflow::rows::audit_many;
use crate::workflow::AuditEntry;
use app::backend::Actor;
use app::domain::school::SchoolState;
use app::domain::workflow::{self, AuditAction};
use app::domain::{Level, Period};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, Value};

/// Whose school months a confirmation covers.
pub(super) enum ConfirmScope {
    /// The schools whose months count for one region (its 审核上报).
    Region(i32),
    /// Every school whose month counts for a region of these levels (a
    /// deadline).
    Levels(Vec<Level>),
}

/// Confirms every unconfirmed school month of `scope` (submitted data is
/// frozen). The rows are locked first and changed by key, and the audit
/// rows are written for exactly the rows changed: a school confirming at
/// the same moment is either seen confirmed or waits for this.
pub(super) async fn confirm_schools(
    c: &impl ConnectionTrait,
    scope: &ConfirmScope,
    period: Period,
    actor: Option<&Actor>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let editable: Vec<Value> = [
        SchoolState::Draft,
        SchoolState::Returned,
        SchoolState::Confirmed,
    ]
    .into_iter()
    .filter(|s| workflow::school_at_deadline(*s).is_some())
    .map(|s| s.code().into())
    .collect();
    let (filter, scope_values): (String, Vec<Value>) = match scope {
        ConfirmScope::Region(r) => ("m.region_id = ?".into(), vec![(*r).into()]),
        ConfirmScope::Levels(levels) => (
            format!(
                "m.region_id IN (SELECT id FROM regions WHERE level IN ({}))",
                placeholders(levels.len())
            ),
            levels.iter().map(|l| l.code().into()).collect(),
        ),
    };
    let mut values: Vec<Value> = vec![period.key().into()];
    values.extend(editable.iter().cloned());
    values.extend(scope_values);
    let rows = c
        .query_all(stmt(
            c,
            &format!(
                "SELECT m.school_id, m.region_id, m.state FROM school_monthly m \
                 WHERE m.period = ? AND m.state IN ({}) AND {filter}{}",
                placeholders(editable.len()),
                for_update(c)
            ),
            values,
        ))
        .await?;
    let mut changed = Vec::with_capacity(rows.len());
    for row in rows {
        let school: i32 = row.try_get("", "school_id")?;
        let region: i32 = row.try_get("", "region_id")?;
        let state: i16 = row.try_get("", "state")?;
        changed.push((school, region, state));
    }
    let to = SchoolState::Confirmed.code();
    for chunk in changed.chunks(500) {
        let mut v: Vec<Value> = vec![to.into(), now.into(), period.key().into()];
        v.extend(chunk.iter().map(|(school, _, _)| (*school).into()));
        c.execute(stmt(
            c,
            &format!(
                "UPDATE school_monthly SET state = ?, version = version + 1, updated_at = ? \
                 WHERE period = ? AND school_id IN ({})",
                placeholders(chunk.len())
            ),
            v,
        ))
        .await?;
    }
    let entries: Vec<AuditEntry> = changed
        .iter()
        .map(|(school, region, from)| AuditEntry {
            actor,
            region: *region,
            school: Some(*school),
            period,
            action: AuditAction::AutoConfirm,
            from: *from,
            to,
            reason: None,
        })
        .collect();
    audit_many(c, &entries, now).await
}
