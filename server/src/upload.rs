//! 月报文本 files: streamed to disk under the data dir with the size limit
//! enforced while streaming, the type checked by content (not only by name),
//! stored under a random name, and served only as an attachment to users
//! whose scope includes the region.

use crate::backend::ServerBackend;
use crate::db::stmt;
use crate::edge::CurrentActor;
use crate::error::{ServiceError, ServiceResult};
use app::backend::Actor;
use app::domain::workflow;
use app::domain::{cst_date, Period};
use app::error::AppError;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rand::RngCore;
use sea_orm::ConnectionTrait;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::io::AsyncWriteExt;

pub const MAX_BYTES: u64 = 20 * 1024 * 1024;

/// What a file is, judged by its first bytes (and, for .docx, by the zip
/// entries it names) against the extension it claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Doc,
    Docx,
    Wps,
    Txt,
    /// Only ever sent (exports), never accepted.
    Csv,
    Xls,
    Xlsx,
    Ppt,
    Pptx,
    Zip,
    Jpg,
    Png,
}

/// What a 月报文本 may be.
pub const REPORT_TEXT_KINDS: &[Kind] = &[Kind::Pdf, Kind::Doc, Kind::Docx, Kind::Wps, Kind::Txt];
/// What a notice's 附件 may be.
pub const ATTACHMENT_KINDS: &[Kind] = &[
    Kind::Pdf,
    Kind::Doc,
    Kind::Docx,
    Kind::Wps,
    Kind::Txt,
    Kind::Xls,
    Kind::Xlsx,
    Kind::Ppt,
    Kind::Pptx,
    Kind::Zip,
    Kind::Jpg,
    Kind::Png,
];

impl Kind {
    pub fn from_name(name: &str) -> Option<Self> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "pdf" => Some(Kind::Pdf),
            "doc" => Some(Kind::Doc),
            "docx" => Some(Kind::Docx),
            "wps" => Some(Kind::Wps),
            "txt" => Some(Kind::Txt),
            "xls" => Some(Kind::Xls),
            "xlsx" => Some(Kind::Xlsx),
            "ppt" => Some(Kind::Ppt),
            "pptx" => Some(Kind::Pptx),
            "zip" => Some(Kind::Zip),
            "jpg" | "jpeg" => Some(Kind::Jpg),
            "png" => Some(Kind::Png),
            _ => None,
        }
    }

    pub fn ext(self) -> &'static str {
        match self {
            Kind::Pdf => "pdf",
            Kind::Doc => "doc",
            Kind::Docx => "docx",
            Kind::Wps => "wps",
            Kind::Txt => "txt",
            Kind::Csv => "csv",
            Kind::Xls => "xls",
            Kind::Xlsx => "xlsx",
            Kind::Ppt => "ppt",
            Kind::Pptx => "pptx",
            Kind::Zip => "zip",
            Kind::Jpg => "jpg",
            Kind::Png => "png",
        }
    }

    /// A zip underneath (the Office formats of 2007 on, and zip itself).
    fn is_zip(self) -> bool {
        matches!(self, Kind::Docx | Kind::Xlsx | Kind::Pptx | Kind::Zip)
    }

    /// The zip entry prefix an OOXML file of this kind names.
    fn zip_marker(self) -> Option<&'static [u8]> {
        match self {
            Kind::Docx => Some(b"word/"),
            Kind::Xlsx => Some(b"xl/"),
            Kind::Pptx => Some(b"ppt/"),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Kind::Pdf => "application/pdf",
            Kind::Doc => "application/msword",
            Kind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Kind::Wps => "application/vnd.ms-works",
            Kind::Txt => "text/plain; charset=utf-8",
            Kind::Csv => "text/csv; charset=utf-8",
            Kind::Xls => "application/vnd.ms-excel",
            Kind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Kind::Ppt => "application/vnd.ms-powerpoint",
            Kind::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            Kind::Zip => "application/zip",
            Kind::Jpg => "image/jpeg",
            Kind::Png => "image/png",
        }
    }
}

const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Checks the content as it streams by.
#[derive(Debug)]
pub struct Sniffer {
    kind: Kind,
    head: Vec<u8>,
    saw_marker: bool,
    saw_nul: bool,
    tail: Vec<u8>,
}

impl Sniffer {
    pub fn new(kind: Kind) -> Self {
        Self {
            kind,
            head: Vec::new(),
            saw_marker: false,
            saw_nul: false,
            tail: Vec::new(),
        }
    }

    pub fn feed(&mut self, chunk: &[u8]) {
        if self.head.len() < 8 {
            let need = 8 - self.head.len();
            self.head.extend_from_slice(&chunk[..need.min(chunk.len())]);
        }
        if chunk.contains(&0) {
            self.saw_nul = true;
        }
        if let (Some(marker), false) = (self.kind.zip_marker(), self.saw_marker) {
            // Look across chunk boundaries too.
            let mut window = std::mem::take(&mut self.tail);
            window.extend_from_slice(chunk);
            if window.windows(marker.len()).any(|w| w == marker) {
                self.saw_marker = true;
            }
            let keep = window.len().saturating_sub(marker.len() - 1);
            self.tail = window[keep..].to_vec();
        }
    }

    /// Whether the whole file matched the claimed kind.
    pub fn matches(&self) -> bool {
        let h = &self.head;
        match self.kind {
            Kind::Pdf => h.starts_with(b"%PDF-"),
            Kind::Doc | Kind::Wps | Kind::Xls | Kind::Ppt => h.as_slice() == OLE,
            Kind::Docx | Kind::Xlsx | Kind::Pptx => h.starts_with(b"PK\x03\x04") && self.saw_marker,
            Kind::Zip => h.starts_with(b"PK\x03\x04"),
            Kind::Jpg => h.starts_with(&[0xFF, 0xD8, 0xFF]),
            Kind::Png => h.starts_with(&[0x89, b'P', b'N', b'G']),
            Kind::Txt | Kind::Csv => !self.saw_nul && !h.is_empty(),
        }
    }
}

/// Characters that reorder how text reads (a name "报告\u{202E}fdp.exe"
/// reads as ending in .pdf): never part of a name shown to users.
fn reorders_text(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}')
}

/// The name shown to users: no directories, no control or direction
/// characters, bounded.
pub fn display_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let clean: String = base
        .chars()
        .filter(|c| !c.is_control() && !reorders_text(*c))
        .take(120)
        .collect();
    if clean.trim().is_empty() {
        "月报文本".into()
    } else {
        clean
    }
}

pub(crate) fn random_name() -> String {
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

/// A failed upload or download as JSON `{ "error": … }` with its status.
pub(crate) fn error_response(e: impl Into<AppError>) -> Response {
    let e = e.into();
    refuse(crate::edge::status_of(&e), e)
}

pub(crate) fn refuse(status: StatusCode, e: AppError) -> Response {
    (status, Json(serde_json::json!({ "error": e.to_string() }))).into_response()
}

/// A file being received: removed again unless it is kept.
pub(crate) struct Incoming {
    pub path: PathBuf,
    pub kept: bool,
}

impl Drop for Incoming {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

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

pub(crate) fn bad(msg: &str) -> ServiceError {
    AppError::Invalid(msg.to_string()).into()
}

/// The most a whole upload request may carry: one 20 MB file and a few
/// short fields. Routes that take uploads set it as their body limit.
pub const MAX_REQUEST: usize = (MAX_BYTES as usize) + 64 * 1024;

/// The one way upload routes read their multipart bodies: the next part,
/// with the multipart layer's own faults (a body over `MAX_REQUEST`, a cut
/// connection, a broken boundary) said in the user's words.
pub(crate) async fn next_part<'a>(
    form: &'a mut Multipart,
) -> ServiceResult<Option<axum::extract::multipart::Field<'a>>> {
    form.next_field()
        .await
        .map_err(|_| bad("上传数据无效或超过大小限制，请重新选择文件上传"))
}

/// A short text field of an upload (a year, an id, a key), read no further
/// than `max` bytes: a field of gigabytes is refused, never buffered.
pub(crate) async fn short_field(
    field: &mut axum::extract::multipart::Field<'_>,
    max: usize,
) -> ServiceResult<String> {
    let mut buf = Vec::new();
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|_| bad("上传数据无效或超过大小限制"))?
    {
        if buf.len() + chunk.len() > max {
            return Err(bad("表单字段过长"));
        }
        buf.extend_from_slice(&chunk);
    }
    String::from_utf8(buf).map_err(|_| bad("表单字段无效"))
}

/// Streams one multipart file field to a temp file under `tmp_dir`,
/// enforcing the size limit as it goes and the kind by content. The file is
/// removed again unless the caller keeps it.
pub(crate) async fn save_field(
    field: &mut axum::extract::multipart::Field<'_>,
    tmp_dir: &std::path::Path,
    allowed: &[Kind],
) -> ServiceResult<(Incoming, Kind, String, u64)> {
    let names = allowed
        .iter()
        .map(|k| k.ext())
        .collect::<Vec<_>>()
        .join("、");
    let original = display_name(field.file_name().unwrap_or(""));
    let kind = Kind::from_name(&original)
        .filter(|k| allowed.contains(k))
        .ok_or_else(|| bad(&format!("只能上传 {names} 文件")))?;
    let incoming = Incoming {
        path: tmp_dir.join(random_name()),
        kept: false,
    };
    let mut out = tokio::fs::File::create(&incoming.path).await?;
    let mut sniff = Sniffer::new(kind);
    let mut size: u64 = 0;
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|_| bad("上传中断或超过大小限制，请重新上传"))?
    {
        size += chunk.len() as u64;
        if size > MAX_BYTES {
            return Err(bad("文件不能超过 20 MB"));
        }
        sniff.feed(&chunk);
        out.write_all(&chunk).await?;
    }
    out.flush().await?;
    out.sync_all().await?;
    if size == 0 {
        return Err(bad("文件是空的"));
    }
    if !sniff.matches() {
        return Err(bad(&format!(
            "文件内容与扩展名不符，请上传真实的 {names} 文件"
        )));
    }
    if kind.is_zip() {
        // A zip bomb is no document: what it unpacks to is bounded.
        let path = incoming.path.clone();
        let within = tokio::task::spawn_blocking(move || {
            std::fs::File::open(&path).ok().and_then(|f| {
                crate::import::unpacks_within(std::io::BufReader::new(f), MAX_UNPACKED)
            })
        })
        .await
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
        if within != Some(true) {
            return Err(bad("文件已损坏或解压后过大，请检查后重新上传"));
        }
    }
    Ok((incoming, kind, original, size))
}

/// What a zip-based upload may unpack to (its images, text and the like).
pub const MAX_UNPACKED: u64 = 200 * 1024 * 1024;

async fn receive(
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
    let (year, month) = year.zip(month).ok_or_else(|| bad("缺少年份或月份"))?;
    let period = Period::viewable(year, month, cst_date(b.clock.now())).map_err(AppError::from)?;
    let (mut incoming, kind, original, size) = received.ok_or_else(|| bad("请选择要上传的文件"))?;

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
    let previous: Option<String> = txn
        .query_one(stmt(
            &txn,
            "SELECT stored_name FROM report_texts WHERE region_id = ? AND period = ?",
            vec![actor.region_id.into(), period.key().into()],
        ))
        .await?
        .map(|r| r.try_get("", "stored_name"))
        .transpose()?;
    txn.execute(stmt(
        &txn,
        "INSERT INTO report_texts (region_id, period, stored_name, original_name, size, kind, uploaded_by, uploaded_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (region_id, period) DO UPDATE SET \
         stored_name = excluded.stored_name, original_name = excluded.original_name, size = excluded.size, \
         kind = excluded.kind, uploaded_by = excluded.uploaded_by, uploaded_at = excluded.uploaded_at",
        vec![
            actor.region_id.into(),
            period.key().into(),
            stored.into(),
            original.clone().into(),
            (size as i64).into(),
            kind.ext().into(),
            (actor.user_id as i32).into(),
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

async fn workflow_audit(
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
    let db = &b.db;
    let row = match db
        .query_one(stmt(
            db,
            "SELECT t.stored_name, t.original_name, t.kind FROM report_texts t \
             JOIN regions r ON r.id = t.region_id \
             JOIN region_closure c ON c.descendant_id = r.id AND c.ancestor_id = ? \
             WHERE r.code = ? AND t.period = ?",
            vec![actor.region_id.into(), code.into(), period.key().into()],
        ))
        .await
    {
        Ok(Some(row)) if actor.role.reads_status_tables() => row,
        Ok(_) => return not_found(),
        Err(e) => {
            return refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                ServiceError::from(e).into(),
            )
        }
    };
    let stored: String = row.try_get("", "stored_name").unwrap_or_default();
    let original: String = row.try_get("", "original_name").unwrap_or_default();
    let kind = Kind::from_name(&format!(
        "x.{}",
        row.try_get::<String>("", "kind").unwrap_or_default()
    ));
    let path = b
        .data_dir
        .join("uploads")
        .join("report-text")
        .join(period.key().to_string())
        .join(&stored);
    let Ok(bytes) = tokio::fs::read(&path).await else {
        return not_found();
    };
    attachment_response(bytes, &original, kind)
}

/// `POST /api/notice_attachment` (multipart: notice, file): the author adds
/// 附件 to its notice, at most `MAX_ATTACHMENTS`, each streamed to disk
/// with the same limits and content checks as the 月报文本.
pub async fn upload_notice_attachment(
    State(b): State<Arc<ServerBackend>>,
    CurrentActor(actor, _): CurrentActor,
    mut form: Multipart,
) -> Response {
    let result: ServiceResult<String> = async {
        let mut notice: Option<i32> = None;
        let mut key: Option<app::request_key::RequestKey> = None;
        let tmp_dir = b.data_dir.join("uploads").join("tmp");
        tokio::fs::create_dir_all(&tmp_dir).await?;
        let mut received = None;
        while let Some(mut field) = next_part(&mut form).await? {
            match field.name().unwrap_or("") {
                "notice" => notice = short_field(&mut field, 16).await?.trim().parse().ok(),
                "key" => {
                    let text = short_field(&mut field, 80).await?;
                    key = Some(app::request_key::RequestKey::parse(text.trim()).map_err(|e| bad(&e))?);
                }
                "file" => {
                    // The notice must be known (and the actor its author)
                    // before a byte is written.
                    let id = notice.ok_or_else(|| bad("缺少通知编号"))?;
                    if crate::notice::author_of(&b.db, id).await? != Some(actor.user_id as i32) {
                        return Err(AppError::NotFound.into());
                    }
                    received = Some((id, save_field(&mut field, &tmp_dir, ATTACHMENT_KINDS).await?));
                }
                _ => {}
            }
        }
        let (id, (mut incoming, kind, original, size)) = received.ok_or_else(|| bad("请选择要上传的文件"))?;
        if key.is_none() {
            return Err(bad("缺少请求编号，请刷新页面后重试"));
        }
        let now = b.clock.now();
        let txn = crate::db::begin_write(&b.db).await?;
        // The same file sent again (its answer was lost): the first one
        // stands, and this copy goes with the temp file.
        if let Some(first) = crate::request_key::claim(&txn, &actor, "notice_attachment", key.as_ref(), &(id, &original, size), now).await? {
            return Ok(first);
        }
        let count = txn
            .query_one(stmt(&txn, "SELECT COUNT(*) AS n FROM notice_attachments WHERE notice_id = ?", vec![id.into()]))
            .await?
            .map(|r| r.try_get::<i64>("", "n"))
            .transpose()?
            .unwrap_or(0);
        if count >= crate::notice::MAX_ATTACHMENTS {
            return Err(bad(&format!("每条通知最多 {} 个附件", crate::notice::MAX_ATTACHMENTS)));
        }
        let dir = b.data_dir.join("uploads").join("notices").join(id.to_string());
        tokio::fs::create_dir_all(&dir).await?;
        let stored = format!("{}.{}", random_name(), kind.ext());
        tokio::fs::rename(&incoming.path, dir.join(&stored)).await?;
        incoming.path = dir.join(&stored);
        txn.execute(stmt(
            &txn,
            "INSERT INTO notice_attachments (notice_id, stored_name, original_name, size, kind, created_at) VALUES (?, ?, ?, ?, ?, ?)",
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
    Path((notice, attachment)): Path<(i32, i32)>,
) -> Response {
    let not_found = || refuse(StatusCode::NOT_FOUND, AppError::NotFound);
    match crate::notice::readable(&b.db, &actor, notice).await {
        Ok(true) => {}
        Ok(false) => return not_found(),
        Err(e) => return refuse(StatusCode::INTERNAL_SERVER_ERROR, e.into()),
    }
    let row = match b
        .db
        .query_one(stmt(
            &b.db,
            "SELECT stored_name, original_name, kind FROM notice_attachments WHERE id = ? AND notice_id = ?",
            vec![attachment.into(), notice.into()],
        ))
        .await
    {
        Ok(Some(r)) => r,
        Ok(None) => return not_found(),
        Err(e) => return refuse(StatusCode::INTERNAL_SERVER_ERROR, ServiceError::from(e).into()),
    };
    let stored: String = row.try_get("", "stored_name").unwrap_or_default();
    let original: String = row.try_get("", "original_name").unwrap_or_default();
    let kind = Kind::from_name(&format!(
        "x.{}",
        row.try_get::<String>("", "kind").unwrap_or_default()
    ));
    let path = b
        .data_dir
        .join("uploads")
        .join("notices")
        .join(notice.to_string())
        .join(&stored);
    let Ok(bytes) = tokio::fs::read(&path).await else {
        return not_found();
    };
    attachment_response(bytes, &original, kind)
}

/// A file as a download (never displayed inline), named for the user in
/// RFC 5987 form with an ASCII fallback.
pub(crate) fn attachment_response(bytes: Vec<u8>, original: &str, kind: Option<Kind>) -> Response {
    let encoded =
        percent_encoding::utf8_percent_encode(original, percent_encoding::NON_ALPHANUMERIC);
    let ascii = format!("attachment.{}", kind.map(|k| k.ext()).unwrap_or("bin"));
    (
        [
            (
                header::CONTENT_TYPE,
                kind.map(|k| k.content_type())
                    .unwrap_or("application/octet-stream")
                    .to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniff(kind: Kind, chunks: &[&[u8]]) -> bool {
        let mut s = Sniffer::new(kind);
        for c in chunks {
            s.feed(c);
        }
        s.matches()
    }

    #[test]
    fn a_pdf_is_known_by_its_header_not_its_name() {
        assert!(sniff(Kind::Pdf, &[b"%PDF-1.7\n..."]));
        assert!(!sniff(Kind::Pdf, &[b"<html><script>alert(1)</script>"]));
    }

    #[test]
    fn a_docx_must_be_a_zip_naming_word_entries_even_across_chunks() {
        assert!(sniff(
            Kind::Docx,
            &[b"PK\x03\x04....wo", b"rd/document.xml"]
        ));
        assert!(!sniff(Kind::Docx, &[b"PK\x03\x04....xl/workbook.xml"]));
    }

    #[test]
    fn doc_and_wps_are_ole_compound_files() {
        let mut f = OLE.to_vec();
        f.extend_from_slice(b"rest");
        assert!(sniff(Kind::Doc, &[&f]));
        assert!(sniff(Kind::Wps, &[&f[..3], &f[3..]]));
        assert!(!sniff(Kind::Doc, &[b"MZ\x90\x00 an exe"]));
    }

    #[test]
    fn text_has_no_nul_bytes() {
        assert!(sniff(Kind::Txt, &["本月工作进展".as_bytes()]));
        assert!(!sniff(Kind::Txt, &[b"ELF\x00\x01"]));
    }

    #[test]
    fn only_the_allowed_extensions_are_known() {
        assert_eq!(Kind::from_name("月报.PDF"), Some(Kind::Pdf));
        assert_eq!(Kind::from_name("a.exe"), None);
        assert_eq!(Kind::from_name("noext"), None);
    }

    #[test]
    fn display_names_lose_direction_overrides() {
        assert_eq!(display_name("报告\u{202E}fdp.exe"), "报告fdp.exe");
        assert_eq!(display_name("\u{2066}a\u{2069}.pdf"), "a.pdf");
    }

    #[test]
    fn display_names_lose_paths_and_control_characters() {
        assert_eq!(display_name("C:\\\\Users\\\\x\\\\月报.pdf"), "月报.pdf");
        assert_eq!(display_name("../../etc/passwd"), "passwd");
        assert_eq!(display_name("a\u{0}b\nc.txt"), "abc.txt");
        assert_eq!(display_name(""), "月报文本");
    }
}
