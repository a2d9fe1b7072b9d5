//! What a workbook's package declares, measured before the reader opens
//! it: how far it unpacks, and the counts the reader would multiply
//! (shared strings, cell formats, sheets, attribute values, part names).

use super::{unreadable, MAX_SHARED_STRINGS, MAX_UNPACKED};
use app::error::AppError;
use app::message::ImportIssue;

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

pub(super) fn check_unpacked(bytes: &[u8]) -> Result<(), AppError> {
    match unpacks_within(std::io::Cursor::new(bytes), MAX_UNPACKED) {
        Some(true) => {}
        Some(false) => return Err(AppError::Invalid(ImportIssue::UnpacksTooLarge.into())),
        None => return Err(unreadable()),
    }
    let Some(package) = package(std::io::Cursor::new(bytes)) else {
        return Err(unreadable());
    };
    if package.shared_strings > MAX_SHARED_STRINGS
        || package.formats > MAX_FORMATS
        || package.sheets > MAX_SHEETS
    {
        return Err(AppError::Invalid(ImportIssue::TooMuchContent.into()));
    }
    if package.longest_value > MAX_ATTRIBUTE || package.longest_name > MAX_PART_NAME {
        return Err(unreadable());
    }
    Ok(())
}

/// The most cell formats (`xf`) a workbook may have: Excel itself stops at
/// 64,000, real workbooks have dozens. The reader copies a format's code
/// and font into each.
pub const MAX_FORMATS: u64 = 16_384;

/// The most worksheets a workbook may list; the reader builds a path for
/// each.
pub const MAX_SHEETS: u64 = 1_024;

/// The longest attribute value in bytes (a number format's code is at most
/// 255 characters in Excel, a font's name 31): the reader copies some of
/// them once per cell format.
pub const MAX_ATTRIBUTE: usize = 1_024;

/// The longest name of a part inside the package, in bytes; the reader
/// copies a part's folder into every sheet's path.
pub const MAX_PART_NAME: usize = 256;

/// What a workbook's package holds, read before the reader opens it.
#[derive(Debug, Default, Clone, Copy)]
pub struct Package {
    /// Shared strings held or declared, at most (see `package`).
    pub shared_strings: u64,
    /// Cell formats (`xf` elements).
    pub formats: u64,
    /// Worksheets listed (`sheet` elements).
    pub sheets: u64,
    /// The longest attribute value, in bytes.
    pub longest_value: usize,
    /// The longest part name, in bytes.
    pub longest_name: usize,
}

/// Reads every XML part of a package as it streams by — whatever its name
/// or folder, since the reader finds parts through relationships and
/// compares names without case — and counts what the reader would
/// multiply: `si` elements (any prefix) and the largest `count` /
/// `uniqueCount` declared (the reader reserves room for what a table
/// declares before it reads a string), `xf` and `sheet` elements, the
/// longest attribute value and part name. `None`: not a readable zip.
pub fn package(reader: impl std::io::Read + std::io::Seek) -> Option<Package> {
    let mut zip = zip::ZipArchive::new(reader).ok()?;
    let mut p = Package::default();
    let (mut declared, mut elements) = (0u64, 0u64);
    for i in 0..zip.len() {
        let entry = zip.by_index(i).ok()?;
        p.longest_name = p.longest_name.max(entry.name_raw().len());
        let mut scan = XmlScan::default();
        scan.read(entry)?;
        elements += scan.si;
        declared = declared.max(scan.declared);
        p.formats += scan.xf;
        p.sheets += scan.sheet;
        p.longest_value = p.longest_value.max(scan.longest_value);
    }
    p.shared_strings = declared.max(elements);
    Some(p)
}

/// What `package` looks for in one part, fed chunk by chunk.
#[derive(Default)]
pub(super) struct XmlScan {
    /// `si` elements opened (`<si`, `<x:si`, followed by a space, `/` or
    /// `>`; closing tags are not counted).
    pub(super) si: u64,
    /// The largest number declared by an attribute named `count` or ending
    /// in `Count` (`uniqueCount`).
    pub(super) declared: u64,
    /// The end of the previous chunk, so a match across chunks is seen.
    carry: Vec<u8>,
    /// Whether `carry` begins with one byte already scanned, kept only as
    /// context.
    context: bool,
    /// `xf` and `sheet` elements opened.
    xf: u64,
    sheet: u64,
    /// The longest attribute value so far, and where the scan of values
    /// stands (each byte is seen once, in `values`).
    longest_value: usize,
    in_tag: bool,
    quote: Option<u8>,
    value_len: usize,
}

impl XmlScan {
    fn read(&mut self, mut part: impl std::io::Read) -> Option<()> {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = part.read(&mut buf).ok()?;
            if n == 0 {
                self.feed(&[], true);
                return Some(());
            }
            self.values(&buf[..n]);
            self.feed(&buf[..n], false);
        }
    }

    /// Measures attribute values (quoted text inside a tag), each byte once.
    fn values(&mut self, chunk: &[u8]) {
        for &c in chunk {
            match self.quote {
                Some(q) if c == q => self.quote = None,
                Some(_) => {
                    self.value_len += 1;
                    self.longest_value = self.longest_value.max(self.value_len);
                }
                None if self.in_tag => match c {
                    b'>' => self.in_tag = false,
                    b'"' | b'\'' => {
                        self.quote = Some(c);
                        self.value_len = 0;
                    }
                    _ => {}
                },
                None => self.in_tag = c == b'<',
            }
        }
    }

    /// Scans `carry + chunk`; keeps the bytes from where a match may have
    /// begun but not ended, unless this is the end.
    pub(super) fn feed(&mut self, chunk: &[u8], end: bool) {
        const KEEP: usize = 8;
        self.carry.extend_from_slice(chunk);
        let text = std::mem::take(&mut self.carry);
        let mut stop = if end {
            text.len()
        } else {
            text.len().saturating_sub(KEEP)
        };
        let mut i = usize::from(self.context);
        while i < stop {
            match text[i] {
                b'<' => match opened(&text[i + 1..]) {
                    Some(Opened::Si) => self.si += 1,
                    Some(Opened::Xf) => self.xf += 1,
                    Some(Opened::Sheet) => self.sheet += 1,
                    Some(Opened::Other) => {}
                    None if !end => {
                        stop = i;
                        break;
                    }
                    None => {}
                },
                b'C' | b'c'
                    if text[i..].starts_with(b"Count") || text[i..].starts_with(b"count") =>
                {
                    match declared_number(&text[i + 5..]) {
                        Declared::Number(n) => self.declared = self.declared.max(n),
                        Declared::NotOne => {}
                        // The value goes on in the next chunk: scan it
                        // again from here once that has come.
                        Declared::CutShort if !end => {
                            stop = i;
                            break;
                        }
                        Declared::CutShort => {}
                    }
                }
                _ => {}
            }
            i += 1;
        }
        if !end {
            // Keep the last byte scanned as context for the next chunk;
            // with nothing scanned, keep everything as it was.
            if stop > usize::from(self.context) {
                self.carry = text[stop - 1..].to_vec();
                self.context = true;
            } else {
                self.carry = text;
            }
        }
    }
}

/// The elements the scan counts.
enum Opened {
    Si,
    Xf,
    Sheet,
    Other,
}

/// Which element the tag after a `<` opens (`si`, `x:si`, …; closing tags
/// and others are `Other`): `None` when the text ends first.
fn opened(tag: &[u8]) -> Option<Opened> {
    const LONGEST: usize = 64;
    let name = tag
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b':'))
        .count();
    if name > LONGEST {
        return Some(Opened::Other);
    }
    let after = tag.get(name)?;
    if !(after.is_ascii_whitespace() || matches!(after, b'/' | b'>')) {
        return Some(Opened::Other);
    }
    let name = &tag[..name];
    let local = name.rsplit(|c| *c == b':').next().unwrap_or(name);
    Some(match local {
        b"si" => Opened::Si,
        b"xf" => Opened::Xf,
        b"sheet" => Opened::Sheet,
        _ => Opened::Other,
    })
}

/// What follows an attribute name.
enum Declared {
    Number(u64),
    NotOne,
    /// The text ended before the value did.
    CutShort,
}

/// The number of an attribute's value right after its name (`= "123"`,
/// `='123'`, spaces allowed), saturating.
fn declared_number(after_name: &[u8]) -> Declared {
    // No workbook pads an attribute with more than a few spaces; a file
    // that does is taken at its worst rather than scanned without end.
    const MAX_SPACE: usize = 256;
    let mut rest = after_name;
    let skip = |r: &mut &[u8]| {
        let n = r.iter().take_while(|c| c.is_ascii_whitespace()).count();
        *r = &r[n..];
        n
    };
    if skip(&mut rest) > MAX_SPACE {
        return Declared::Number(u64::MAX);
    }
    match rest.first() {
        None => return Declared::CutShort,
        Some(b'=') => rest = &rest[1..],
        Some(_) => return Declared::NotOne,
    }
    if skip(&mut rest) > MAX_SPACE {
        return Declared::Number(u64::MAX);
    }
    let quote = match rest.first() {
        None => return Declared::CutShort,
        Some(q @ (b'"' | b'\'')) => *q,
        Some(_) => return Declared::NotOne,
    };
    rest = &rest[1..];
    let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits > 20 {
        return Declared::Number(u64::MAX);
    }
    match rest.get(digits) {
        None => Declared::CutShort,
        Some(q) if *q == quote && digits > 0 => {
            Declared::Number(rest[..digits].iter().fold(0u64, |n, d| {
                n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
            }))
        }
        Some(_) => Declared::NotOne,
    }
}
