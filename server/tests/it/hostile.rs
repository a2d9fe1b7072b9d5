//! Hostile files at 批量导入: the reader's memory stays bounded whatever a
//! workbook declares (a cell at XFD1048576, a zip bomb, one long shared
//! string behind every cell, millions of shared strings), a malformed cell
//! reference is refused rather than crashing the reader, and no bytes at
//! all make it panic — every refusal is a plain `Invalid`.

use app::error::AppError;
use app::message::ImportIssue;
use proptest::prelude::*;
use server::import::{
    read_table, MAX_ATTRIBUTE, MAX_CELL, MAX_COLUMNS, MAX_FORMATS, MAX_PART_NAME, MAX_ROWS,
    MAX_SHARED_STRINGS,
};
use std::io::Write;

fn workbook(cells: &[(u32, u16, &str)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, c, v) in cells {
        sheet.write_string(*r, *c, *v).unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn a_cell_at_the_far_corner_of_a_sheet_allocates_nothing() {
    let bytes = workbook(&[
        (0, 0, "学校代码"),
        (0, 1, "学校名称"),
        (1048575, 16383, "x"),
    ]);
    assert!(bytes.len() < 20_000);
    let rows = read_table(&bytes, "far.xlsx").unwrap();
    assert!(rows.len() <= MAX_ROWS + 2);
    assert!(rows.iter().all(|r| r.len() <= MAX_COLUMNS));
    assert_eq!(
        rows[0][..2],
        ["学校代码".to_string(), "学校名称".to_string()]
    );
}

/// `bytes` (an .xlsx) with the zip entry `name` holding `content` instead.
fn with_entry(bytes: &[u8], name: &str, content: &[u8]) -> Vec<u8> {
    let mut from = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for i in 0..from.len() {
            let mut entry = from.by_index(i).unwrap();
            let entry_name = entry.name().unwrap().to_string();
            if entry_name == name {
                continue;
            }
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
            zip.start_file(entry_name, options).unwrap();
            zip.write_all(&data).unwrap();
        }
        zip.start_file(name, options).unwrap();
        zip.write_all(content).unwrap();
        zip.finish().unwrap();
    }
    out.into_inner()
}

/// The reading was refused as the sender's mistake, for this reason.
fn invalid(r: Result<Vec<Vec<String>>, AppError>, why: ImportIssue) {
    assert_eq!(r.map(|rows| rows.len()), Err(AppError::Invalid(why.into())));
}

fn too_long(row: usize, column: usize) -> ImportIssue {
    ImportIssue::CellTooLong {
        row,
        column,
        max: MAX_CELL,
    }
}

#[test]
fn one_long_string_behind_every_cell_is_refused_not_multiplied() {
    let long = "长".repeat(MAX_CELL + 1);
    let mut cells = vec![(0, 0, "用户名")];
    for r in 1..1000u32 {
        for c in 0..7u16 {
            cells.push((r, c, long.as_str()));
        }
    }
    let bytes = workbook(&cells);
    assert!(bytes.len() < 100_000, "{}", bytes.len());
    invalid(read_table(&bytes, "amp.xlsx"), too_long(2, 1));
    // A CSV cell is held to the same bound.
    let csv = format!("用户名,姓名\nu1,{long}\n");
    invalid(read_table(csv.as_bytes(), "amp.csv"), too_long(2, 2));
}

#[test]
fn millions_of_shared_strings_are_counted_before_the_reader_keeps_them() {
    let base = workbook(&[(0, 0, "用户名")]);
    let mut sst = b"<?xml version=\"1.0\"?><sst>".to_vec();
    for _ in 0..=MAX_SHARED_STRINGS {
        sst.extend_from_slice(b"<si/>");
    }
    sst.extend_from_slice(b"</sst>");
    let bytes = with_entry(&base, "xl/sharedStrings.xml", &sst);
    invalid(read_table(&bytes, "sst.xlsx"), ImportIssue::TooMuchContent);
}

#[test]
fn a_cell_reference_beyond_any_sheet_is_refused_not_a_crash() {
    let base = workbook(&[(0, 0, "用户名")]);
    for reference in ["ZZZZZZZZZZZZ2", "A5000000000", "XFD99999999999999999999"] {
        let row = reference.trim_start_matches(char::is_alphabetic);
        let sheet = format!(
            "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
             <sheetData><row r=\"{row}\"><c r=\"{reference}\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData></worksheet>"
        );
        let bytes = with_entry(&base, "xl/worksheets/sheet1.xml", sheet.as_bytes());
        // Either nothing readable or a plain refusal: never a panic.
        match read_table(&bytes, "ref.xlsx") {
            Ok(rows) => assert!(rows.len() <= MAX_ROWS + 2),
            Err(e) => assert!(matches!(e, AppError::Invalid(_)), "{e:?}"),
        }
    }
}

#[test]
fn a_shared_string_table_that_declares_billions_is_refused_before_it_is_opened() {
    let base = workbook(&[(0, 0, "用户名")]);
    for sst in [
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="1000000000000"></sst>"#,
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count = '99999999999' uniqueCount="1"></sst>"#,
    ] {
        let bytes = with_entry(&base, "xl/sharedStrings.xml", sst.as_bytes());
        invalid(
            read_table(&bytes, "declared.xlsx"),
            ImportIssue::TooMuchContent,
        );
    }
}

#[test]
fn shared_strings_are_counted_wherever_they_are_and_however_prefixed() {
    let base = workbook(&[(0, 0, "用户名")]);
    let mut many =
        b"<x:sst xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">".to_vec();
    for _ in 0..=MAX_SHARED_STRINGS {
        many.extend_from_slice(b"<x:si/>");
    }
    many.extend_from_slice(b"</x:sst>");
    // Another name (the reader compares names without case), another
    // folder: counted all the same.
    for name in ["xl/SharedStrings.xml", "other/strings.xml"] {
        let bytes = with_entry(&base, name, &many);
        invalid(
            read_table(&bytes, "hidden.xlsx"),
            ImportIssue::TooMuchContent,
        );
    }
}

#[test]
fn every_kind_of_cell_is_held_to_the_cell_bound() {
    let base = workbook(&[(0, 0, "用户名")]);
    let long = "A".repeat(MAX_CELL * 4);
    let sheet = format!(
        "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
         <sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>用户名</t></is></c></row>\
         <row r=\"2\"><c r=\"B2\" t=\"d\"><v>{long}</v></c></row></sheetData></worksheet>"
    );
    let bytes = with_entry(&base, "xl/worksheets/sheet1.xml", sheet.as_bytes());
    invalid(read_table(&bytes, "date.xlsx"), too_long(2, 2));
}

#[test]
fn what_the_reader_copies_per_format_or_sheet_is_bounded() {
    let base = workbook(&[(0, 0, "用户名")]);
    // A long number format that every cell format would copy.
    let long_code = format!(
        r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="{}"/></numFmts><cellXfs count="2"><xf numFmtId="164"/><xf numFmtId="164"/></cellXfs></styleSheet>"#,
        "0".repeat(MAX_ATTRIBUTE + 1)
    );
    let bytes = with_entry(&base, "xl/styles.xml", long_code.as_bytes());
    invalid(read_table(&bytes, "fmt.xlsx"), ImportIssue::Unreadable);
    // Too many cell formats.
    let mut many = br#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>"#.to_vec();
    for _ in 0..=MAX_FORMATS {
        many.extend_from_slice(b"<xf numFmtId=\"0\"/>");
    }
    many.extend_from_slice(b"</cellXfs></styleSheet>");
    let bytes = with_entry(&base, "xl/styles.xml", &many);
    invalid(read_table(&bytes, "xfs.xlsx"), ImportIssue::TooMuchContent);
    // A part whose long folder every sheet's path would repeat.
    let name = format!("{}/workbook.xml", "x".repeat(MAX_PART_NAME));
    let bytes = with_entry(&base, &name, b"<workbook/>");
    invalid(read_table(&bytes, "path.xlsx"), ImportIssue::Unreadable);
}

#[test]
fn control_characters_and_endless_csv_lines_are_refused() {
    let csv = "用户名,姓名\nu1,\u{1}\u{1}\u{1}\n";
    invalid(
        read_table(csv.as_bytes(), "ctl.csv"),
        ImportIssue::ControlCharacter { row: 2, column: 2 },
    );
    let wide = format!(
        "用户名,姓名\n{}\n",
        ",".repeat(server::import::MAX_LINE_FIELDS + 1)
    );
    invalid(
        read_table(wide.as_bytes(), "wide.csv"),
        ImportIssue::CsvTooManyColumns { line: 2 },
    );
    let bytes = workbook(&[(0, 0, "用户名"), (1, 0, "a\u{7}b")]);
    invalid(
        read_table(&bytes, "ctl.xlsx"),
        ImportIssue::ControlCharacter { row: 2, column: 1 },
    );
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_read() {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        let block = vec![b' '; 1 << 20];
        for _ in 0..80 {
            zip.write_all(&block).unwrap();
        }
        zip.finish().unwrap();
    }
    let bytes = out.into_inner();
    assert!(bytes.len() < 1_000_000, "{}", bytes.len());
    let e = read_table(&bytes, "bomb.xlsx").unwrap_err();
    assert_eq!(e, AppError::Invalid(ImportIssue::UnpacksTooLarge.into()));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn no_bytes_make_the_reader_panic(
        body in proptest::collection::vec(any::<u8>(), 0..4000),
        zipped in any::<bool>(),
        name in prop_oneof![Just("a.csv"), Just("a.xlsx"), Just("a.xls"), Just("a")],
    ) {
        let bytes = if zipped {
            let mut b = b"PK\x03\x04".to_vec();
            b.extend(&body);
            b
        } else {
            body
        };
        match read_table(&bytes, name) {
            Ok(rows) => {
                prop_assert!(rows.len() <= MAX_ROWS + 2);
                prop_assert!(rows.iter().all(|r| r.len() <= MAX_COLUMNS));
            }
            Err(e) => prop_assert!(matches!(e, AppError::Invalid(_)), "{:?}", e),
        }
    }

    #[test]
    fn hostile_csv_reads_bounded(
        cells in proptest::collection::vec("[^\\x00]{0,40}", 0..200),
        width in 1usize..80,
    ) {
        let text: String = cells
            .chunks(width)
            .map(|r| r.join(","))
            .collect::<Vec<_>>()
            .join("\n");
        match read_table(text.as_bytes(), "h.csv") {
            Ok(rows) => prop_assert!(rows.iter().all(|r| r.len() <= MAX_COLUMNS)),
            Err(e) => prop_assert!(matches!(e, AppError::Invalid(_)), "{:?}", e),
        }
    }
}
