//! The confirmation of pending school months when a region reports (its
//! 审核上报) or a deadline closes a level.

use crate::error::ServiceResult;
use crate::workflow::rows::audit_many;
use crate::workflow::AuditEntry;
use app::backend::Actor;
use app::domain::school::SchoolState;
use app::domain::workflow::{self, AuditAction};
use app::domain::{Level, Period};
use app::domain::{RegionId, SchoolId};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, LockType, Query};
use sea_orm::{ConnectionTrait, DeriveIden, FromQueryResult};

/// Whose school months a confirmation covers.
pub(super) enum ConfirmScope {
    /// The schools whose months count for one region (its 审核上报).
    Region(RegionId),
    /// Every school whose month counts for a region of these levels (a
    /// deadline).
    Levels(Vec<Level>),
}

#[derive(DeriveIden)]
enum SchoolMonthly {
    Table,
    SchoolId,
    RegionId,
    Period,
    State,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Regions {
    Table,
    Id,
    Level,
}

/// A school month about to be confirmed.
#[derive(FromQueryResult)]
struct Unconfirmed {
    school_id: SchoolId,
    region_id: RegionId,
    state: SchoolState,
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
    let editable = [
        SchoolState::Draft,
        SchoolState::Returned,
        SchoolState::Confirmed,
    ]
    .into_iter()
    .filter(|s| workflow::school_at_deadline(*s).is_some());
    let in_scope = match scope {
        ConfirmScope::Region(r) => Expr::col(SchoolMonthly::RegionId).eq(*r),
        ConfirmScope::Levels(levels) => Expr::col(SchoolMonthly::RegionId).in_subquery(
            Query::select()
                .column(Regions::Id)
                .from(Regions::Table)
                .and_where(Expr::col(Regions::Level).is_in(levels.iter().copied()))
                .to_owned(),
        ),
    };
    let select = Query::select()
        .columns([
            SchoolMonthly::SchoolId,
            SchoolMonthly::RegionId,
            SchoolMonthly::State,
        ])
        .from(SchoolMonthly::Table)
        .and_where(Expr::col(SchoolMonthly::Period).eq(period))
        .and_where(Expr::col(SchoolMonthly::State).is_in(editable))
        .and_where(in_scope)
        .lock(LockType::Update)
        .to_owned();
    let changed = Unconfirmed::find_by_statement(c.get_database_backend().build(&select))
        .all(c)
        .await?;
    let to = SchoolState::Confirmed;
    for chunk in changed.chunks(500) {
        let update = Query::update()
            .table(SchoolMonthly::Table)
            .value(SchoolMonthly::State, to)
            .value(
                SchoolMonthly::Version,
                Expr::col(SchoolMonthly::Version).add(1),
            )
            .value(SchoolMonthly::UpdatedAt, now)
            .and_where(Expr::col(SchoolMonthly::Period).eq(period))
            .and_where(Expr::col(SchoolMonthly::SchoolId).is_in(chunk.iter().map(|m| m.school_id)))
            .to_owned();
        c.execute(c.get_database_backend().build(&update)).await?;
    }
    let entries: Vec<AuditEntry> = changed
        .iter()
        .map(|m| AuditEntry {
            actor,
            region: m.region_id,
            school: Some(m.school_id),
            period,
            action: AuditAction::AutoConfirm,
            from: m.state.code(),
            to: to.code(),
            reason: None,
        })
        .collect();
    audit_many(c, &entries, now).await
}
