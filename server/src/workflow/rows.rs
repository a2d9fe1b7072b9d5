//! The rows every transition reads and writes: a region's report row
//! (created on first use, read, conditionally updated) and the audit log.

use crate::db::{self, stmt};
use crate::error::{ServiceError, ServiceResult};
use crate::lock::for_update;
use app::backend::Actor;
use app::domain::workflow::{AuditAction, ReportState};
use app::domain::Period;
use app::domain::UserId;
use app::domain::{RegionId, SchoolId};
use app::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Func, Query, SimpleExpr};
use sea_orm::{ConnectionTrait, DeriveIden, FromQueryResult};

/// `region_reports`, for the statements built with sea-query.
#[derive(DeriveIden)]
pub(super) enum RegionReports {
    Table,
    RegionId,
    Period,
    State,
    Version,
    UpdatedAt,
    ReturnedFrom,
    ReturnReason,
    ReporterName,
    ReporterPhone,
    SubmittedAt,
    SubmittedBy,
    ReportedTotals,
}

#[derive(Debug, Clone, Copy, FromQueryResult)]
pub(super) struct ReportRow {
    pub(super) state: ReportState,
    pub(super) version: i32,
    pub(super) returned_from: Option<ReportState>,
}

pub async fn ensure_report(
    c: &impl ConnectionTrait,
    region: RegionId,
    period: Period,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    c.execute(stmt(
        c,
        "INSERT INTO region_reports (region_id, period, state, version, updated_at) VALUES ($1, $2, $3, 1, $4) \
         ON CONFLICT (region_id, period) DO NOTHING",
        vec![region.into(), period.into(), ReportState::Pending.into(), now.into()],
    ))
    .await?;
    Ok(())
}

/// A report row, locked until commit: every transition decides on it.
pub(super) async fn report_row(
    c: &impl ConnectionTrait,
    region: RegionId,
    period: Period,
) -> ServiceResult<ReportRow> {
    db::row::<ReportRow>(
        c,
        &format!(
            "SELECT state, version, returned_from FROM region_reports WHERE region_id = $1 AND period = $2{}",
            for_update(c)
        ),
        vec![region.into(), period.into()],
    )
    .await?
    .ok_or_else(|| ServiceError::Internal("report row missing after ensure".into()))
}

/// `UPDATE … SET state = to, sets WHERE state = expected AND version =
/// expected`; zero rows is a lost race. The one statement by which a
/// reviewer's transition changes a report's state: the per-level counts
/// (`levels`) move with it, in the same transaction.
pub(super) async fn update_report(
    c: &impl ConnectionTrait,
    region: RegionId,
    period: Period,
    expect: ReportRow,
    to: ReportState,
    sets: Vec<(RegionReports, SimpleExpr)>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let update = Query::update()
        .table(RegionReports::Table)
        .value(RegionReports::State, to)
        .values(sets)
        .value(
            RegionReports::Version,
            Expr::col(RegionReports::Version).add(1),
        )
        .value(RegionReports::UpdatedAt, now)
        .and_where(Expr::col(RegionReports::RegionId).eq(region))
        .and_where(Expr::col(RegionReports::Period).eq(period))
        .and_where(Expr::col(RegionReports::State).eq(expect.state))
        .and_where(Expr::col(RegionReports::Version).eq(expect.version))
        .to_owned();
    let r = c.execute(c.get_database_backend().build(&update)).await?;
    if r.rows_affected() != 1 {
        return Err(AppError::Conflict.into());
    }
    let delta = super::levels::delta(expect.state, to);
    if delta != 0 {
        super::levels::moved(c, period, &[region], delta).await?;
    }
    Ok(())
}

/// The state columns of an audit row that changes no state (a school
/// joining or leaving, a 月报文本): they read "-".
pub const NO_STATE: i16 = -1;

pub struct AuditEntry<'a> {
    pub actor: Option<&'a Actor>,
    pub region: RegionId,
    pub school: Option<SchoolId>,
    pub period: Period,
    pub action: AuditAction,
    pub from: i16,
    pub to: i16,
    pub reason: Option<&'a str>,
}

pub async fn audit(
    c: &impl ConnectionTrait,
    e: AuditEntry<'_>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    audit_many(c, std::slice::from_ref(&e), now).await
}

/// The (who, role, region) columns of an audit row: the actor, or the
/// system (no user; its name is worded by the reader). The role is kept as
/// a value (`Author::User` as JSON), worded when read.
pub(super) fn audit_actor(
    actor: Option<&Actor>,
) -> (Option<UserId>, String, String, Option<RegionId>) {
    match actor {
        Some(a) => (
            Some(a.user_id),
            a.name.clone(),
            serde_json::to_string(&app::notice::model::Author::User {
                region: a.region_name.clone(),
                role: a.role,
                level: a.region_level,
            })
            .unwrap_or_default(),
            Some(a.region_id),
        ),
        None => (None, SYSTEM.into(), SYSTEM.into(), None),
    }
}

/// The actor columns of the system's rows: a marker, not a word (the page
/// names the system in the reader's locale).
const SYSTEM: &str = "system";

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    TargetName,
    At,
    ActorUserId,
    ActorName,
    ActorRole,
    ActorRegionId,
    RegionId,
    SchoolId,
    Period,
    Action,
    FromState,
    ToState,
    Reason,
}

#[derive(DeriveIden)]
enum Schools {
    Table,
    Id,
    Name,
}

#[derive(DeriveIden)]
enum Regions {
    Table,
    Id,
    Name,
}

/// The target's name as it is now: the row reads the same after a rename.
fn target_name(e: &AuditEntry<'_>) -> SimpleExpr {
    let school = Query::select()
        .column(Schools::Name)
        .from(Schools::Table)
        .and_where(Expr::col(Schools::Id).eq(e.school))
        .to_owned();
    let region = Query::select()
        .column(Regions::Name)
        .from(Regions::Table)
        .and_where(Expr::col(Regions::Id).eq(e.region))
        .to_owned();
    Func::coalesce([
        SimpleExpr::SubQuery(None, Box::new(school.into_sub_query_statement())),
        SimpleExpr::SubQuery(None, Box::new(region.into_sub_query_statement())),
    ])
    .into()
}

/// Writes many audit rows at once (a deadline closes thousands).
pub(super) async fn audit_many(
    c: &impl ConnectionTrait,
    entries: &[AuditEntry<'_>],
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    for chunk in entries.chunks(50) {
        let mut insert = Query::insert();
        insert.into_table(AuditLog::Table).columns([
            AuditLog::TargetName,
            AuditLog::At,
            AuditLog::ActorUserId,
            AuditLog::ActorName,
            AuditLog::ActorRole,
            AuditLog::ActorRegionId,
            AuditLog::RegionId,
            AuditLog::SchoolId,
            AuditLog::Period,
            AuditLog::Action,
            AuditLog::FromState,
            AuditLog::ToState,
            AuditLog::Reason,
        ]);
        for e in chunk {
            let (uid, name, role, rid) = audit_actor(e.actor);
            let row: [SimpleExpr; 13] = [
                target_name(e),
                now.into(),
                uid.into(),
                name.into(),
                role.into(),
                rid.into(),
                e.region.into(),
                e.school.into(),
                e.period.into(),
                e.action.into(),
                e.from.into(),
                e.to.into(),
                e.reason.map(str::to_string).into(),
            ];
            // As many values as columns: cannot fail.
            insert.values_panic(row);
        }
        c.execute(c.get_database_backend().build(&insert)).await?;
    }
    Ok(())
}
