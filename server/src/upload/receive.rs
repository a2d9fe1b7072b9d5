//! The one bounded multipart receiver of every upload: short fields read
//! within a bound, the file streamed to disk with its size and (for zip
//! based kinds) its unpacked size checked while it arrives, and the
//! answers every file route gives.

use crate::error::{ServiceError, ServiceResult};
use crate::upload::display_name;
use crate::upload::random_name;
use crate::upload::Kind;
use crate::upload::Sniffer;
use app::error::AppError;
use app::message::{FileIssue, Reason};
use axum::extract::Multipart;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use std::path::PathBuf;
use tokio::io::AsyncWriteExt;

pub const MAX_BYTES: u64 = 20 * 1024 * 1024;

/// A failed upload or download as JSON (`crate::edge::refusal`) with its
/// status.
pub(crate) fn error_response(e: impl Into<AppError>) -> Response {
    let e = e.into();
    refuse(crate::edge::status_of(&e), e)
}

pub(crate) fn refuse(status: StatusCode, e: AppError) -> Response {
    crate::edge::refusal(status, &e)
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

/// A file or field the sender got wrong: 400.
pub(crate) fn bad(why: FileIssue) -> ServiceError {
    AppError::Invalid(why.into()).into()
}

/// The most a whole upload request may carry: one 20 MB file and a few
/// short fields. Routes that take uploads set it as their body limit.
pub const MAX_REQUEST: usize = (MAX_BYTES as usize) + 64 * 1024;

/// A file (or the whole upload) over its bound: 413.
pub(crate) fn too_large() -> ServiceError {
    AppError::TooLarge(
        FileIssue::TooLarge {
            limit_mib: MAX_BYTES / (1024 * 1024),
        }
        .into(),
    )
    .into()
}

/// A chunk of a file part: a body over the route's bound is 413, a cut
/// connection the sender's to retry.
async fn next_chunk(
    field: &mut axum::extract::multipart::Field<'_>,
) -> ServiceResult<Option<axum::body::Bytes>> {
    field.chunk().await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            bad(FileIssue::Interrupted)
        }
    })
}

/// A file part read into memory, no further than `max` bytes (413 with
/// `over` beyond): for files that are read whole anyway (imports).
pub(crate) async fn read_file(
    field: &mut axum::extract::multipart::Field<'_>,
    max: usize,
    over: impl Into<Reason>,
) -> ServiceResult<Vec<u8>> {
    let mut bytes = Vec::new();
    while let Some(chunk) = next_chunk(field).await? {
        if bytes.len() + chunk.len() > max {
            return Err(AppError::TooLarge(over.into()).into());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// The one way upload routes read their multipart bodies: the next part,
/// with the multipart layer's own faults (a body over `MAX_REQUEST`, a cut
/// connection, a broken boundary) said in the user's words.
pub(crate) async fn next_part<'a>(
    form: &'a mut Multipart,
) -> ServiceResult<Option<axum::extract::multipart::Field<'a>>> {
    form.next_field().await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            bad(FileIssue::BadUpload)
        }
    })
}

/// A short text field of an upload (a year, an id, a key), read no further
/// than `max` bytes: a field of gigabytes is refused, never buffered.
pub(crate) async fn short_field(
    field: &mut axum::extract::multipart::Field<'_>,
    max: usize,
) -> ServiceResult<String> {
    let mut buf = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|_| bad(FileIssue::BadField))? {
        if buf.len() + chunk.len() > max {
            return Err(bad(FileIssue::FieldTooLong));
        }
        buf.extend_from_slice(&chunk);
    }
    String::from_utf8(buf).map_err(|_| bad(FileIssue::FieldInvalid))
}

/// Streams one multipart file field to a temp file under `tmp_dir`,
/// enforcing the size limit as it goes and the kind by content. The file is
/// removed again unless the caller keeps it.
pub(crate) async fn save_field(
    field: &mut axum::extract::multipart::Field<'_>,
    tmp_dir: &std::path::Path,
    allowed: &[Kind],
) -> ServiceResult<(Incoming, Kind, String, u64)> {
    let names = || allowed.iter().map(|k| k.ext().to_string()).collect();
    let original = display_name(field.file_name().unwrap_or(""));
    let kind = Kind::from_name(&original)
        .filter(|k| allowed.contains(k))
        .ok_or_else(|| bad(FileIssue::WrongType { allowed: names() }))?;
    let incoming = Incoming {
        path: tmp_dir.join(random_name()),
        kept: false,
    };
    let mut out = tokio::fs::File::create(&incoming.path).await?;
    let mut sniff = Sniffer::new(kind);
    let mut size: u64 = 0;
    while let Some(chunk) = next_chunk(field).await? {
        size += chunk.len() as u64;
        if size > MAX_BYTES {
            return Err(too_large());
        }
        sniff.feed(&chunk);
        out.write_all(&chunk).await?;
    }
    out.flush().await?;
    out.sync_all().await?;
    if size == 0 {
        return Err(bad(FileIssue::Empty));
    }
    if !sniff.matches() {
        return Err(bad(FileIssue::NotWhatItSays { allowed: names() }));
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
            return Err(bad(FileIssue::Damaged));
        }
    }
    Ok((incoming, kind, original, size))
}

/// What a zip-based upload may unpack to (its images, text and the like).
pub const MAX_UNPACKED: u64 = 200 * 1024 * 1024;

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

/// A stored file's row: its name on disk, the name it was sent with, and
/// its kind (the extension).
#[derive(sea_orm::FromQueryResult)]
pub(crate) struct StoredFile {
    pub stored_name: String,
    pub original_name: String,
    pub kind: String,
}

/// Serves a stored file as an attachment, from its row and the folder it
/// was stored in; 404 when the file is gone.
pub(crate) async fn serve_stored(file: &StoredFile, folder: PathBuf) -> Response {
    let kind = Kind::from_name(&format!("x.{}", file.kind));
    match tokio::fs::read(folder.join(&file.stored_name)).await {
        Ok(bytes) => attachment_response(bytes, &file.original_name, kind),
        Err(_) => refuse(StatusCode::NOT_FOUND, AppError::NotFound),
    }
}
