//! Where, and as what, a school is listed month by month, and the
//! administrative changes of a school — create, edit, move, close, reopen —
//! by hand or by import. Each takes effect from the first month still open
//! for every region involved (a month a region has reported keeps the
//! school as it was reported), moves the data of those months with it, and
//! leaves an audit row in every month and region it touches, so a returned
//! region's parent sees that something changed below it (`取消` is then
//! refused).
//!
//! `school_placements` holds, from a month on, the region a school is
//! listed under (NULL: closed) and its name and type; a month with data
//! counts where the data was first saved (`school_monthly.region_id`).

pub mod listed;

pub use listed::{placed, placement, Placement};

use crate::db::{self, stmt};
use crate::error::{ServiceError, ServiceResult};
use crate::{lock, stats};
use app::backend::Actor;
use app::domain::lock::{change_candidates, effective_from, Listed};
use app::domain::workflow::AuditAction;
use app::domain::{cst_date, Figures, Period, Totals};
use app::domain::{RegionId, SchoolId};
use app::report::model::PlacementNote;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};

/// From which month an administrative change of a school takes effect:
/// `school` (None for a new one) is placed under `to` (None: closed). The
/// first month still open for every region involved — where the school
/// counts now and where it will count — through the current month; the
/// months before it stay as they were reported.
pub async fn effective_period(
    c: &impl ConnectionTrait,
    school: Option<SchoolId>,
    to: Option<RegionId>,
    now: DateTime<Utc>,
) -> ServiceResult<Period> {
    let mut candidates = Vec::new();
    for p in change_candidates(cst_date(now)) {
        let mut regions: Vec<RegionId> = to.into_iter().collect();
        let mut listed = true;
        if let Some(school) = school {
            let placed = placement(c, school, p).await?;
            match placed.listed {
                // Not in the system yet that month: a change cannot reach
                // back before the school existed.
                Listed::NotYet(_) => listed = false,
                Listed::Yes | Listed::No => regions.extend(placed.region),
            }
        }
        let mut open = listed;
        for r in regions {
            if open {
                open = lock::locked_facts(c, r, p, now)
                    .await?
                    .region_month()
                    .is_ok();
            }
        }
        candidates.push((p, open));
    }
    Ok(effective_from(&candidates))
}

/// Places `school` under `region` (None: closed), with its name and type
/// as the `schools` row has them now, from `from` on, replacing whatever
/// was planned for later months.
pub async fn set_placement(
    c: &impl ConnectionTrait,
    school: SchoolId,
    from: Period,
    region: Option<RegionId>,
) -> ServiceResult<()> {
    c.execute(stmt(
        c,
        "DELETE FROM school_placements WHERE school_id = $1 AND from_period >= $2",
        vec![school.into(), from.into()],
    ))
    .await?;
    c.execute(stmt(
        c,
        "INSERT INTO school_placements (school_id, from_period, region_id, name, school_type) \
         SELECT id, $1, $2, name, school_type FROM schools WHERE id = $3",
        vec![from.into(), region.into(), school.into()],
    ))
    .await?;
    Ok(())
}

/// An administrative change of a school, made to its `schools` row first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchoolChange {
    /// A new school (its row just inserted).
    Create,
    /// Its name or type changed.
    Edit,
    /// It is managed by region `to` now.
    Move {
        to: RegionId,
    },
    Close,
    Reopen,
}

/// The months a change from `from` reaches that have begun: `from`
/// through the current month (only `from` when it lies ahead).
fn reached(from: Period, today: chrono::NaiveDate) -> Vec<Period> {
    let current = Period::of(today);
    let mut out = vec![from];
    let mut p = from;
    while p < current {
        p = p.next();
        out.push(p);
    }
    out
}

/// A school as its `schools` row has it now.
#[derive(FromQueryResult)]
struct SchoolNow {
    region_id: RegionId,
    closed: bool,
    name: String,
}

/// Applies `change` to the months of `school` (whose `schools` row says
/// what it now is): from which month (`effective_period`, or `known_from`
/// when the caller computed it for many schools at once), the data of
/// those months moved, the placements set, the audit rows written.
/// Returns that month.
pub async fn apply(
    c: &impl ConnectionTrait,
    actor: &Actor,
    school: SchoolId,
    change: SchoolChange,
    known_from: Option<Period>,
    now: DateTime<Utc>,
) -> ServiceResult<Period> {
    let SchoolNow {
        region_id,
        closed,
        name,
    } = db::row(
        c,
        "SELECT region_id, closed, name FROM schools WHERE id = $1",
        vec![school.into()],
    )
    .await?
    .ok_or_else(|| ServiceError::Internal(format!("school {school} vanished")))?;
    let to = (!closed).then_some(region_id);
    let from = match known_from {
        Some(p) => p,
        None => {
            let existing = (change != SchoolChange::Create).then_some(school);
            effective_period(c, existing, to, now).await?
        }
    };
    let months = reached(from, cst_date(now));
    let mut before = Vec::with_capacity(months.len());
    for p in &months {
        before.push(match change {
            SchoolChange::Create => None,
            _ => placement(c, school, *p).await?.region,
        });
    }
    if let SchoolChange::Move { to } = change {
        move_rows(c, school, to, from).await?;
    }
    // Open months with data record the school as it is now.
    c.execute(stmt(
        c,
        "UPDATE school_monthly SET school_name = (SELECT name FROM schools WHERE id = $1), \
         school_type = (SELECT school_type FROM schools WHERE id = $1) \
         WHERE school_id = $1 AND period >= $2",
        vec![school.into(), from.into()],
    ))
    .await?;
    set_placement(c, school, from, to).await?;
    let names = |id: RegionId| async move { region_name(c, id).await };
    for (p, was) in months.iter().zip(before) {
        // The facts, not a sentence: the audit log words them for its reader.
        let write = |action: AuditAction, region: RegionId, note: PlacementNote| async move {
            let note = serde_json::to_string(&note).unwrap_or_default();
            audit(c, actor, action, region, school, *p, note, now).await
        };
        let school_name = || name.to_string();
        match change {
            SchoolChange::Create => {
                if let Some(r) = to {
                    let note = PlacementNote::Created {
                        school: school_name(),
                        from,
                    };
                    write(AuditAction::Create, r, note).await?;
                }
            }
            SchoolChange::Edit => {
                if let Some(r) = was {
                    let note = PlacementNote::Edited {
                        school: school_name(),
                        from,
                    };
                    write(AuditAction::Edit, r, note).await?;
                }
            }
            SchoolChange::Move { to } => {
                let note = PlacementNote::Moved {
                    school: school_name(),
                    from_region: match was {
                        Some(r) => Some(names(r).await?),
                        None => None,
                    },
                    to_region: names(to).await?,
                    from,
                };
                if let Some(r) = was {
                    write(AuditAction::MoveOut, r, note.clone()).await?;
                }
                write(AuditAction::MoveIn, to, note).await?;
            }
            SchoolChange::Close => {
                if let Some(r) = was {
                    let note = PlacementNote::Closed {
                        school: school_name(),
                        from,
                    };
                    write(AuditAction::Close, r, note).await?;
                }
            }
            SchoolChange::Reopen => {
                if let Some(r) = to {
                    let note = PlacementNote::Reopened {
                        school: school_name(),
                        from,
                    };
                    write(AuditAction::Reopen, r, note).await?;
                }
            }
        }
    }
    Ok(from)
}

/// A month of a school's data, where it counts now.
#[derive(FromQueryResult)]
struct Counted {
    period: Period,
    region_id: RegionId,
    #[sea_orm(nested)]
    figures: Figures,
}

/// Moves a school's data of `from` and later to region `to` in the
/// aggregates, each row's version bumped so that a save based on the old
/// placement is a conflict, not a delta on the wrong region.
async fn move_rows(
    c: &impl ConnectionTrait,
    school: SchoolId,
    to: RegionId,
    from: Period,
) -> ServiceResult<()> {
    let rows = db::rows::<Counted>(
        c,
        &format!(
            "SELECT period, region_id, classes, teachers, students, six_three, broadband, broadband_mbps, \
             multimedia_rooms, teacher_spaces, student_spaces FROM school_monthly \
             WHERE school_id = $1 AND period >= $2{}",
            lock::for_update(c)
        ),
        vec![school.into(), from.into()],
    )
    .await?;
    for row in rows {
        let t = row.figures.totals();
        stats::apply_delta(c, row.region_id, row.period, &(Totals::default() - t)).await?;
        stats::apply_delta(c, to, row.period, &t).await?;
    }
    c.execute(stmt(
        c,
        "UPDATE school_monthly SET region_id = $1, version = version + 1 WHERE school_id = $2 AND period >= $3",
        vec![to.into(), school.into(), from.into()],
    ))
    .await?;
    Ok(())
}

async fn region_name(c: &impl ConnectionTrait, id: RegionId) -> ServiceResult<String> {
    Ok(
        db::value(c, "SELECT name FROM regions WHERE id = $1", vec![id.into()])
            .await?
            .unwrap_or_default(),
    )
}

/// An audit row about a school joining, leaving, changing or closing: no
/// state changes, both state columns read "-".
#[allow(clippy::too_many_arguments)]
async fn audit(
    c: &impl ConnectionTrait,
    actor: &Actor,
    action: AuditAction,
    region: RegionId,
    school: SchoolId,
    period: Period,
    reason: String,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    crate::workflow::audit(
        c,
        crate::workflow::AuditEntry {
            actor: Some(actor),
            region,
            school: Some(school),
            period,
            action,
            from: crate::workflow::NO_STATE,
            to: crate::workflow::NO_STATE,
            reason: Some(&reason),
        },
        now,
    )
    .await
}
