//! 通知通告 on the database. Who may read a notice is decided inside the
//! query (the same rule as `app::domain::notice::reaches`), so a notice
//! outside the reader's scope does not exist for it. Content is sanitized
//! here, on the server, with ammonia: no script, no event handlers, only
//! http(s) and mailto links.

mod backend;
mod html;
pub mod stored;

pub use html::{escape, sanitize, text_of};

use crate::db::{self, stmt};
use crate::error::ServiceResult;
use crate::notice::html::excerpt;
use app::backend::Actor;
use app::domain::notice::{check_new, may_pin, may_publish, NoticeScope};
use app::domain::NoticeId;
use app::domain::UserId;
use app::domain::{Level, Role};
use app::error::AppError;
use app::message::ServiceIssue;
use app::notice::model::{
    Attachment, NewNotice, NoticeDetail, NoticeSummary, NoticeText, SummaryText,
};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult, Value};

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

/// The condition that lets a reader see notice `n`. `$1`…`$7` of the
/// statement are the reader's values (`reader`); a statement's own values
/// come after them.
const VISIBLE: &str = "(n.author_user_id = $1 \
     OR ($2 AND n.author_level <= $3 AND n.scope_levels LIKE $4 \
         AND EXISTS (SELECT 1 FROM region_closure c WHERE c.ancestor_id = n.author_region_id AND c.descendant_id = $5)) \
     OR ($6 AND n.scope_direct_schools = $7 AND n.author_region_id = $5))";

/// The values of `VISIBLE` for the actor. `$1` is its user id, which the
/// statements' joins on `notice_reads` use too.
fn reader(actor: &Actor) -> Vec<Value> {
    let reviewer = matches!(actor.role, Role::Reviewer | Role::NationalAdmin);
    let school = actor.role == Role::SchoolAdmin;
    let level = actor.region_level;
    vec![
        actor.user_id.into(),
        reviewer.into(),
        level.into(),
        format!("%,{},%", level.code()).into(),
        actor.region_id.into(),
        school.into(),
        true.into(),
    ]
}

/// What a notice's row says and who wrote it: `TEXT_COLUMNS` read.
#[derive(FromQueryResult)]
struct Said {
    title: String,
    content_html: String,
    system_kind: Option<String>,
    system_params: Option<String>,
    author_user_id: UserId,
    author_label: String,
    author_role: Option<Role>,
    author_level: Level,
    author_region_name: Option<String>,
}

/// The columns `Said` reads (of `notices n`).
const TEXT_COLUMNS: &str = "n.title, n.content_html, n.system_kind, n.system_params, \
     n.author_user_id, n.author_label, n.author_role, n.author_level, n.author_region_name";

impl Said {
    fn author(&self) -> app::notice::model::Author {
        stored::author(
            self.author_user_id,
            self.author_role,
            self.author_level,
            self.author_region_name.clone(),
            self.author_label.clone(),
        )
    }

    fn system(&self) -> ServiceResult<Option<app::notice::model::SystemNotice>> {
        stored::system_notice(self.system_kind.as_deref(), self.system_params.as_deref())
    }
}

/// A notice of a list, and whether the reader has read it.
#[derive(FromQueryResult)]
struct Listed {
    id: NoticeId,
    #[sea_orm(nested)]
    said: Said,
    created_at: DateTime<Utc>,
    pinned: bool,
    read_by: Option<UserId>,
}

impl TryFrom<Listed> for NoticeSummary {
    type Error = crate::error::ServiceError;

    fn try_from(n: Listed) -> ServiceResult<NoticeSummary> {
        let text = match n.said.system()? {
            Some(s) => SummaryText::System(s),
            None => SummaryText::Written {
                excerpt: excerpt(&n.said.content_html),
                title: n.said.title.clone(),
            },
        };
        Ok(NoticeSummary {
            id: n.id,
            text,
            author: n.said.author(),
            created_at: n.created_at,
            pinned: n.pinned,
            unread: n.read_by.is_none(),
        })
    }
}

pub async fn list(db: &impl ConnectionTrait, actor: &Actor) -> ServiceResult<Vec<NoticeSummary>> {
    let rows = db::rows::<Listed>(
        db,
        &format!(
            "SELECT n.id, {TEXT_COLUMNS}, n.created_at, n.pinned, r.user_id AS read_by \
             FROM notices n LEFT JOIN notice_reads r ON r.notice_id = n.id AND r.user_id = $1 \
             WHERE {VISIBLE} ORDER BY n.pinned DESC, n.created_at DESC, n.id DESC LIMIT 500"
        ),
        reader(actor),
    )
    .await?;
    rows.into_iter().map(NoticeSummary::try_from).collect()
}

pub async fn unread_count(db: &impl ConnectionTrait, actor: &Actor) -> ServiceResult<i64> {
    Ok(db::value::<i64>(
        db,
        &format!(
            "SELECT COUNT(*) AS n FROM notices n LEFT JOIN notice_reads r ON r.notice_id = n.id AND r.user_id = $1 \
             WHERE r.user_id IS NULL AND {VISIBLE}"
        ),
        reader(actor),
    )
    .await?
    .unwrap_or(0))
}

/// A notice as its page shows it.
#[derive(FromQueryResult)]
struct Shown {
    #[sea_orm(nested)]
    said: Said,
    created_at: DateTime<Utc>,
    pinned: bool,
    scope_levels: String,
    scope_direct_schools: bool,
}

/// An attachment of a notice.
#[derive(FromQueryResult)]
struct Attached {
    id: i32,
    original_name: String,
    size: i64,
}

/// One notice, if the actor may read it; marks it read.
pub async fn detail(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: NoticeId,
    now: DateTime<Utc>,
) -> ServiceResult<NoticeDetail> {
    let mut values = reader(actor);
    values.push(id.into());
    let n = db::row::<Shown>(
        db,
        &format!(
            "SELECT {TEXT_COLUMNS}, n.created_at, n.pinned, \
             n.scope_levels, n.scope_direct_schools FROM notices n WHERE n.id = $8 AND {VISIBLE}"
        ),
        values,
    )
    .await?
    .ok_or(AppError::NotFound)?;
    db.execute(stmt(
        db,
        "INSERT INTO notice_reads (notice_id, user_id, read_at) VALUES ($1, $2, $3) \
         ON CONFLICT (notice_id, user_id) DO NOTHING",
        vec![id.into(), actor.user_id.into(), now.into()],
    ))
    .await?;
    let scope = NoticeScope {
        levels: levels_from(&n.scope_levels),
        direct_schools: n.scope_direct_schools,
    };
    let attachments = db::rows::<Attached>(
        db,
        "SELECT id, original_name, size FROM notice_attachments WHERE notice_id = $1 ORDER BY id",
        vec![id.into()],
    )
    .await?
    .into_iter()
    .map(|a| Attachment {
        id: a.id,
        name: a.original_name,
        size: a.size,
    })
    .collect();
    let text = match n.said.system()? {
        Some(s) => NoticeText::System(s),
        None => NoticeText::Written {
            title: n.said.title.clone(),
            content_html: n.said.content_html.clone(),
        },
    };
    Ok(NoticeDetail {
        attachments,
        id,
        text,
        author: n.said.author(),
        created_at: n.created_at,
        pinned: n.pinned,
        scope,
        can_pin: may_pin(actor.role, n.said.author_user_id == actor.user_id),
    })
}

/// 创建 a notice; a repeat of the same request (its key) answers the
/// first notice's id and creates nothing.
pub async fn create(
    conn: &sea_orm::DatabaseConnection,
    actor: &Actor,
    new: NewNotice,
    now: DateTime<Utc>,
) -> ServiceResult<NoticeId> {
    if !may_publish(actor.role) {
        return Err(AppError::Refused(ServiceIssue::PublishNotice.into()).into());
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
    .map_err(|e| AppError::Invalid(e.into()))?;
    // The author as values (read in each reader's locale); the zh-CN
    // line too, so the row reads whole in SQL.
    let label = app::account::model::role_line(
        &actor.region_name,
        actor.role,
        actor.region_level,
        app::i18n::Locale::zh_CN,
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
            .map(NoticeId)
            .map_err(|_| crate::error::ServiceError::Internal("stored notice id".into()));
    }
    let id: NoticeId = db::value(
        db,
        "INSERT INTO notices (title, content_html, author_user_id, author_label, author_region_id, author_level, \
         scope_levels, scope_direct_schools, pinned, created_at, author_role, author_region_name) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        vec![
            new.title.trim().to_string().into(),
            content.into(),
            actor.user_id.into(),
            label.into(),
            actor.region_id.into(),
            actor.region_level.into(),
            levels_text(&scope.levels).into(),
            scope.direct_schools.into(),
            (new.pinned && may_pin(actor.role, true)).into(),
            now.into(),
            actor.role.into(),
            actor.region_name.clone().into(),
        ],
    )
    .await?
    .ok_or_else(|| crate::error::ServiceError::Internal("insert returned nothing".into()))?;
    crate::request_key::record(db, actor, key, &id.to_string()).await?;
    txn.commit().await?;
    Ok(id)
}

/// Whether the actor may read notice `id` (the recipient rule).
pub async fn readable(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: NoticeId,
) -> ServiceResult<bool> {
    let mut values = reader(actor);
    values.push(id.into());
    Ok(db::value::<NoticeId>(
        db,
        &format!("SELECT n.id FROM notices n WHERE n.id = $8 AND {VISIBLE}"),
        values,
    )
    .await?
    .is_some())
}

/// The author of notice `id`, if it exists.
pub async fn author_of(db: &impl ConnectionTrait, id: NoticeId) -> ServiceResult<Option<UserId>> {
    Ok(db::value(
        db,
        "SELECT author_user_id FROM notices WHERE id = $1",
        vec![id.into()],
    )
    .await?)
}

pub const MAX_ATTACHMENTS: i64 = 10;

pub async fn set_pinned(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: NoticeId,
    pinned: bool,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let d = detail(db, actor, id, now).await?;
    if !d.can_pin {
        return Err(AppError::Refused(ServiceIssue::PinNotice.into()).into());
    }
    db.execute(stmt(
        db,
        "UPDATE notices SET pinned = $1 WHERE id = $2",
        vec![pinned.into(), id.into()],
    ))
    .await?;
    Ok(())
}
