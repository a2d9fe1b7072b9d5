//! 月报文本: a region's monthly text uploaded with its 审核上报, and served
//! only to users whose scope includes the region.

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
use crate::upload::Incoming;
use crate::upload::Kind;
use crate::upload::REPORT_TEXT_KINDS;
use app::backend::Actor;
use app::domain::workflow;
use app::domain::{cst_date, Period};
use app::error::AppError;
use app::message::FileIssue;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use sea_orm::ConnectionTrait;
use std::sync::Arc;

/// `POST /api/upload_report_text` (multipart: year, month, file).
pub async fn upload_report_text(
    State(b): State<Arc<ServerBackend>>,
    CurrentActor(actor, _): CurrentActor,
    multipart: Multipart,
) -> Response {
    match receive(&b, &actor, multipart).await {
        Ok((name, period)) => {
            if let Err(e) = b.publish(actor.region_id, period).await {
                tracing::warn!(error = %e, "live publish failed");
            }
            Json(serde_json::json!({ "name": name })).into_response()
        }
        Err(e) => error_response(e),
    }
}

pub(super) async fn receive(
    b: &ServerBackend,
    actor: &Actor,
    mut form: Multipart,
) -> ServiceResult<(String, Period)> {
    if !actor.role.reviews() {
        return Err(AppError::from(workflow::Refusal::NotReviewer).into());
    }
    let (mut year, mut month) = (None, None);
    let dir = b.data_dir.join("uploads");
    let tmp_dir = dir.join("tmp");
    tokio::fs::create_dir_all(&tmp_dir).await?;
    let mut received: Option<(Incoming, Kind, String, u64)> = None;
    while let Some(mut field) = next_part(&mut form).await? {
        match field.name().unwrap_or("") {
            "year" => {
                year = short_field(&mut field, 16)
                    .await?
                    .trim()
                    .parse::<i32>()
                    .ok()
            }
            "month" => {
                month = short_field(&mut field, 16)
                    .await?
                    .trim()
                    .parse::<u32>()
                    .ok()
            }
            "file" => received = Some(save_field(&mut field, &tmp_dir, REPORT_TEXT_KINDS).await?),
            _ => {}
        }
    }
    let (year, month) = year.zip(month).ok_or_else(|| bad(FileIssue::NoPeriod))?;
    let period = Period::viewable(year, month, cst_date(b.clock.now())).map_err(AppError::from)?;
    let (mut incoming, kind, original, size) = received.ok_or_else(|| bad(FileIssue::NoFile))?;

    let final_dir = dir.join("report-text").join(period.key().to_string());
    tokio::fs::create_dir_all(&final_dir).await?;
    let stored = format!("{}-{}.{}", actor.region_code, random_name(), kind.ext());
    let final_path = final_dir.join(&stored);
    tokio::fs::rename(&incoming.path, &final_path).await?;
    incoming.path = final_path.clone();

    let now = b.clock.now();
    let txn = crate::db::begin_write(&b.db).await?;
    // The month lock: the own report not yet submitted, and the levels
    // above not yet reported (the text they reviewed is frozen too).
    crate::lock::locked_facts(&txn, actor.region_id, period, now)
        .await?
        .own_report()
        .map_err(AppError::from)?;
    let previous = db::value::<String>(
        &txn,
        "SELECT stored_name FROM report_texts WHERE region_id = $1 AND period = $2",
        vec![actor.region_id.into(), period.into()],
    )
    .await?;
    txn.execute(stmt(
        &txn,
        "INSERT INTO report_texts (region_id, period, stored_name, original_name, size, kind, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (region_id, period) DO UPDATE SET \
         stored_name = excluded.stored_name, original_name = excluded.original_name, size = excluded.size, \
         kind = excluded.kind, uploaded_by = excluded.uploaded_by, uploaded_at = excluded.uploaded_at",
        vec![
            actor.region_id.into(),
            period.into(),
            stored.into(),
            original.clone().into(),
            (size as i64).into(),
            kind.ext().into(),
            actor.user_id.into(),
            now.into(),
        ],
    ))
    .await?;
    // Logged: a returned region's new text is a change its parent's 取消
    // must not paper over.
    workflow_audit(&txn, actor, period, &original, now).await?;
    txn.commit().await?;
    incoming.kept = true;
    if let Some(old) = previous {
        let _ = tokio::fs::remove_file(final_dir.join(old)).await;
    }
    Ok((original, period))
}

pub(super) async fn workflow_audit(
    c: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    period: Period,
    name: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> ServiceResult<()> {
    crate::workflow::audit(
        c,
        crate::workflow::AuditEntry {
            actor: Some(actor),
            region: actor.region_id,
            school: None,
            period,
            action: workflow::AuditAction::UploadText,
            from: crate::workflow::NO_STATE,
            to: crate::workflow::NO_STATE,
            reason: Some(name),
        },
        now,
    )
    .await
}

/// `GET /files/report-text/{region code}/{yyyymm}`: the 月报文本 as an
/// attachment, for users whose subtree holds the region.
pub async fn download_report_text(
    State(b): State<Arc<ServerBackend>>,
    CurrentActor(actor, _): CurrentActor,
    Path((code, period)): Path<(String, i32)>,
) -> Response {
    let not_found = || refuse(StatusCode::NOT_FOUND, AppError::NotFound);
    let Ok(period) = Period::from_key(period) else {
        return not_found();
    };
    let file = match db::row::<StoredFile>(
        &b.db,
        "SELECT t.stored_name, t.original_name, t.kind FROM report_texts t \
         JOIN regions r ON r.id = t.region_id \
         JOIN region_closure c ON c.descendant_id = r.id AND c.ancestor_id = $1 \
         WHERE r.code = $2 AND t.period = $3",
        vec![actor.region_id.into(), code.into(), period.into()],
    )
    .await
    {
        Ok(Some(file)) if actor.role.reads_status_tables() => file,
        Ok(_) => return not_found(),
        Err(e) => {
            return refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                ServiceError::from(e).into(),
            )
        }
    };
    serve_stored(
        &file,
        b.data_dir
            .join("uploads")
            .join("report-text")
            .join(period.key().to_string()),
    )
    .await
}
