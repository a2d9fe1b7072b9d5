//! Hostile files at 批量导入: the reader's memory stays bounded whatever a
//! workbook declares (a cell at XFD1048576, a zip bomb), and no bytes at
//! all make it panic — every refusal is a plain `Invalid`.

use app::error::AppError;
use proptest::prelude::*;
use server::import::{read_table, MAX_COLUMNS, MAX_ROWS};
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
    assert!(
        matches!(&e, AppError::Invalid(m) if m.contains("解压后过大")),
        "{e:?}"
    );
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
