//! The one typed configuration, read from the environment once at start.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone)]
pub struct Config {
    /// `sqlite://…` (default: `<data dir>/app.db`) or `postgres://…`.
    pub database_url: String,
    pub bind: SocketAddr,
    /// Where the SQLite file, uploads and the mail outbox live.
    pub data_dir: PathBuf,
    /// The built site (`pkg/` with the WASM bundle and CSS, public files).
    pub site_root: PathBuf,
    pub log: String,
    /// Seed the national demo into an empty database and print demo logins.
    pub demo: bool,
    /// Fraction of the national demo's schools to generate (1.0 = ~200k).
    pub demo_scale: f64,
    /// Mark the session cookie `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// Start the clock at this instant instead of now (demos, tests).
    pub start_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Accept `POST /api/test/clock` to move time. Never in production.
    pub test_clock: bool,
    /// `smtps://user:pass@host:465`; unset: mail goes to `<data dir>/outbox`.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// The address users reach the site at (links in mail).
    pub public_url: String,
    /// When set, `GET /metrics` needs `Authorization: Bearer <token>`.
    pub metrics_token: Option<String>,
    /// Behind a reverse proxy: the client's address from `X-Forwarded-For`.
    pub trust_forwarded: bool,
}

#[derive(Debug, thiserror::Error)]
#[error("配置项 {key} 无效：{why}")]
pub struct ConfigError {
    key: &'static str,
    why: String,
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Reads from any lookup, so tests need not touch the process environment.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let data_dir = PathBuf::from(get("JYXX_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = get("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}?mode=rwc", data_dir.join("app.db").display()));
        let bind = get("JYXX_BIND")
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .map_err(|e| ConfigError {
                key: "JYXX_BIND",
                why: format!("{e}"),
            })?;
        let flag = |key: &'static str, default: bool| -> Result<bool, ConfigError> {
            match get(key).as_deref() {
                None | Some("") => Ok(default),
                Some("1" | "true" | "yes") => Ok(true),
                Some("0" | "false" | "no") => Ok(false),
                Some(other) => Err(ConfigError {
                    key,
                    why: format!("应为 true 或 false，而不是 {other}"),
                }),
            }
        };
        let demo_scale = match get("JYXX_DEMO_SCALE") {
            None => 1.0,
            Some(s) => s
                .parse::<f64>()
                .ok()
                .filter(|v| *v > 0.0 && *v <= 1.0)
                .ok_or(ConfigError {
                    key: "JYXX_DEMO_SCALE",
                    why: "应为 0 到 1 之间的小数".into(),
                })?,
        };
        let start_at = match get("JYXX_NOW") {
            None => None,
            Some(s) if s.is_empty() => None,
            Some(s) => Some(
                chrono::DateTime::parse_from_rfc3339(&s)
                    .map_err(|e| ConfigError {
                        key: "JYXX_NOW",
                        why: format!("应为 RFC 3339 时间，如 2026-12-03T10:00:00+08:00：{e}"),
                    })?
                    .with_timezone(&chrono::Utc),
            ),
        };
        let smtp_url = get("JYXX_SMTP_URL").filter(|s| !s.is_empty());
        let public_url = get("JYXX_PUBLIC_URL").unwrap_or_else(|| format!("http://{bind}"));
        Ok(Self {
            smtp_url,
            mail_from: get("JYXX_MAIL_FROM").unwrap_or_else(|| "noreply@jyxx.example".into()),
            public_url,
            start_at,
            test_clock: flag("JYXX_TEST_CLOCK", false)?,
            database_url,
            bind,
            site_root: PathBuf::from(get("JYXX_SITE_ROOT").unwrap_or_else(|| "target/site".into())),
            data_dir,
            log: get("RUST_LOG").unwrap_or_else(|| "info".into()),
            demo: flag("JYXX_DEMO", true)?,
            demo_scale,
            secure_cookies: flag("JYXX_SECURE_COOKIES", false)?,
            metrics_token: get("JYXX_METRICS_TOKEN").filter(|s| !s.is_empty()),
            trust_forwarded: flag("JYXX_TRUST_FORWARDED", false)?,
        })
    }
}

/// Database URLs may carry a password: never print it.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://***@{}", &url[..s], &url[at + 1..]),
        _ => url.to_string(),
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &redact_url(&self.database_url))
            .field("bind", &self.bind)
            .field("data_dir", &self.data_dir)
            .field("site_root", &self.site_root)
            .field("log", &self.log)
            .field("demo", &self.demo)
            .field("demo_scale", &self.demo_scale)
            .field("secure_cookies", &self.secure_cookies)
            .field("start_at", &self.start_at)
            .field("test_clock", &self.test_clock)
            .field("smtp_url", &self.smtp_url.as_deref().map(redact_url))
            .field("mail_from", &self.mail_from)
            .field("public_url", &self.public_url)
            .field("metrics_token", &self.metrics_token.as_ref().map(|_| "***"))
            .field("trust_forwarded", &self.trust_forwarded)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_put_the_database_in_the_data_dir() {
        let c = Config::from_lookup(|_| None).unwrap();
        assert_eq!(c.database_url, "sqlite://data/app.db?mode=rwc");
        assert_eq!(c.bind.to_string(), "127.0.0.1:3000");
        assert!(c.demo);
    }

    #[test]
    fn a_bad_flag_is_an_error_naming_the_key() {
        let e = Config::from_lookup(|k| (k == "JYXX_DEMO").then(|| "maybe".into())).unwrap_err();
        assert!(e.to_string().contains("JYXX_DEMO"));
    }

    #[test]
    fn debug_output_hides_the_database_password() {
        let c = Config::from_lookup(|k| {
            (k == "DATABASE_URL").then(|| "postgres://u:secret@h/db".into())
        })
        .unwrap();
        let shown = format!("{c:?}");
        assert!(!shown.contains("secret"), "{shown}");
    }
}
