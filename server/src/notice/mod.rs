//! 通知通告 on the database. Who may read a notice is decided inside the
//! query (the same rule as `app::domain::notice::reaches`), so a notice
//! outside the reader's scope does not exist for it. Content is sanitized
//! here, on the server, with ammonia: no script, no event handlers, only
//! http(s) and mailto links.

mod backend;
mod html;

pub use html::{sanitize, text_of};

use crate::db::stmt;
use crate::error::ServiceResult;
use crate::notice::html::excerpt;
use crate::report::format_cst;
use app::backend::Actor;
use app::domain::notice::{check_new, may_pin, may_publish, NoticeScope};
use app::domain::{Level, Role};
use app::error::AppError;
use app::notice::model::{Attachment, NewNotice, NoticeDetail, NoticeSummary};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, QueryResult, Value};

pub(crate) fn levels_text(levels: &[Level]) -> String {
    let mut codes: Vec<i16> = levels.iter().map(|l| l.code()).collect();
    codes.sort_unstable();
    codes.dedup();
    format!(
        ",{},",
        codes
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(",")
    )
}

pub(super) fn levels_from(text: &str) -> Vec<Level> {
    text.split(',')
        .filter_map(|c| c.parse::<i16>().ok())
        .filter_map(Level::from_code)
        .collect()
}

/// The WHERE clause that lets the actor see a notice, with its values.
pub(super) fn visible(actor: &Actor) -> (String, Vec<Value>) {
    let reviewer = matches!(actor.role, Role::Reviewer | Role::NationalAdmin);
    let school = actor.role == Role::SchoolAdmin;
    let sql = "(n.author_user_id = ? \
         OR (? AND n.author_level <= ? AND n.scope_levels LIKE ? \
             AND EXISTS (SELECT 1 FROM region_closure c WHERE c.ancestor_id = n.author_region_id AND c.descendant_id = ?)) \
         OR (? AND n.scope_direct_schools = ? AND n.author_region_id = ?))"
        .to_string();
    let level = actor.region_level.code();
    (
        sql,
        vec![
            actor.user_id.into(),
            reviewer.into(),
            level.into(),
            format!("%,{level},%").into(),
            actor.region_id.into(),
            school.into(),
            true.into(),
            actor.region_id.into(),
        ],
    )
}

pub(super) fn summary(row: &QueryResult) -> ServiceResult<NoticeSummary> {
    let at: DateTime<Utc> = row.try_get("", "created_at")?;
    let html: String = row.try_get("", "content_html")?;
    Ok(NoticeSummary {
        id: row.try_get("", "id")?,
        title: row.try_get("", "title")?,
        excerpt: excerpt(&html),
        author: row.try_get("", "author_label")?,
        created_at: format_cst(at),
        pinned: row.try_get("", "pinned")?,
        unread: row.try_get::<Option<i32>>("", "read_by")?.is_none(),
    })
}

pub async fn list(db: &impl ConnectionTrait, actor: &Actor) -> ServiceResult<Vec<NoticeSummary>> {
    let (cond, mut v) = visible(actor);
    let mut values: Vec<Value> = vec![actor.user_id.into()];
    values.append(&mut v);
    let rows = db
        .query_all(stmt(
            db,
            &format!(
                "SELECT n.id, n.title, n.content_html, n.author_label, n.created_at, n.pinned, r.user_id AS read_by \
                 FROM notices n LEFT JOIN notice_reads r ON r.notice_id = n.id AND r.user_id = ? \
                 WHERE {cond} ORDER BY n.pinned DESC, n.created_at DESC, n.id DESC LIMIT 500"
            ),
            values,
        ))
        .await?;
    rows.iter().map(summary).collect()
}

pub async fn unread_count(db: &impl ConnectionTrait, actor: &Actor) -> ServiceResult<i64> {
    let (cond, mut v) = visible(actor);
    let mut values: Vec<Value> = vec![actor.user_id.into()];
    values.append(&mut v);
    let row = db
        .query_one(stmt(
            db,
            &format!(
                "SELECT COUNT(*) AS n FROM notices n LEFT JOIN notice_reads r ON r.notice_id = n.id AND r.user_id = ? \
                 WHERE r.user_id IS NULL AND {cond}"
            ),
            values,
        ))
        .await?;
    Ok(row
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0))
}

/// One notice, if the actor may read it; marks it read.
pub async fn detail(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: i32,
    now: DateTime<Utc>,
) -> ServiceResult<NoticeDetail> {
    let (cond, mut v) = visible(actor);
    let mut values: Vec<Value> = vec![id.into()];
    values.append(&mut v);
    let row = db
        .query_one(stmt(
            db,
            &format!(
                "SELECT n.id, n.title, n.content_html, n.author_label, n.author_user_id, n.created_at, n.pinned, \
                 n.scope_levels, n.scope_direct_schools FROM notices n WHERE n.id = ? AND {cond}"
            ),
            values,
        ))
        .await?
        .ok_or(AppError::NotFound)?;
    db.execute(stmt(
        db,
        "INSERT INTO notice_reads (notice_id, user_id, read_at) VALUES (?, ?, ?) ON CONFLICT (notice_id, user_id) DO NOTHING",
        vec![id.into(), actor.user_id.into(), now.into()],
    ))
    .await?;
    let at: DateTime<Utc> = row.try_get("", "created_at")?;
    let author: i32 = row.try_get("", "author_user_id")?;
    let scope = NoticeScope {
        levels: levels_from(&row.try_get::<String>("", "scope_levels")?),
        direct_schools: row.try_get("", "scope_direct_schools")?,
    };
    let attachments = db
        .query_all(stmt(
            db,
            "SELECT id, original_name, size FROM notice_attachments WHERE notice_id = ? ORDER BY id",
            vec![id.into()],
        ))
        .await?
        .iter()
        .map(|r| {
            Ok(Attachment {
                id: r.try_get("", "id")?,
                name: r.try_get("", "original_name")?,
                size: r.try_get("", "size")?,
            })
        })
        .collect::<ServiceResult<Vec<_>>>()?;
    Ok(NoticeDetail {
        attachments,
        id,
        title: row.try_get("", "title")?,
        content_html: row.try_get("", "content_html")?,
        author: row.try_get("", "author_label")?,
        created_at: format_cst(at),
        pinned: row.try_get("", "pinned")?,
        scope: scope.describe(),
        can_pin: may_pin(actor.role, author == actor.user_id),
    })
}

/// 创建 a notice; a repeat of the same request (its key) answers the
/// first notice's id and creates nothing.
pub async fn create(
    conn: &sea_orm::DatabaseConnection,
    actor: &Actor,
    new: NewNotice,
    now: DateTime<Utc>,
) -> ServiceResult<i32> {
    if !may_publish(actor.role) {
        return Err(AppError::Refused("只有审核员和全国管理员可以发布通知".into()).into());
    }
    let content = sanitize(&new.content_html);
    let scope = NoticeScope {
        levels: new.levels.clone(),
        direct_schools: new.direct_schools,
    };
    check_new(
        &new.title,
        &scope,
        text_of(&content).chars().count(),
        content.len(),
        actor.region_level,
    )
    .map_err(|e| AppError::Invalid(e.to_string()))?;
    let label = format!(
        "{}-{}",
        actor.region_name,
        actor.role.label(Some(actor.region_level))
    );
    let txn = crate::db::begin_write(conn).await?;
    let db = &txn;
    let key = new.request_key.as_ref();
    if let Some(first) = crate::request_key::claim(
        db,
        actor,
        "create_notice",
        key,
        &(
            &new.title,
            &new.levels,
            new.direct_schools,
            &new.content_html,
            new.pinned,
        ),
        now,
    )
    .await?
    {
        return first
            .parse()
            .map_err(|_| crate::error::ServiceError::Internal("stored notice id".into()));
    }
    let row = db
        .query_one(stmt(
            db,
            "INSERT INTO notices (title, content_html, author_user_id, author_label, author_region_id, author_level, \
             scope_levels, scope_direct_schools, pinned, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            vec![
                new.title.trim().to_string().into(),
                content.into(),
                actor.user_id.into(),
                label.into(),
                actor.region_id.into(),
                actor.region_level.code().into(),
                levels_text(&scope.levels).into(),
                scope.direct_schools.into(),
                (new.pinned && may_pin(actor.role, true)).into(),
                now.into(),
            ],
        ))
        .await?
        .ok_or_else(|| crate::error::ServiceError::Internal("insert returned nothing".into()))?;
    let id: i32 = row.try_get("", "id")?;
    crate::request_key::record(db, actor, key, &id.to_string()).await?;
    txn.commit().await?;
    Ok(id)
}

/// Whether the actor may read notice `id` (the recipient rule).
pub async fn readable(db: &impl ConnectionTrait, actor: &Actor, id: i32) -> ServiceResult<bool> {
    let (cond, mut v) = visible(actor);
    let mut values: Vec<Value> = vec![id.into()];
    values.append(&mut v);
    Ok(db
        .query_one(stmt(
            db,
            &format!("SELECT n.id FROM notices n WHERE n.id = ? AND {cond}"),
            values,
        ))
        .await?
        .is_some())
}

/// The author of notice `id`, if it exists.
pub async fn author_of(db: &impl ConnectionTrait, id: i32) -> ServiceResult<Option<i32>> {
    Ok(db
        .query_one(stmt(
            db,
            "SELECT author_user_id FROM notices WHERE id = ?",
            vec![id.into()],
        ))
        .await?
        .map(|r| r.try_get::<i32>("", "author_user_id"))
        .transpose()?)
}

pub const MAX_ATTACHMENTS: i64 = 10;

pub async fn set_pinned(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: i32,
    pinned: bool,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let d = detail(db, actor, id, now).await?;
    if !d.can_pin {
        return Err(AppError::Refused("只有全国管理员和发布者可以置顶".into()).into());
    }
    db.execute(stmt(
        db,
        "UPDATE notices SET pinned = ? WHERE id = ?",
        vec![pinned.into(), id.into()],
    ))
    .await?;
    Ok(())
}
