//! Outgoing mail with lettre: over SMTP when `JYXX_SMTP_URL` is set,
//! otherwise written as `.eml` files to `<data dir>/outbox/` (so a demo or a
//! test can read them).

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::Body;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use rand::RngCore;
use std::path::PathBuf;

#[derive(Clone)]
pub enum Mailer {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: String,
    },
    Outbox {
        dir: PathBuf,
        from: String,
    },
}

impl Mailer {
    /// `smtp_url` like `smtps://user:pass@smtp.example.com:465`.
    pub fn new(
        smtp_url: Option<&str>,
        from: &str,
        data_dir: &std::path::Path,
    ) -> Result<Self, String> {
        match smtp_url {
            Some(url) if !url.is_empty() => Ok(Mailer::Smtp {
                transport: AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("JYXX_SMTP_URL 无效：{e}"))?
                    .build(),
                from: from.to_string(),
            }),
            _ => Ok(Mailer::Outbox {
                dir: data_dir.join("outbox"),
                from: from.to_string(),
            }),
        }
    }

    pub async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), String> {
        let from = match self {
            Mailer::Smtp { from, .. } | Mailer::Outbox { from, .. } => from,
        };
        let message = Message::builder()
            .from(from.parse().map_err(|e| format!("发件人地址无效：{e}"))?)
            .to(to.parse().map_err(|e| format!("收件人地址无效：{e}"))?)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            // Quoted-printable: plain ASCII on the wire, and the link stays
            // readable in the .eml (`=` is written `=3D`).
            .body(
                Body::new_with_encoding(body.to_string(), ContentTransferEncoding::QuotedPrintable)
                    .map_err(|_| "邮件正文无法编码".to_string())?,
            )
            .map_err(|e| e.to_string())?;
        match self {
            Mailer::Smtp { transport, .. } => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Mailer::Outbox { dir, .. } => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| e.to_string())?;
                let mut r = [0u8; 6];
                rand::rngs::OsRng.fill_bytes(&mut r);
                let name = format!(
                    "{}-{}.eml",
                    chrono::Utc::now().format("%Y%m%dT%H%M%S%.3f"),
                    hex::encode(r)
                );
                let tmp = dir.join(format!(".{name}"));
                tokio::fs::write(&tmp, message.formatted())
                    .await
                    .map_err(|e| e.to_string())?;
                // Appears whole or not at all.
                tokio::fs::rename(&tmp, dir.join(name))
                    .await
                    .map_err(|e| e.to_string())
            }
        }
    }
}
