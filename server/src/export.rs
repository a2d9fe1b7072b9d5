//! Files for spreadsheets: the admin lists (地区, 学校, 用户) and any status
//! table (上报情况) as the actor may see them, as XLSX or CSV; the import
//! templates; the upload of an import file for its preview. Headings,
//! sheet and file names and the values the product names (levels, states,
//! roles, 是/否) are in the requester's locale (`edge::reader`); the data
//! (names, codes) as stored.
//! Lists are written with rust_xlsxwriter's constant-memory mode, so the
//! national list of 200,000 schools does not sit in memory as cells.

use crate::admin;
use crate::backend::ServerBackend;
use crate::edge::CurrentActor;
use crate::error::{ServiceError, ServiceResult};
use crate::import;
use crate::upload::{attachment_response, error_response, Kind};
use app::admin::model::ImportKind;
use app::backend::Actor;
use app::domain::code::RegionCode;
use app::domain::{cst_date, Level, Period};
use app::error::AppError;
use app::i18n::exports::{self as words, ListExport};
use app::i18n::{role_name, Locale, Named};
use app::message::ImportIssue;
use app::report::model::{export_columns, Column};
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rust_xlsxwriter::{Format, Workbook};
use sea_orm::ConnectionTrait;
use std::sync::Arc;

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> ServiceError {
    ServiceError::Internal(e.to_string())
}

/// A whole number as written in a cell of a column of numbers; `None`
/// for a text column (codes, phones, logins keep their leading zeros).
fn as_number(cell: &str, column: Option<&Column>) -> Option<f64> {
    if column.is_none_or(|c| c.text) || cell.is_empty() || cell.len() > 15 {
        return None;
    }
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    if digits.bytes().all(|b| b.is_ascii_digit()) && !digits.is_empty() {
        cell.parse().ok()
    } else {
        None
    }
}

/// A cell of a CSV export that a spreadsheet would run as a formula
/// (CWE-1236: `=`, `+`, `-`, `@`, tab, carriage return first) gets a `'`
/// before it and is read as text; numbers stay numbers.
pub fn csv_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// A workbook of one sheet: bold header, frozen first row; figures as
/// numbers, everything else (codes included) as text — a text cell is
/// never a formula.
pub fn workbook(
    sheet: &str,
    columns: &[Column],
    rows: impl Iterator<Item = Vec<String>>,
) -> ServiceResult<Vec<u8>> {
    let mut book = Workbook::new();
    let ws = book
        .add_worksheet_with_constant_memory()
        .map_err(xlsx_error)?;
    ws.set_name(sheet).map_err(xlsx_error)?;
    let bold = Format::new().set_bold();
    for (c, column) in columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, &column.name, &bold)
            .map_err(xlsx_error)?;
        ws.set_column_width(c as u16, if c == 1 { 30 } else { 16 })
            .map_err(xlsx_error)?;
    }
    ws.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    for (r, row) in rows.enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match as_number(cell, columns.get(c)) {
                Some(n) => ws.write_number(r as u32 + 1, c as u16, n),
                None => ws.write_string(r as u32 + 1, c as u16, cell),
            }
            .map_err(xlsx_error)?;
        }
    }
    book.save_to_buffer().map_err(xlsx_error)
}

/// A line of the region list.
#[derive(sea_orm::FromQueryResult)]
struct RegionLine {
    code: RegionCode,
    name: String,
    level: Level,
    parent_code: Option<RegionCode>,
    schools: i64,
}

/// The regions of the actor's subtree (or of `region`'s), in code order.
async fn region_rows(
    db: &impl ConnectionTrait,
    actor: &Actor,
    region: Option<&str>,
    locale: Locale,
) -> ServiceResult<Vec<Vec<String>>> {
    let target = crate::scope::admin_region(
        db,
        actor,
        crate::scope::region_code_or_own(region)?.as_ref(),
    )
    .await?;
    let rows = crate::db::rows::<RegionLine>(
        db,
        "SELECT r.code, r.name, r.level, p.code AS parent_code, \
         (SELECT COUNT(*) FROM schools s WHERE s.region_id = r.id AND s.closed = $1) AS schools \
         FROM region_closure c JOIN regions r ON r.id = c.descendant_id \
         LEFT JOIN regions p ON p.id = r.parent_id \
         WHERE c.ancestor_id = $2 ORDER BY r.code",
        vec![false.into(), target.id.into()],
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            vec![
                r.code.into(),
                r.name,
                r.level.name(locale).to_string(),
                r.parent_code.map(String::from).unwrap_or_default(),
                r.schools.to_string(),
            ]
        })
        .collect())
}

#[derive(serde::Deserialize)]
pub struct ListQuery {
    region: Option<String>,
    #[serde(default)]
    q: String,
    /// The month of a status table (default: the current one).
    y: Option<i32>,
    m: Option<u32>,
}

/// A list ready to be written as XLSX or CSV.
struct Sheet {
    /// Without extension.
    file: String,
    sheet: &'static str,
    columns: Vec<Column>,
    rows: Vec<Vec<String>>,
}

/// The list or table `what`, worded in `locale`.
async fn sheet_of(
    b: &ServerBackend,
    actor: &Actor,
    what: &str,
    query: &ListQuery,
    locale: Locale,
) -> ServiceResult<Sheet> {
    let region = query.region.as_deref().filter(|r| !r.is_empty());
    let list = |l: ListExport| {
        (
            l.file(locale).to_string(),
            l.sheet(locale),
            l.columns(locale),
        )
    };
    Ok(match what {
        "regions" => {
            let (file, sheet, columns) = list(ListExport::Regions);
            Sheet {
                file,
                sheet,
                columns,
                rows: region_rows(&b.db, actor, region, locale).await?,
            }
        }
        "schools" => {
            let (file, sheet, columns) = list(ListExport::Schools);
            let list = admin::schools(&b.db, actor, region, &query.q, None).await?;
            let rows = list
                .rows
                .into_iter()
                .map(|s| {
                    vec![
                        s.code,
                        s.name,
                        s.school_type.name(locale).to_string(),
                        words::yes_no(locale, s.six_three).to_string(),
                        s.region_code,
                        s.region_name,
                        words::school_state(locale, s.closed).to_string(),
                    ]
                })
                .collect();
            Sheet {
                file,
                sheet,
                columns,
                rows,
            }
        }
        "users" => {
            let (file, sheet, columns) = list(ListExport::Users);
            let list = admin::users(&b.db, actor, region, &query.q, None).await?;
            let rows = list
                .rows
                .into_iter()
                .map(|u| {
                    let region_code = if u.school_code.is_some() {
                        String::new()
                    } else {
                        u.region_code.clone()
                    };
                    let role_label = u.role_label(locale);
                    vec![
                        u.username,
                        u.name,
                        role_name(u.role, None, locale).to_string(),
                        region_code,
                        u.school_code.unwrap_or_default(),
                        u.phone,
                        u.email,
                        role_label,
                        words::account_state(locale, u.disabled).to_string(),
                    ]
                })
                .collect();
            Sheet {
                file,
                sheet,
                columns,
                rows,
            }
        }
        // Any status table the actor may read, as the 上报情况 screen shows it.
        "report" => {
            let now = b.clock.now();
            let period = match (query.y, query.m) {
                (Some(y), Some(m)) => {
                    Period::viewable(y, m, cst_date(now)).map_err(AppError::from)?
                }
                _ => Period::of(cst_date(now)),
            };
            let region = crate::scope::region_code_or_own(region)?;
            let table =
                crate::report::report_table(&b.db, actor, region.as_ref(), period, now).await?;
            Sheet {
                file: table.export_title(locale),
                sheet: app::report::model::export_sheet(locale),
                columns: export_columns(locale),
                rows: table.export_rows(locale),
            }
        }
        _ => return Err(AppError::NotFound.into()),
    })
}

/// CSV with a BOM, so Excel on a Chinese Windows opens it as UTF-8.
fn csv_bytes(columns: &[Column], rows: &[Vec<String>]) -> ServiceResult<Vec<u8>> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let fail = |e: csv::Error| ServiceError::Internal(e.to_string());
    w.write_record(columns.iter().map(|c| &c.name))
        .map_err(fail)?;
    for r in rows {
        w.write_record(r.iter().map(|c| csv_cell(c).into_owned()))
            .map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| ServiceError::Internal(e.to_string()))
}

/// `GET /files/export/{regions|schools|users|report}.{xlsx|csv}?region=&q=&y=&m=`:
/// the list or status table as the actor may see it, with the same search
/// as the page, in the requester's locale.
pub async fn export(
    State(b): State<Arc<ServerBackend>>,
    CurrentActor(actor, _): CurrentActor,
    Path(file): Path<String>,
    Query(query): Query<ListQuery>,
) -> Response {
    let Some((what, ext)) = file.rsplit_once('.') else {
        return error_response(AppError::NotFound);
    };
    if ext != "xlsx" && ext != "csv" {
        return error_response(AppError::NotFound);
    }
    let result = async {
        let s = sheet_of(&b, &actor, what, &query, crate::edge::reader()).await?;
        if ext == "csv" {
            Ok((
                csv_bytes(&s.columns, &s.rows)?,
                format!("{}.csv", s.file),
                Kind::Csv,
            ))
        } else {
            let bytes = workbook(s.sheet, &s.columns, s.rows.into_iter())?;
            Ok::<_, ServiceError>((bytes, format!("{}.xlsx", s.file), Kind::Xlsx))
        }
    }
    .await;
    match result {
        Ok((bytes, name, kind)) => attachment_response(bytes, &name, Some(kind)),
        Err(e) => error_response(e),
    }
}

fn kind_of(slug: &str) -> Option<ImportKind> {
    [ImportKind::Schools, ImportKind::Users]
        .into_iter()
        .find(|k| k.slug() == slug)
}

/// `GET /files/template/{schools|users}.xlsx`: the columns an import needs,
/// with one example row, headed in the requester's locale (the import reads
/// either locale's headings). The example's school type, 是 and role are
/// the words the import reads, the same in every locale.
pub async fn template(CurrentActor(actor, _): CurrentActor, Path(file): Path<String>) -> Response {
    // Only administrators import; nobody else has a use for the template.
    if !app::domain::admin::administers(actor.role) {
        return error_response(AppError::NotFound);
    }
    let Some(kind) = file.strip_suffix(".xlsx").and_then(kind_of) else {
        return error_response(AppError::NotFound);
    };
    let locale = crate::edge::reader();
    let example: Vec<String> = match kind {
        ImportKind::Schools => [
            "4301020099",
            words::example_school_name(locale),
            "小学",
            "是",
            "430102",
        ]
        .map(String::from)
        .to_vec(),
        ImportKind::Users => [
            "zhang_san",
            words::example_person_name(locale),
            "学校管理员",
            "",
            "4301020099",
            "13800000000",
            "zhangsan@example.com",
        ]
        .map(String::from)
        .to_vec(),
    };
    match workbook(
        kind.name(locale),
        &words::import_columns(kind, locale),
        std::iter::once(example),
    ) {
        Ok(bytes) => attachment_response(
            bytes,
            &format!("{}.xlsx", words::template_file(kind, locale)),
            Some(Kind::Xlsx),
        ),
        Err(e) => error_response(e),
    }
}

/// `POST /api/import/{schools|users}` (multipart: file): reads and checks
/// the file and answers the preview as JSON. Writes nothing but the
/// preview's own record.
pub async fn upload_import(
    State(b): State<Arc<ServerBackend>>,
    CurrentActor(actor, _): CurrentActor,
    Path(slug): Path<String>,
    mut form: Multipart,
) -> Response {
    let Some(kind) = kind_of(&slug) else {
        return error_response(AppError::NotFound);
    };
    let result: ServiceResult<_> = async {
        while let Some(mut field) = crate::upload::next_part(&mut form).await? {
            if field.name() != Some("file") {
                continue;
            }
            let name = field.file_name().unwrap_or("").to_string();
            let over = ImportIssue::TooLarge {
                limit_mib: (import::MAX_BYTES / (1024 * 1024)) as u64,
            };
            let bytes = crate::upload::read_file(&mut field, import::MAX_BYTES, over).await?;
            return import::preview(&b, &actor, kind, &bytes, &name).await;
        }
        Err(AppError::Invalid(ImportIssue::NoFile.into()).into())
    }
    .await;
    match result {
        Ok(p) => Json(p).into_response(),
        Err(e) => error_response(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_cell_that_would_run_as_a_formula_is_text() {
        assert_eq!(csv_cell("@SUM(1+1)*2"), "'@SUM(1+1)*2");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("+1 555"), "'+1 555");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("-3"), "-3", "a number stays a number");
        assert_eq!(csv_cell("岳麓区"), "岳麓区");
    }

    #[test]
    fn figures_are_numbers_codes_stay_text() {
        let figure = Column::value("学生数(人)");
        let code = Column::text("学校代码");
        assert_eq!(as_number("3053", Some(&figure)), Some(3053.0));
        assert_eq!(as_number("4301040001", Some(&code)), None);
        assert_eq!(as_number("0731", Some(&Column::text("Phone"))), None);
        assert_eq!(as_number("已上报", Some(&figure)), None);
        assert_eq!(as_number("12", None), None, "a cell beyond the headings");
    }

    #[test]
    fn the_status_tables_chinese_headings_are_the_manuals() {
        let names: Vec<String> = export_columns(Locale::zh_CN)
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(
            names[..8],
            [
                "序列",
                "地区",
                "地区代码",
                "是否上报",
                "月报文本",
                "上报人",
                "联系电话",
                "上报时间"
            ]
        );
        for c in export_columns(Locale::en) {
            assert!(
                !c.name
                    .chars()
                    .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)),
                "{}",
                c.name
            );
        }
    }
}
