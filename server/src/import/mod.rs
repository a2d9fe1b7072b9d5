//! Importing schools and accounts from CSV (UTF-8 or GBK, as Excel saves
//! it in China) or XLSX: the file is read into rows, every row is checked
//! with the domain rules and against the database (scope, taken codes,
//! duplicates inside the file), and a preview with each broken row goes back.
//! Nothing is written until 确认导入, which checks every row again inside one
//! transaction: all rows are imported or none.

use crate::admin::{self, insert_school, insert_user, placement};
use crate::auth::session::new_token;
use crate::backend::ServerBackend;
use crate::db::{self, stmt};
use crate::error::{ServiceError, ServiceResult};
use crate::import::read::normalize;
use crate::import::rows::check_rows;
use crate::import::rows::school_of;
use crate::import::rows::user_of;
use crate::reset::{issue_link, Link, LinkMail};
use app::admin::model::{ImportKind, ImportPreview, ImportProgress, ImportState};
use app::backend::Actor;
use app::domain::RegionId;
use app::error::AppError;
use app::message::ImportIssue;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};
use std::collections::HashMap;
use std::sync::Arc;

mod read;
mod rows;

pub use read::{
    package, read_table, unpacks_within, Package, MAX_ATTRIBUTE, MAX_BYTES, MAX_CELL, MAX_COLUMNS,
    MAX_FORMATS, MAX_LINE_FIELDS, MAX_PART_NAME, MAX_ROWS, MAX_SHARED_STRINGS, MAX_SHEETS,
    MAX_TEXT, MAX_UNPACKED,
};

/// How many rows the preview shows.
pub const SAMPLE_ROWS: usize = 20;

/// How many broken rows the preview lists (the count is always complete).
pub const MAX_ERRORS: usize = 200;

pub use crate::backend::RunningImports as Running;

/// Files read at once on this instance.
static PARSING: std::sync::LazyLock<Arc<tokio::sync::Semaphore>> =
    std::sync::LazyLock::new(|| Arc::new(tokio::sync::Semaphore::new(1)));

/// Reads and checks an uploaded file; keeps its rows for 确认导入 (one
/// hour) and answers the preview.
pub async fn preview(
    b: &ServerBackend,
    actor: &Actor,
    kind: ImportKind,
    bytes: &[u8],
    file_name: &str,
) -> ServiceResult<ImportPreview> {
    if !app::domain::admin::administers(actor.role) {
        return Err(AppError::NotFound.into());
    }
    let now = b.clock.now();
    let rows = {
        // Reading a workbook is CPU work: off the async workers (so other
        // requests keep being served), one file at a time per instance.
        // The turn goes with the reading itself: a client that hangs up
        // does not free it while its file is still being read.
        let turn = PARSING
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        let (bytes, name) = (bytes.to_vec(), file_name.to_string());
        let (rows, turn) = tokio::task::spawn_blocking(move || {
            (
                read_table(&bytes, &name).and_then(|t| normalize(kind, t)),
                turn,
            )
        })
        .await
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
        (rows?, turn)
    };
    // The turn is kept until the preview is stored: checking 50,000 rows
    // against the database costs more than reading them.
    let (rows, _turn) = rows;
    let errors = check_rows(&b.db, actor, kind, &rows).await?;
    let id = new_token();
    b.db.execute(stmt(
        &b.db,
        "DELETE FROM import_jobs WHERE created_at < $1",
        vec![(now - Duration::days(1)).into()],
    ))
    .await?;
    // A new preview replaces the user's previous one of the same kind: one
    // file waits for 确认导入 per user and kind, not one per upload.
    b.db.execute(stmt(
        &b.db,
        "DELETE FROM import_jobs WHERE user_id = $1 AND kind = $2 AND state = $3",
        vec![actor.user_id.into(), kind.code().into(), PREVIEWED.into()],
    ))
    .await?;
    b.db.execute(stmt(
        &b.db,
        "INSERT INTO import_jobs (id, kind, user_id, created_at, payload, total, state) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        vec![
            id.clone().into(),
            kind.code().into(),
            actor.user_id.into(),
            now.into(),
            serde_json::to_string(&rows)
                .map_err(|e| ServiceError::Internal(e.to_string()))?
                .into(),
            (rows.len() as i32).into(),
            0i16.into(),
        ],
    ))
    .await?;
    Ok(ImportPreview {
        id,
        kind,
        total: rows.len(),
        columns: kind.columns().iter().map(|c| c.to_string()).collect(),
        sample: rows
            .iter()
            .take(SAMPLE_ROWS)
            .map(|(_, c)| c.clone())
            .collect(),
        errors: errors.into_iter().take(MAX_ERRORS).collect(),
    })
}

pub(super) const PREVIEWED: i16 = 0;

pub(super) const RUNNING: i16 = 1;

pub(super) const DONE: i16 = 2;

pub(super) const FAILED: i16 = 3;

pub(super) struct Job {
    kind: ImportKind,
    rows: Vec<(usize, Vec<String>)>,
}

/// Claims a previewed job of the actor for running: only once. `None`
/// when it was claimed already — a 确认导入 sent again after its answer was
/// lost, which must not import twice: its progress is the first one's.
pub(super) async fn claim(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: &str,
    now: DateTime<Utc>,
) -> ServiceResult<Option<Job>> {
    #[derive(FromQueryResult)]
    struct Previewed {
        kind: i16,
        payload: String,
    }
    let job = db::row::<Previewed>(
        db,
        "SELECT kind, payload FROM import_jobs WHERE id = $1 AND user_id = $2 AND created_at > $3",
        vec![
            id.into(),
            actor.user_id.into(),
            (now - Duration::hours(1)).into(),
        ],
    )
    .await?
    .ok_or_else(|| AppError::Refused(ImportIssue::PreviewExpired.into()))?;
    let claimed = db
        .execute(stmt(
            db,
            "UPDATE import_jobs SET state = $1 WHERE id = $2 AND state = $3",
            vec![RUNNING.into(), id.into(), PREVIEWED.into()],
        ))
        .await?;
    if claimed.rows_affected() != 1 {
        return Ok(None);
    }
    // `ImportKind` lives in the shared model, without a SQL reading of
    // its own: its code is parsed here.
    Ok(Some(Job {
        kind: ImportKind::from_code(job.kind)
            .ok_or_else(|| ServiceError::Internal(format!("bad import kind {}", job.kind)))?,
        rows: serde_json::from_str(&job.payload)
            .map_err(|e| ServiceError::Internal(e.to_string()))?,
    }))
}

/// What a running import needs, owned: it outlives the request.
pub(super) struct Ctx {
    db: sea_orm::DatabaseConnection,
    mailer: crate::mail::Mailer,
    public_url: String,
    imports: Running,
    now: DateTime<Utc>,
}

impl Ctx {
    fn set_done(&self, id: &str, done: usize) {
        if let Some(n) = self
            .imports
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get_mut(id)
        {
            *n = done;
        }
    }
}

/// 确认导入: starts the import of a previewed file in the background and
/// returns at once; `progress` follows it.
pub async fn commit(b: &ServerBackend, actor: Actor, id: String) -> ServiceResult<()> {
    let Some(job) = claim(&b.db, &actor, &id, b.clock.now()).await? else {
        return Ok(());
    };
    b.imports
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(id.clone(), 0);
    let ctx = Ctx {
        db: b.db.clone(),
        mailer: b.mailer.clone(),
        public_url: b.public_url.clone(),
        imports: b.imports.clone(),
        now: b.clock.now(),
    };
    tokio::spawn(async move {
        let outcome = run(&ctx, &actor, &id, job).await;
        // The failure is kept as a value (its JSON): whoever follows the
        // progress reads it in their own language.
        let (state, message) = match outcome {
            Ok(()) => (DONE, None),
            Err(e) => (FAILED, serde_json::to_string(&AppError::from(e)).ok()),
        };
        if let Err(e) = ctx
            .db
            .execute(stmt(
                &ctx.db,
                "UPDATE import_jobs SET state = $1, message = $2 WHERE id = $3",
                vec![state.into(), message.into(), id.clone().into()],
            ))
            .await
        {
            tracing::error!(error = %e, "import state not saved");
        }
        ctx.imports
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&id);
    });
    Ok(())
}

/// The import itself: the rows are checked again (the database may have
/// changed since the preview) and written in one transaction.
pub(super) async fn run(ctx: &Ctx, actor: &Actor, id: &str, job: Job) -> ServiceResult<()> {
    let now = ctx.now;
    let txn = crate::db::begin_write(&ctx.db).await?;
    let errors = check_rows(&txn, actor, job.kind, &job.rows).await?;
    if let Some(first) = errors.first() {
        // Broken at the preview already, or made so since by another change.
        return Err(AppError::Refused(
            ImportIssue::NothingImported {
                row: first.row,
                reason: Box::new(first.reason.clone()),
            }
            .into(),
        )
        .into());
    }
    let mut mails = Vec::new();
    // From which month each region's new schools are listed: the same for
    // every row of a region within this one transaction.
    let mut listed_from: HashMap<RegionId, app::domain::Period> = HashMap::new();
    for (done, (_, cells)) in job.rows.iter().enumerate() {
        match job.kind {
            ImportKind::Schools => {
                let s = school_of(cells).map_err(AppError::Invalid)?;
                let region = crate::scope::admin_region(
                    &txn,
                    actor,
                    Some(&crate::scope::region_code(&s.region_code)?),
                )
                .await?;
                let id = insert_school(&txn, &s, region.id).await?;
                let known = listed_from.get(&region.id).copied();
                let from = crate::placement::apply(
                    &txn,
                    actor,
                    id,
                    crate::placement::SchoolChange::Create,
                    known,
                    now,
                )
                .await?;
                listed_from.insert(region.id, from);
            }
            ImportKind::Users => {
                let u = user_of(cells).map_err(AppError::Invalid)?;
                let (region, school) = placement(&txn, actor, &u).await?;
                let uid = insert_user(&txn, &u, region, school, now).await?;
                mails.push(
                    issue_link(
                        &txn,
                        &ctx.mailer,
                        &ctx.public_url,
                        Link {
                            user_id: uid,
                            email: &u.email.to_lowercase(),
                            username: &u.username,
                            minutes: admin::WELCOME_LINK_MINUTES,
                            mail: LinkMail::Welcome,
                        },
                        now,
                    )
                    .await?,
                );
            }
        }
        if done % 50 == 49 {
            ctx.set_done(id, done + 1);
        }
    }
    ctx.set_done(id, job.rows.len());
    admin::log(
        &txn,
        actor,
        "import",
        job.kind.slug(),
        format!("{} 行", job.rows.len()),
        now,
    )
    .await?;
    txn.commit().await?;
    for m in mails {
        m.send();
    }
    Ok(())
}

/// Where an import of the actor stands.
pub async fn progress(b: &ServerBackend, actor: &Actor, id: &str) -> ServiceResult<ImportProgress> {
    #[derive(FromQueryResult)]
    struct Stand {
        total: i32,
        state: i16,
        message: Option<String>,
    }
    let job = db::row::<Stand>(
        &b.db,
        "SELECT total, state, message FROM import_jobs WHERE id = $1 AND user_id = $2",
        vec![id.into(), actor.user_id.into()],
    )
    .await?
    .ok_or(AppError::NotFound)?;
    let total = usize::try_from(job.total).map_err(|e| ServiceError::Internal(e.to_string()))?;
    let running = b
        .imports
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(id)
        .copied();
    let state = match job.state {
        PREVIEWED => ImportState::Previewed,
        DONE => ImportState::Done,
        FAILED => ImportState::Failed(failure(job.message.as_deref())),
        // Running here, or on another instance (no count known there).
        _ => ImportState::Running {
            done: running.unwrap_or(0),
        },
    };
    Ok(ImportProgress { total, state })
}

/// A failed job's stored failure: an `AppError` as JSON. A job failed by
/// an earlier version holds a sentence instead (or nothing); it reads as
/// a failure without its detail, which the page says in the reader's
/// language like any other.
fn failure(stored: Option<&str>) -> AppError {
    stored
        .and_then(|m| serde_json::from_str(m).ok())
        .unwrap_or_else(|| AppError::Refused(ImportIssue::Failed.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_failure_reads_back_typed_and_an_old_sentence_reads_as_failed() {
        let e = AppError::Refused(
            ImportIssue::NothingImported {
                row: 3,
                reason: Box::new(
                    ImportIssue::DuplicateUsername {
                        username: "u".into(),
                    }
                    .into(),
                ),
            }
            .into(),
        );
        let stored = serde_json::to_string(&e).unwrap();
        assert_eq!(failure(Some(&stored)), e);
        let internal = AppError::Internal("ab12".into());
        assert_eq!(
            failure(Some(&serde_json::to_string(&internal).unwrap())),
            internal
        );
        let failed = AppError::Refused(ImportIssue::Failed.into());
        assert_eq!(
            failure(Some("未导入任何数据：第 3 行：用户名 u 在文件中重复")),
            failed
        );
        assert_eq!(failure(None), failed);
    }
}
