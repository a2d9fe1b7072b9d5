//! What a file is, judged by its content against the name it claims, and
//! the names files are shown and stored under.

use rand::RngCore;

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
    pub(crate) fn is_zip(self) -> bool {
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

pub(super) const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

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
/// Characters that change how a name is shown without being seen: the
/// direction marks and overrides, and the invisible format characters
/// (zero-width spaces and joiners, word joiners, the byte-order mark, the
/// soft hyphen) that can make two names look the same.
pub(super) fn reorders_text(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
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
        assert_eq!(display_name("\u{FEFF}报\u{200B}告\u{2060}.pdf"), "报告.pdf");
    }

    #[test]
    fn display_names_lose_paths_and_control_characters() {
        assert_eq!(display_name("C:\\\\Users\\\\x\\\\月报.pdf"), "月报.pdf");
        assert_eq!(display_name("../../etc/passwd"), "passwd");
        assert_eq!(display_name("a\u{0}b\nc.txt"), "abc.txt");
        assert_eq!(display_name(""), "月报文本");
    }
}
