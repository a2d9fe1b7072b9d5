//! Reading an untrusted file into rows of text, with bounded memory and
//! time whatever it declares: CSV (UTF-8 or GBK) and XLSX, measured
//! unpacked (and its shared strings counted) before it is opened, read cell
//! by cell within `MAX_ROWS` rows and `MAX_COLUMNS` columns, each cell at
//! most `MAX_CELL` characters and all of them `MAX_TEXT` bytes — so a small
//! workbook whose cells all point at one long shared string is refused,
//! not multiplied. A reader's panic on a malformed sheet is a refusal too.

mod package;

use app::admin::model::ImportKind;
use app::error::AppError;
use app::message::{FileIssue, ImportIssue};
pub use package::*;

pub const MAX_BYTES: usize = 10 * 1024 * 1024;

pub const MAX_ROWS: usize = 50_000;

pub(super) fn cell_text(d: &calamine::Data) -> String {
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

/// The longest cell, in characters: a school's name (100) and an e-mail
/// address (254 bytes at most, ASCII) fit.
pub const MAX_CELL: usize = 256;

/// All the text kept from one file, in bytes: 50,000 ordinary rows take a
/// few megabytes.
pub const MAX_TEXT: usize = 16 * 1024 * 1024;

/// The most shared strings a workbook may declare: one per cell that can
/// be read. The reader keeps them all in memory when it opens the file.
pub const MAX_SHARED_STRINGS: u64 = ((MAX_ROWS + 2) * MAX_COLUMNS) as u64;

/// What the kept cells have cost so far; refuses a cell over `MAX_CELL` or
/// a file over `MAX_TEXT`, naming the cell as a spreadsheet shows it.
struct Budget(usize);

impl Budget {
    fn take(&mut self, text: &str, row: usize, col: usize) -> Result<(), AppError> {
        // Invisible control characters have no place in a code, a name or
        // an address (and each costs six bytes once stored as JSON).
        if text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        {
            return Err(AppError::Invalid(
                ImportIssue::ControlCharacter {
                    row: row + 1,
                    column: col + 1,
                }
                .into(),
            ));
        }
        if text.chars().count() > MAX_CELL {
            return Err(AppError::Invalid(
                ImportIssue::CellTooLong {
                    row: row + 1,
                    column: col + 1,
                    max: MAX_CELL,
                }
                .into(),
            ));
        }
        self.0 += text.len();
        if self.0 > MAX_TEXT {
            return Err(AppError::Invalid(ImportIssue::TooMuchContent.into()));
        }
        Ok(())
    }
}

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
        Err(AppError::Invalid(ImportIssue::NotXlsx.into()))
    } else {
        read_csv(bytes)
    }
}

pub(super) fn unreadable() -> AppError {
    AppError::Invalid(ImportIssue::Unreadable.into())
}

pub(super) fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, AppError> {
    check_unpacked(bytes)?;
    // The reader trusts a cell's reference in arithmetic that can overflow
    // (a panic): a malformed sheet is the sender's mistake, not a fault.
    std::panic::catch_unwind(|| read_cells(bytes)).unwrap_or_else(|_| Err(unreadable()))
}

fn read_cells(bytes: &[u8]) -> Result<Vec<Vec<String>>, AppError> {
    use calamine::{DataType, Reader};
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(|_| unreadable())?;
    let sheet = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| AppError::Invalid(ImportIssue::NoSheet.into()))?;
    let mut cells = book
        .worksheet_cells_reader(&sheet)
        .map_err(|_| unreadable())?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut budget = Budget(0);
    while let Some(cell) = cells.next_cell().map_err(|_| unreadable())? {
        let (r, c) = cell.get_position();
        let (r, c) = (r as usize, c as usize);
        if r >= MAX_ROWS + 2 || c >= MAX_COLUMNS {
            continue;
        }
        // A string is measured before it is copied: a shared string is one
        // in the file however many cells point at it. Every other kind of
        // cell (dates and durations keep their text) is measured as shown.
        let text = match cell.get_value().get_string() {
            Some(text) => {
                budget.take(text, r, c)?;
                text.to_string()
            }
            None => {
                let text = cell_text(&calamine::Data::from(cell.get_value().clone()));
                budget.take(&text, r, c)?;
                text
            }
        };
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut rows[r];
        if row.len() <= c {
            row.resize(c + 1, String::new());
        }
        row[c] = text;
    }
    Ok(rows)
}

/// The most separators one CSV line may hold: 32 columns of 256
/// characters, every one a comma, stay below. The parser indexes every
/// field of a line before any is skipped.
pub const MAX_LINE_FIELDS: usize = 10_000;

pub(super) fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, AppError> {
    let text = decode(bytes).ok_or_else(unreadable)?;
    if let Some(line) = text
        .lines()
        .position(|l| l.bytes().filter(|b| *b == b',').count() > MAX_LINE_FIELDS)
    {
        return Err(AppError::Invalid(
            ImportIssue::CsvTooManyColumns {
                line: line as u64 + 1,
            }
            .into(),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut budget = Budget(0);
    for (r, record) in reader.records().take(MAX_ROWS + 2).enumerate() {
        let record = record.map_err(|e| {
            AppError::Invalid(
                ImportIssue::CsvMalformed {
                    line: e.position().map(|p| p.line()).unwrap_or(0),
                }
                .into(),
            )
        })?;
        let mut row = Vec::new();
        for (c, cell) in record.iter().take(MAX_COLUMNS).enumerate() {
            budget.take(cell, r, c)?;
            row.push(cell.to_string());
        }
        rows.push(row);
    }
    Ok(rows)
}

/// UTF-8 (with or without BOM), else GBK/GB18030 as Excel writes CSV on a
/// Chinese Windows; `None` for binary content.
pub(super) fn decode(bytes: &[u8]) -> Option<String> {
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
pub(super) fn normalize(
    kind: ImportKind,
    table: Vec<Vec<String>>,
) -> Result<Vec<(usize, Vec<String>)>, AppError> {
    let mut it = table.into_iter();
    let header = it
        .next()
        .ok_or_else(|| AppError::Invalid(FileIssue::Empty.into()))?;
    let header: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let mut index = Vec::new();
    let mut missing = Vec::new();
    for col in kind.columns() {
        match header.iter().position(|h| kind.header_is(col, h)) {
            Some(i) => index.push(i),
            None => missing.push(*col),
        }
    }
    if !missing.is_empty() {
        return Err(AppError::Invalid(
            ImportIssue::MissingColumns {
                columns: missing.iter().map(|c| c.to_string()).collect(),
            }
            .into(),
        ));
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
        return Err(AppError::Invalid(ImportIssue::NoRows.into()));
    }
    if rows.len() > MAX_ROWS {
        return Err(AppError::Invalid(
            ImportIssue::TooManyRows { max: MAX_ROWS }.into(),
        ));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_in_pieces(xml: &[u8], piece: usize) -> (u64, u64) {
        let mut scan = XmlScan::default();
        for chunk in xml.chunks(piece) {
            scan.feed(chunk, false);
        }
        scan.feed(&[], true);
        (scan.si, scan.declared)
    }

    #[test]
    fn the_scan_sees_elements_and_declarations_across_chunk_edges() {
        let xml = br#"<x:sst uniqueCount = '1234567' count="3"><x:si><t>a</t></x:si><si/><si ><sheet/></x:sst>"#;
        for piece in [1, 2, 3, 7, 64, 4096] {
            assert_eq!(
                scan_in_pieces(xml, piece),
                (3, 1_234_567),
                "pieces of {piece}"
            );
        }
        // Padding or endless digits are taken at their worst.
        let padded = format!("<sst count{}=\"1\">", " ".repeat(1000));
        assert_eq!(scan_in_pieces(padded.as_bytes(), 5).1, u64::MAX);
        let digits = format!("<sst count=\"{}\">", "9".repeat(50));
        assert_eq!(scan_in_pieces(digits.as_bytes(), 5).1, u64::MAX);
        // An `account` of text or a word that only looks like one is not.
        assert_eq!(scan_in_pieces(b"<t>count me in</t><sib/>", 4), (0, 0));
    }

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
        let missing = ["角色", "地区代码", "学校代码", "联系电话", "电子邮件"];
        assert_eq!(
            e,
            AppError::Invalid(
                ImportIssue::MissingColumns {
                    columns: missing.map(String::from).to_vec()
                }
                .into()
            )
        );
        assert_eq!(
            read_table(b"\x00\x01\x02", "x.csv"),
            Err(AppError::Invalid(ImportIssue::Unreadable.into()))
        );
        assert_eq!(
            read_table(b"not a zip", "x.xlsx"),
            Err(AppError::Invalid(ImportIssue::NotXlsx.into()))
        );
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
