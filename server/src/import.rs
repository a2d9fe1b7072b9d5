//! Importing schools and accounts from CSV (UTF-8 or GBK, as Excel saves
//! it in China) or XLSX: the file is read into rows, every row is checked
//! with the domain rules and against the database (scope, taken codes,
//! duplicates inside the file), and a preview with each broken row goes back.
//! Nothing is written until 确认导入, which checks every row again inside one
//! transaction: all rows are imported or none.

use crate::admin::{
    self, insert_school, insert_user, placement, school_code_taken, username_taken, welcome_body,
};
use crate::auth::session::new_token;
use crate::backend::ServerBackend;
use crate::db::stmt;
use crate::error::{ServiceError, ServiceResult};
use crate::reset::{issue_link, Link};
use app::admin::model::{ImportKind, ImportPreview, ImportProgress, ImportState, RowError};
use app::backend::Actor;
use app::domain::admin::{
    check_school, check_user, parse_role, parse_school_type, parse_yes_no, SchoolInput, UserInput,
};
use app::error::AppError;
use chrono::{DateTime, Duration, Utc};
use sea_orm::ConnectionTrait;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

pub const MAX_BYTES: usize = 10 * 1024 * 1024;
pub const MAX_ROWS: usize = 50_000;
/// How many rows the preview shows.
pub const SAMPLE_ROWS: usize = 20;
/// How many broken rows the preview lists (the count is always complete).
pub const MAX_ERRORS: usize = 200;

/// Rows committed so far, by job, while an import runs (the progress bar).
pub type Running = Arc<Mutex<HashMap<String, usize>>>;

fn cell_text(d: &calamine::Data) -> String {
    use calamine::Data;
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        // Codes typed into Excel become numbers: 4301020001, not 4301020001.0.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        other => other.to_string(),
    }
}

/// At most this many columns of a sheet are read (the templates have 7).
pub const MAX_COLUMNS: usize = 32;
/// What an .xlsx may unpack to. Ordinary workbooks of 10 MB stay far below;
/// a zip bomb, or a sheet declaring a million rows of cells, does not.
pub const MAX_UNPACKED: u64 = 64 * 1024 * 1024;

/// The rows of an uploaded file, header first. XLSX by its zip signature,
/// anything else as CSV. Memory stays bounded whatever the file declares:
/// an .xlsx is measured unpacked before it is read, and its cells are read
/// one at a time, keeping only the first `MAX_ROWS` rows and `MAX_COLUMNS`
/// columns (a sheet's declared dimensions are never allocated).
pub fn read_table(bytes: &[u8], file_name: &str) -> Result<Vec<Vec<String>>, AppError> {
    let lower = file_name.to_lowercase();
    if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)
    } else if lower.ends_with(".xlsx") || lower.ends_with(".xls") {
        Err(AppError::Invalid(
            "文件不是有效的 .xlsx 文件（旧版 .xls 请在 Excel 中另存为 .xlsx 或 .csv）".into(),
        ))
    } else {
        read_csv(bytes)
    }
}

fn unreadable() -> AppError {
    AppError::Invalid("无法读取文件：请上传 .xlsx 或 .csv 文件".into())
}

/// Whether a zip unpacks to no more than `limit` bytes, counted as the
/// bytes come out (a header may lie about them). `None`: not a readable
/// zip.
pub fn unpacks_within(reader: impl std::io::Read + std::io::Seek, limit: u64) -> Option<bool> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(reader).ok()?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).ok()?;
        let mut limited = entry.take(limit - total + 1);
        total += std::io::copy(&mut limited, &mut std::io::sink()).ok()?;
        if total > limit {
            return Some(false);
        }
    }
    Some(true)
}

fn check_unpacked(bytes: &[u8]) -> Result<(), AppError> {
    match unpacks_within(std::io::Cursor::new(bytes), MAX_UNPACKED) {
        Some(true) => Ok(()),
        Some(false) => Err(AppError::Invalid("文件解压后过大，请分批导入".into())),
        None => Err(unreadable()),
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, AppError> {
    use calamine::Reader;
    check_unpacked(bytes)?;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(|_| unreadable())?;
    let sheet = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| AppError::Invalid("文件中没有工作表".into()))?;
    let mut cells = book
        .worksheet_cells_reader(&sheet)
        .map_err(|_| unreadable())?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    while let Some(cell) = cells.next_cell().map_err(|_| unreadable())? {
        let (r, c) = cell.get_position();
        let (r, c) = (r as usize, c as usize);
        if r >= MAX_ROWS + 2 || c >= MAX_COLUMNS {
            continue;
        }
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut rows[r];
        if row.len() <= c {
            row.resize(c + 1, String::new());
        }
        row[c] = cell_text(&calamine::Data::from(cell.get_value().clone()));
    }
    Ok(rows)
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, AppError> {
    let text = decode(bytes).ok_or_else(unreadable)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records().take(MAX_ROWS + 2) {
        let record = record.map_err(|e| {
            AppError::Invalid(format!(
                "CSV 格式错误（第 {} 行）",
                e.position().map(|p| p.line()).unwrap_or(0)
            ))
        })?;
        rows.push(
            record
                .iter()
                .take(MAX_COLUMNS)
                .map(str::to_string)
                .collect(),
        );
    }
    Ok(rows)
}

/// UTF-8 (with or without BOM), else GBK/GB18030 as Excel writes CSV on a
/// Chinese Windows; `None` for binary content.
fn decode(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return None;
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some(s.to_string());
    }
    let (s, _, bad) = encoding_rs::GB18030.decode(bytes);
    (!bad).then(|| s.into_owned())
}

/// The file's rows in the kind's column order, each with its row number as
/// a spreadsheet shows it; blank rows are skipped.
fn normalize(
    kind: ImportKind,
    table: Vec<Vec<String>>,
) -> Result<Vec<(usize, Vec<String>)>, AppError> {
    let mut it = table.into_iter();
    let header = it
        .next()
        .ok_or_else(|| AppError::Invalid("文件是空的".into()))?;
    let header: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let mut index = Vec::new();
    let mut missing = Vec::new();
    for col in kind.columns() {
        match header.iter().position(|h| h == col) {
            Some(i) => index.push(i),
            None => missing.push(*col),
        }
    }
    if !missing.is_empty() {
        return Err(AppError::Invalid(format!(
            "第 1 行应为列名，缺少：{}（可下载模板）",
            missing.join("、")
        )));
    }
    let rows: Vec<(usize, Vec<String>)> = it
        .enumerate()
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .map(|(i, r)| {
            (
                i + 2,
                index
                    .iter()
                    .map(|&c| r.get(c).map(|s| s.trim().to_string()).unwrap_or_default())
                    .collect(),
            )
        })
        .collect();
    if rows.is_empty() {
        return Err(AppError::Invalid("文件中没有数据行".into()));
    }
    if rows.len() > MAX_ROWS {
        return Err(AppError::Invalid(format!(
            "一次最多导入 {MAX_ROWS} 行，请分批导入"
        )));
    }
    Ok(rows)
}

fn school_of(cells: &[String]) -> Result<SchoolInput, String> {
    let mut s = SchoolInput {
        code: cells[0].clone(),
        name: cells[1].clone(),
        school_type: parse_school_type(&cells[2])?,
        six_three: parse_yes_no(&cells[3], "六三制")?,
        region_code: cells[4].clone(),
    };
    check_school(&mut s)?;
    Ok(s)
}

fn user_of(cells: &[String]) -> Result<UserInput, String> {
    let mut u = UserInput {
        username: cells[0].clone(),
        name: cells[1].clone(),
        role: parse_role(&cells[2])?,
        region_code: cells[3].clone(),
        school_code: cells[4].clone(),
        phone: cells[5].clone(),
        email: cells[6].clone(),
    };
    check_user(&mut u)?;
    Ok(u)
}

fn message(e: ServiceError) -> Result<String, ServiceError> {
    match e {
        ServiceError::App(AppError::Invalid(m) | AppError::Refused(m)) => Ok(m),
        other => Err(other),
    }
}

/// Every broken row of `rows`, checked against the database as the actor
/// sees it.
async fn check_rows(
    db: &impl ConnectionTrait,
    actor: &Actor,
    kind: ImportKind,
    rows: &[(usize, Vec<String>)],
) -> ServiceResult<Vec<RowError>> {
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let mut region_ok: HashMap<String, Result<(), String>> = HashMap::new();
    for (row, cells) in rows {
        let problem: Option<String> = match kind {
            ImportKind::Schools => match school_of(cells) {
                Err(m) => Some(m),
                Ok(s) => {
                    if !seen.insert(s.code.clone()) {
                        Some(format!("学校代码 {} 在文件中重复", s.code))
                    } else if school_code_taken(db, &s.code).await? {
                        Some(format!("学校代码 {} 已存在", s.code))
                    } else {
                        let key = s.region_code.clone();
                        if !region_ok.contains_key(&key) {
                            let r = match admin::admin_region(db, actor, Some(&key)).await {
                                Ok(_) => Ok(()),
                                Err(ServiceError::App(AppError::NotFound)) => {
                                    Err(format!("管理地区代码 {key} 不存在或不在您的管理范围内"))
                                }
                                Err(e) => return Err(e),
                            };
                            region_ok.insert(key.clone(), r);
                        }
                        region_ok[&key].clone().err()
                    }
                }
            },
            ImportKind::Users => match user_of(cells) {
                Err(m) => Some(m),
                Ok(u) => {
                    if !seen.insert(u.username.clone()) {
                        Some(format!("用户名 {} 在文件中重复", u.username))
                    } else if username_taken(db, &u.username).await? {
                        Some(format!("用户名 {} 已被使用", u.username))
                    } else {
                        match placement(db, actor, &u).await {
                            Ok(_) => None,
                            Err(e) => Some(message(e)?),
                        }
                    }
                }
            },
        };
        if let Some(message) = problem {
            errors.push(RowError { row: *row, message });
        }
    }
    Ok(errors)
}

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
    let rows = normalize(kind, read_table(bytes, file_name)?)?;
    let errors = check_rows(&b.db, actor, kind, &rows).await?;
    let id = new_token();
    b.db.execute(stmt(
        &b.db,
        "DELETE FROM import_jobs WHERE created_at < ?",
        vec![(now - Duration::days(1)).into()],
    ))
    .await?;
    b.db.execute(stmt(
        &b.db,
        "INSERT INTO import_jobs (id, kind, user_id, created_at, payload, total, state) VALUES (?, ?, ?, ?, ?, ?, ?)",
        vec![
            id.clone().into(),
            kind.code().into(),
            (actor.user_id as i32).into(),
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

const PREVIEWED: i16 = 0;
const RUNNING: i16 = 1;
const DONE: i16 = 2;
const FAILED: i16 = 3;

struct Job {
    kind: ImportKind,
    rows: Vec<(usize, Vec<String>)>,
}

/// Claims a previewed job of the actor for running: only once. `None`
/// when it was claimed already — a 确认导入 sent again after its answer was
/// lost, which must not import twice: its progress is the first one's.
async fn claim(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: &str,
    now: DateTime<Utc>,
) -> ServiceResult<Option<Job>> {
    let row = db
        .query_one(stmt(
            db,
            "SELECT kind, payload FROM import_jobs WHERE id = ? AND user_id = ? AND created_at > ?",
            vec![
                id.into(),
                (actor.user_id as i32).into(),
                (now - Duration::hours(1)).into(),
            ],
        ))
        .await?
        .ok_or_else(|| AppError::Refused("预览已过期，请重新上传文件".into()))?;
    let claimed = db
        .execute(stmt(
            db,
            "UPDATE import_jobs SET state = ? WHERE id = ? AND state = ?",
            vec![RUNNING.into(), id.into(), PREVIEWED.into()],
        ))
        .await?;
    if claimed.rows_affected() != 1 {
        return Ok(None);
    }
    let kind: i16 = row.try_get("", "kind")?;
    let payload: String = row.try_get("", "payload")?;
    Ok(Some(Job {
        kind: ImportKind::from_code(kind)
            .ok_or_else(|| ServiceError::Internal(format!("bad import kind {kind}")))?,
        rows: serde_json::from_str(&payload).map_err(|e| ServiceError::Internal(e.to_string()))?,
    }))
}

/// What a running import needs, owned: it outlives the request.
struct Ctx {
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
        let (state, message) = match outcome {
            Ok(()) => (DONE, None),
            Err(e) => match message(e) {
                Ok(m) => (FAILED, Some(m)),
                Err(other) => {
                    let e: AppError = other.into();
                    (FAILED, Some(e.to_string()))
                }
            },
        };
        if let Err(e) = ctx
            .db
            .execute(stmt(
                &ctx.db,
                "UPDATE import_jobs SET state = ?, message = ? WHERE id = ?",
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
async fn run(ctx: &Ctx, actor: &Actor, id: &str, job: Job) -> ServiceResult<()> {
    let now = ctx.now;
    let txn = crate::db::begin_write(&ctx.db).await?;
    let errors = check_rows(&txn, actor, job.kind, &job.rows).await?;
    if let Some(first) = errors.first() {
        // Broken at the preview already, or made so since by another change.
        return Err(AppError::Refused(format!(
            "未导入任何数据：第 {} 行：{}",
            first.row, first.message
        ))
        .into());
    }
    let mut mails = Vec::new();
    // From which month each region's new schools are listed: the same for
    // every row of a region within this one transaction.
    let mut listed_from: HashMap<i32, app::domain::Period> = HashMap::new();
    for (done, (_, cells)) in job.rows.iter().enumerate() {
        match job.kind {
            ImportKind::Schools => {
                let s = school_of(cells).map_err(AppError::Invalid)?;
                let region = admin::admin_region(&txn, actor, Some(&s.region_code)).await?;
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
                            minutes: admin::WELCOME_LINK_MINUTES,
                            subject: "【教育信息化工作进展信息系统】账号已创建，请设置密码",
                            body: &welcome_body(&u.username),
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
    let row =
        b.db.query_one(stmt(
            &b.db,
            "SELECT total, state, message FROM import_jobs WHERE id = ? AND user_id = ?",
            vec![id.into(), (actor.user_id as i32).into()],
        ))
        .await?
        .ok_or(AppError::NotFound)?;
    let total = row.try_get::<i32>("", "total")? as usize;
    let state: i16 = row.try_get("", "state")?;
    let running = b
        .imports
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(id)
        .copied();
    let state = match state {
        PREVIEWED => ImportState::Previewed,
        DONE => ImportState::Done,
        FAILED => ImportState::Failed(
            row.try_get::<Option<String>>("", "message")?
                .unwrap_or_default(),
        ),
        // Running here, or on another instance (no count known there).
        _ => ImportState::Running {
            done: running.unwrap_or(0),
        },
    };
    Ok(ImportProgress { total, state })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_csv_is_read() {
        let (bytes, _, _) = encoding_rs::GBK.encode("学校代码,学校名称\n4301020001,长沙一中\n");
        let rows = read_table(&bytes, "a.csv").unwrap();
        assert_eq!(rows[1], vec!["4301020001", "长沙一中"]);
    }

    #[test]
    fn utf8_bom_is_dropped_and_columns_are_found_by_name() {
        let csv = "\u{feff}管理地区代码,学校名称,学校代码,六三制,学校类型,备注\n430102,长沙一中,4301020001,是,小学,x\n,,,,,\n";
        let rows = normalize(
            ImportKind::Schools,
            read_table(csv.as_bytes(), "a.csv").unwrap(),
        )
        .unwrap();
        assert_eq!(rows.len(), 1, "blank rows are skipped");
        assert_eq!(rows[0].0, 2);
        assert_eq!(
            rows[0].1,
            vec!["4301020001", "长沙一中", "小学", "是", "430102"]
        );
    }

    #[test]
    fn missing_columns_and_binary_files_are_clear_errors() {
        let e = normalize(
            ImportKind::Users,
            read_table("用户名,姓名\n".as_bytes(), "u.csv").unwrap(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("角色"));
        assert!(read_table(b"\x00\x01\x02", "x.csv").is_err());
        assert!(read_table(b"not a zip", "x.xlsx").is_err());
    }

    #[test]
    fn numbers_from_excel_keep_their_digits() {
        assert_eq!(
            cell_text(&calamine::Data::Float(4301020001.0)),
            "4301020001"
        );
        assert_eq!(cell_text(&calamine::Data::Int(430102)), "430102");
    }
}
