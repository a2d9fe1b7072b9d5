//! 截止前提醒 (SPEC §6): a few days (a setting) before each level's
//! deadline, every region of that level that has not reported the month yet
//! gets a notice for its reviewers, from 系统. Runs with the deadline job;
//! the `reminders` row written in the same transaction makes it once per
//! region and period, across runs and instances. The notice is stored as
//! values (`notice::stored`): each reviewer reads it in their own language.

use crate::db::{self, numbered, stmt};
use crate::error::ServiceResult;
use crate::notice::levels_text;
use crate::notice::stored::{system_columns, SYSTEM_AUTHOR};
use crate::settings;
use app::domain::workflow::ReportState;
use app::domain::{cst_date, Level, Period};
use app::i18n::Locale;
use app::notice::model::SystemNotice;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, FromQueryResult, Value};

/// Sends the reminders due at `now`; returns how many went out.
pub async fn run(db: &DatabaseConnection, now: DateTime<Utc>) -> ServiceResult<usize> {
    let days = settings::reminder_days(db).await?;
    let windows = settings::windows(db).await?;
    let today = cst_date(now);
    let mut sent = 0;
    for level in Level::ALL {
        let window = windows.of(level);
        let Some(period) = window.reminder_due(today, days) else {
            continue;
        };
        let last = window.days(period).1;
        sent += remind_level(db, level, period, last, now).await?;
    }
    Ok(sent)
}

async fn remind_level(
    db: &DatabaseConnection,
    level: Level,
    period: Period,
    last: chrono::NaiveDate,
    now: DateTime<Utc>,
) -> ServiceResult<usize> {
    let txn = crate::db::begin_write(db).await?;
    // Not yet reported, as the domain says (a missing row reads as pending).
    let unreported: Vec<Value> = ReportState::ALL
        .into_iter()
        .filter(|s| !s.is_reported())
        .map(Value::from)
        .collect();
    #[derive(FromQueryResult)]
    struct Waiting {
        id: i32,
        name: String,
    }
    let sql = format!(
        "SELECT r.id, r.name FROM regions r \
         LEFT JOIN region_reports rr ON rr.region_id = r.id AND rr.period = $1 \
         LEFT JOIN reminders m ON m.region_id = r.id AND m.period = $1 \
         WHERE r.level = $2 AND m.region_id IS NULL \
         AND (rr.state IS NULL OR rr.state IN ({})) ORDER BY r.id",
        numbered(3, unreported.len())
    );
    let mut values = vec![period.into(), level.into()];
    values.extend(unreported);
    let mut sent = 0;
    for Waiting { id: region, name } in db::rows::<Waiting>(&txn, &sql, values).await? {
        let marked = txn
            .execute(stmt(
                &txn,
                "INSERT INTO reminders (region_id, period) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                vec![region.into(), period.into()],
            ))
            .await?;
        if marked.rows_affected() != 1 {
            continue;
        }
        let notice = SystemNotice::Reminder {
            region: name,
            level,
            period,
            deadline: last,
        };
        let (kind, params) = system_columns(&notice)?;
        // Read as values; the zh-CN text too, so the row reads whole in
        // SQL (`html::text_of` would find no markup in it but the `<p>`).
        let title = notice.title(Locale::zh_CN);
        let content = format!(
            "<p>{}</p>",
            crate::notice::escape(&notice.body(Locale::zh_CN))
        );
        // Authored "at" the region itself, for its own level only: the
        // recipient rule then reaches exactly the region's reviewers.
        txn.execute(stmt(
            &txn,
            "INSERT INTO notices (title, content_html, author_user_id, author_label, author_region_id, author_level, \
             scope_levels, scope_direct_schools, pinned, created_at, system_kind, system_params) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            vec![
                title.into(),
                content.into(),
                SYSTEM_AUTHOR.into(),
                "系统".into(),
                region.into(),
                level.into(),
                levels_text(&[level]).into(),
                false.into(),
                false.into(),
                now.into(),
                kind.into(),
                params.into(),
            ],
        ))
        .await?;
        sent += 1;
    }
    txn.commit().await?;
    Ok(sent)
}
