//! Files users send and fetch: 月报文本 and notice attachments. Every file
//! is streamed to disk under the data dir with its limits enforced while it
//! arrives, its type checked by content (not only by name), stored under a
//! random name, and served only as an attachment to users whose scope
//! includes it.

mod attachments;
mod receive;
mod report_text;
mod sniff;

pub use attachments::{download_notice_attachment, upload_notice_attachment};
pub(crate) use receive::{
    attachment_response, bad, error_response, next_part, read_file, refuse, save_field,
    short_field, Incoming,
};
pub use receive::{MAX_BYTES, MAX_REQUEST, MAX_UNPACKED};
pub use report_text::{download_report_text, upload_report_text};
pub(crate) use sniff::random_name;
pub use sniff::{display_name, Kind, Sniffer, ATTACHMENT_KINDS, REPORT_TEXT_KINDS};
