//! 通知附件: a notice's attachments, uploaded by its author and served to
//! the users the notice reaches.

use crate::backend::ServerBackend;
use crate::db::{self, stmt};
use crate::edge::CurrentActor;
use crate::error::{ServiceError, ServiceResult};
use crate::upload::bad;
use crate::upload::error_response;
use crate::upload::next_part;
use crate::upload::random_name;
use crate::upload::receive::{serve_stored, StoredFile};
use crate::upload::refuse;
use crate::upload::save_field;
use crate::upload::short_field;
use crate::upload::ATTACHMENT_KINDS;
use app::domain::NoticeId;
use app::error::AppError;
use app::message::{FileIssue, RequestIssue};
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use sea_orm::ConnectionTrait;
use std::sync::Arc;

/// `POST /api/notice_attachment` (multipart: notice, file): the author adds
/// 附件 to its notice, at most `MAX_ATTACHMENTS`, each streamed to disk
/// with the same limits and content checks as the 月报文本.
pub async fn upload_notice_attachment(
    State(b): State<Arc<ServerBackend>>,
    CurrentActor(actor, _): CurrentActor,
    mut form: Multipart,
) -> Response {
    let result: ServiceResult<String> = async {
        let mut notice: Option<NoticeId> = None;
        let mut key: Option<app::request_key::RequestKey> = None;
        let tmp_dir = b.data_dir.join("uploads").join("tmp");
        tokio::fs::create_dir_all(&tmp_dir).await?;
        let mut received = None;
        while let Some(mut field) = next_part(&mut form).await? {
            match field.name().unwrap_or("") {
                "notice" => notice = short_field(&mut field, 16).await?.trim().parse().ok().map(NoticeId),
                "key" => {
                    let text = short_field(&mut field, 80).await?;
                    key = Some(app::request_key::RequestKey::parse(text.trim()).map_err(AppError::from)?);
                }
                "file" => {
                    // The notice must be known (and the actor its author)
                    // before a byte is written.
                    let id = notice.ok_or_else(|| bad(FileIssue::NoNotice))?;
                    if crate::notice::author_of(&b.db, id).await? != Some(actor.user_id) {
                        return Err(AppError::NotFound.into());
                    }
                    received = Some((id, save_field(&mut field, &tmp_dir, ATTACHMENT_KINDS).await?));
                }
                _ => {}
            }
        }
        let (id, (mut incoming, kind, original, size)) = received.ok_or_else(|| bad(FileIssue::NoFile))?;
        if key.is_none() {
            return Err(AppError::from(RequestIssue::MissingRequestKey).into());
        }
        let now = b.clock.now();
        let txn = crate::db::begin_write(&b.db).await?;
        // The same file sent again (its answer was lost): the first one
        // stands, and this copy goes with the temp file.
        if let Some(first) = crate::request_key::claim(&txn, &actor, "notice_attachment", key.as_ref(), &(id, &original, size), now).await? {
            return Ok(first);
        }
        let count = db::value::<i64>(&txn, "SELECT COUNT(*) AS n FROM notice_attachments WHERE notice_id = $1", vec![id.into()])
            .await?
            .unwrap_or(0);
        if count >= crate::notice::MAX_ATTACHMENTS {
            return Err(bad(FileIssue::TooManyAttachments { max: crate::notice::MAX_ATTACHMENTS as u32 }));
        }
        let dir = b.data_dir.join("uploads").join("notices").join(id.to_string());
        tokio::fs::create_dir_all(&dir).await?;
        let stored = format!("{}.{}", random_name(), kind.ext());
        tokio::fs::rename(&incoming.path, dir.join(&stored)).await?;
        incoming.path = dir.join(&stored);
        txn.execute(stmt(
            &txn,
            "INSERT INTO notice_attachments (notice_id, stored_name, original_name, size, kind, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
            vec![id.into(), stored.into(), original.clone().into(), (size as i64).into(), kind.ext().into(), now.into()],
        ))
        .await?;
        crate::request_key::record(&txn, &actor, key.as_ref(), &original).await?;
        txn.commit().await?;
        incoming.kept = true;
        Ok(original)
    }
    .await;
    match result {
        Ok(name) => Json(serde_json::json!({ "name": name })).into_response(),
        Err(e) => error_response(e),
    }
}

/// `GET /files/notice/{notice}/{attachment}`: only for the notice's readers.
pub async fn download_notice_attachment(
    State(b): State<Arc<ServerBackend>>,
    CurrentActor(actor, _): CurrentActor,
    Path((notice, attachment)): Path<(NoticeId, i32)>,
) -> Response {
    let not_found = || refuse(StatusCode::NOT_FOUND, AppError::NotFound);
    match crate::notice::readable(&b.db, &actor, notice).await {
        Ok(true) => {}
        Ok(false) => return not_found(),
        Err(e) => return refuse(StatusCode::INTERNAL_SERVER_ERROR, e.into()),
    }
    let file = match db::row::<StoredFile>(
        &b.db,
        "SELECT stored_name, original_name, kind FROM notice_attachments WHERE id = $1 AND notice_id = $2",
        vec![attachment.into(), notice.into()],
    )
    .await
    {
        Ok(Some(f)) => f,
        Ok(None) => return not_found(),
        Err(e) => return refuse(StatusCode::INTERNAL_SERVER_ERROR, ServiceError::from(e).into()),
    };
    serve_stored(
        &file,
        b.data_dir
            .join("uploads")
            .join("notices")
            .join(notice.to_string()),
    )
    .await
}
