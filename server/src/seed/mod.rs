//! Seeding the national demo into an empty database: the real region tree,
//! ~200,000 generated schools with three months of data, and a reviewer and
//! an admin for every region plus an admin for every school, all sharing
//! one demo password. Separate from the schema migrations on purpose.

pub mod regions;
pub mod schools;

use crate::auth::password::Hasher;
use crate::db::{self, stmt};
use crate::error::{ServiceError, ServiceResult};
use crate::stats;
use app::domain::school::SchoolState;
use app::domain::{Level, Period, ReportState, Role};
use chrono::{DateTime, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sea_orm::sea_query::{Alias, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Value};
use std::time::{Duration, Instant};

/// The fixed seed of the demo (the manual's date, 2016-02-01).
pub const SEED: u64 = 20160201;
/// Printed only in demo mode.
pub const DEMO_PASSWORD: &str = "Jyxx@2026";

#[derive(Debug, Clone)]
pub struct SeedReport {
    pub regions: usize,
    pub schools: usize,
    pub monthly_rows: usize,
    pub users: usize,
    pub periods: Vec<Period>,
    pub elapsed: Duration,
}

/// Demo login names: `r<region code>` reviewer, `a<region code>` admin
/// (`a000000` is the 全国管理员), `s<school code>` school admin.
pub fn reviewer_login(region_code: &str) -> String {
    format!("r{region_code}")
}
pub fn admin_login(region_code: &str) -> String {
    format!("a{region_code}")
}
pub fn school_login(school_code: &str) -> String {
    format!("s{school_code}")
}

pub async fn is_empty(c: &impl ConnectionTrait) -> ServiceResult<bool> {
    let n: i64 = db::value(c, "SELECT COUNT(*) AS n FROM regions", vec![])
        .await?
        .ok_or_else(|| ServiceError::Internal("count".into()))?;
    Ok(n == 0)
}

/// Rows per INSERT: well under SQLite's and PostgreSQL's parameter limits.
fn batch_rows(columns: usize) -> usize {
    30_000 / columns
}

/// Inserts `rows` (values in the order of `columns`) into `table`, many
/// rows to a statement. Returns how many.
async fn insert_rows(
    c: &impl ConnectionTrait,
    table: &str,
    columns: &[&str],
    rows: impl Iterator<Item = Vec<Value>>,
) -> Result<usize, DbErr> {
    let per = batch_rows(columns.len());
    let mut rows = rows.peekable();
    let mut count = 0;
    while rows.peek().is_some() {
        let mut insert = Query::insert();
        insert
            .into_table(Alias::new(table))
            .columns(columns.iter().map(|c| Alias::new(*c)));
        for row in rows.by_ref().take(per) {
            insert
                .values(row.into_iter().map(Into::into))
                .map_err(|e| DbErr::Custom(format!("{table}: {e}")))?;
            count += 1;
        }
        c.execute(c.get_database_backend().build(&insert)).await?;
    }
    Ok(count)
}

struct People(ChaCha8Rng);

impl People {
    const SURNAMES: [&'static str; 20] = [
        "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高",
        "林", "何", "郭", "马", "罗",
    ];
    const GIVEN: [&'static str; 20] = [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
        "明", "超", "秀英", "霞", "平",
    ];
    fn name(&mut self) -> String {
        let s = Self::SURNAMES[self.0.gen_range(0..20)];
        let g = Self::GIVEN[self.0.gen_range(0..20)];
        format!("{s}{g}")
    }
    fn phone(&mut self) -> String {
        format!(
            "1{}{:09}",
            self.0.gen_range(3..=9),
            self.0.gen_range(0..1_000_000_000u32)
        )
    }
}

/// Past months were reviewed and submitted by each region's reviewer on the
/// day before its deadline, 10:00 Beijing time; their deadlines are done.
async fn seed_history(
    txn: &impl ConnectionTrait,
    past: &[Period],
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let windows = app::domain::Windows::default();
    for period in past {
        let at = |level: Level| -> DateTime<Utc> {
            let day = windows
                .of(level)
                .days(*period)
                .1
                .pred_opt()
                .unwrap_or(windows.of(level).days(*period).1);
            let local = day.and_hms_opt(10, 0, 0).unwrap_or_default();
            chrono::TimeZone::from_local_datetime(&app::domain::period::cst(), &local)
                .single()
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or(now)
        };
        let mut v: Vec<Value> = vec![(*period).into(), ReportState::Submitted.into()];
        for level in Level::ALL {
            v.push(level.into());
            v.push(at(level).into());
        }
        v.extend([now.into(), Role::Reviewer.into()]);
        txn.execute(stmt(
            txn,
            "INSERT INTO region_reports (region_id, period, state, version, reporter_name, reporter_phone, \
             submitted_at, submitted_by, updated_at) \
             SELECT r.id, $1, $2, 1, u.name, u.phone, \
             CASE r.level WHEN $3 THEN $4 WHEN $5 THEN $6 WHEN $7 THEN $8 WHEN $9 THEN $10 END, u.id, $11 \
             FROM regions r JOIN users u ON u.region_id = r.id AND u.role = $12",
            v,
        ))
        .await?;
        txn.execute_unprepared(&format!(
            "UPDATE region_reports SET reported_totals = {} WHERE period = {}",
            stats::SNAPSHOT,
            period.key()
        ))
        .await?;
        for level in Level::ALL {
            txn.execute(stmt(
                txn,
                "INSERT INTO deadline_runs (level, period, done_at) VALUES ($1, $2, $3)",
                vec![
                    level.into(),
                    (*period).into(),
                    windows.of(level).closes_at(*period).into(),
                ],
            ))
            .await?;
        }
    }
    Ok(())
}

/// The audit rows of the seeded history, so that the log replays to the
/// seeded states like any other (`check::audit_replay`): each school's
/// 月更新确认 of its confirmed months and each reviewer's 审核上报 of the
/// past months, at the times the history gives them.
async fn seed_audit(
    txn: &impl ConnectionTrait,
    periods: &[Period],
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let windows = app::domain::Windows::default();
    for period in periods {
        // The day before the county deadline for the past, now for the
        // current month.
        let at = if Some(period) == periods.last() {
            now
        } else {
            windows.of(Level::County).closes_at(*period) - chrono::Duration::hours(20)
        };
        txn.execute(stmt(
            txn,
            "INSERT INTO audit_log (at, actor_user_id, actor_name, actor_role, actor_region_id, region_id, \
             school_id, period, action, from_state, to_state, reason, target_name) \
             SELECT $1, u.id, u.name, r.name || '-学校管理员', r.id, m.region_id, m.school_id, m.period, $2, $3, $4, \
             NULL, m.school_name \
             FROM school_monthly m JOIN users u ON u.school_id = m.school_id JOIN regions r ON r.id = m.region_id \
             WHERE m.period = $5 AND m.state = $4",
            vec![
                at.into(),
                app::domain::workflow::AuditAction::Confirm.into(),
                SchoolState::Draft.into(),
                SchoolState::Confirmed.into(),
                (*period).into(),
            ],
        ))
        .await?;
    }
    let mut v: Vec<Value> = Vec::new();
    for level in Level::ALL {
        v.push(level.into());
        v.push(app::i18n::role_name(Role::Reviewer, Some(level), app::i18n::Locale::zh_CN).into());
    }
    v.extend([
        app::domain::workflow::AuditAction::Submit.into(),
        ReportState::Pending.into(),
        ReportState::Submitted.into(),
    ]);
    txn.execute(stmt(
        txn,
        "INSERT INTO audit_log (at, actor_user_id, actor_name, actor_role, actor_region_id, region_id, \
         school_id, period, action, from_state, to_state, reason, target_name) \
         SELECT rr.submitted_at, u.id, u.name, r.name || '-' || \
         CASE r.level WHEN $1 THEN $2 WHEN $3 THEN $4 WHEN $5 THEN $6 WHEN $7 THEN $8 END, \
         r.id, r.id, NULL, rr.period, $9, $10, $11, NULL, r.name \
         FROM region_reports rr JOIN regions r ON r.id = rr.region_id JOIN users u ON u.id = rr.submitted_by \
         WHERE rr.state = $11",
        v,
    ))
    .await?;
    Ok(())
}

/// Seeds everything in one transaction: a crash leaves the database empty,
/// and the next start seeds again.
pub async fn seed_demo(
    db: &DatabaseConnection,
    hasher: &Hasher,
    now: DateTime<Utc>,
    scale: f64,
) -> ServiceResult<SeedReport> {
    let started = Instant::now();
    let tree =
        regions::parse(regions::REGIONS_CSV).map_err(|e| ServiceError::Internal(e.to_string()))?;
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let all_schools = schools::generate(&tree, &mut rng, scale);
    let periods = schools::demo_periods(Period::of(app::domain::cst_date(now)));
    let hash = hasher
        .hash(DEMO_PASSWORD)
        .await?
        .map_err(ServiceError::Internal)?;

    let txn = crate::db::begin_write(db).await?;
    regions::insert(&txn, &tree).await?;
    insert_rows(
        &txn,
        "schools",
        &[
            "id",
            "code",
            "name",
            "school_type",
            "six_three",
            "region_id",
            "closed",
        ],
        all_schools.iter().map(|s| {
            vec![
                s.id.into(),
                s.code.clone().into(),
                s.name.clone().into(),
                s.kind.into(),
                s.six_three.into(),
                s.region_id.into(),
                false.into(),
            ]
        }),
    )
    .await?;
    // Every demo school is listed from the demo's first month on.
    let first = periods
        .first()
        .copied()
        .unwrap_or(Period::of(app::domain::cst_date(now)));
    txn.execute(crate::db::stmt(
        &txn,
        "INSERT INTO school_placements (school_id, from_period, region_id, name, school_type) \
         SELECT id, $1, region_id, name, school_type FROM schools",
        vec![first.into()],
    ))
    .await?;

    let mut monthly_rows = 0;
    let current = *periods
        .last()
        .unwrap_or(&Period::of(app::domain::cst_date(now)));
    for (step, period) in periods.iter().enumerate() {
        let mut month_rng = ChaCha8Rng::seed_from_u64(SEED ^ period.key() as u64);
        let rows: Vec<Vec<Value>> = all_schools
            .iter()
            .map(|s| {
                let m = s.monthly(step as u32, &mut month_rng);
                // Past months are confirmed; in the current month about one
                // school in ten has not confirmed yet.
                let state = if *period < current || month_rng.gen_bool(0.9) {
                    SchoolState::Confirmed
                } else {
                    SchoolState::Draft
                };
                vec![
                    s.id.into(),
                    period.key().into(),
                    m.classes.into(),
                    m.teachers.into(),
                    m.students.into(),
                    m.six_three.into(),
                    m.broadband.into(),
                    m.mbps.into(),
                    m.multimedia_rooms.into(),
                    m.teacher_spaces.into(),
                    m.student_spaces.into(),
                    state.into(),
                    1i32.into(),
                    now.into(),
                    s.region_id.into(),
                    s.name.clone().into(),
                    s.kind.into(),
                ]
            })
            .collect();
        monthly_rows += insert_rows(
            &txn,
            "school_monthly",
            &[
                "school_id",
                "period",
                "classes",
                "teachers",
                "students",
                "six_three",
                "broadband",
                "broadband_mbps",
                "multimedia_rooms",
                "teacher_spaces",
                "student_spaces",
                "state",
                "version",
                "updated_at",
                "region_id",
                "school_name",
                "school_type",
            ],
            rows.into_iter(),
        )
        .await?;
    }

    let mut people = People(ChaCha8Rng::seed_from_u64(SEED + 1));
    let mut users: Vec<Vec<Value>> = Vec::with_capacity(tree.len() * 2 + all_schools.len());
    let user_row = |username: String,
                    role: Role,
                    region: Option<i32>,
                    school: Option<i32>,
                    name: String,
                    phone: String| {
        vec![
            username.clone().into(),
            hash.clone().into(),
            role.into(),
            region.into(),
            school.into(),
            name.into(),
            phone.into(),
            Some(format!("{username}@jyxx.example")).into(),
            false.into(),
            now.into(),
        ]
    };
    for r in &tree {
        let admin_role = if r.level == Level::National {
            Role::NationalAdmin
        } else {
            Role::RegionAdmin
        };
        users.push(user_row(
            reviewer_login(&r.code),
            Role::Reviewer,
            Some(r.id),
            None,
            people.name(),
            people.phone(),
        ));
        users.push(user_row(
            admin_login(&r.code),
            admin_role,
            Some(r.id),
            None,
            people.name(),
            people.phone(),
        ));
    }
    for s in &all_schools {
        users.push(user_row(
            school_login(&s.code),
            Role::SchoolAdmin,
            None,
            Some(s.id),
            people.name(),
            people.phone(),
        ));
    }
    let user_count = insert_rows(
        &txn,
        "users",
        &[
            "username",
            "password_hash",
            "role",
            "region_id",
            "school_id",
            "name",
            "phone",
            "email",
            "disabled",
            "created_at",
        ],
        users.into_iter(),
    )
    .await?;

    stats::rebuild_all(&txn).await?;
    seed_history(&txn, &periods[..periods.len().saturating_sub(1)], now).await?;
    seed_audit(&txn, &periods, now).await?;
    crate::workflow::levels::rebuild(&txn).await?;
    txn.commit().await?;
    Ok(SeedReport {
        regions: tree.len(),
        schools: all_schools.len(),
        monthly_rows,
        users: user_count,
        periods,
        elapsed: started.elapsed(),
    })
}
