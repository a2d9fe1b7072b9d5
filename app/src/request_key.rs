//! Request keys: a create that the browser may send twice (its answer was
//! lost, the user clicks 保存 again) carries a key made once per form, and
//! the server keeps the first answer under it. A repeat answers what the
//! first one did instead of making a second record.

use crate::message::RequestIssue;
use serde::{Deserialize, Serialize};

/// 16–64 characters of `[0-9A-Za-z-]`, made by the browser.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RequestKey(String);

impl RequestKey {
    /// The key, or `BadRequestKey` (a stale page or a forged request).
    pub fn parse(text: &str) -> Result<Self, RequestIssue> {
        let ok = (16..=64).contains(&text.len())
            && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if ok {
            Ok(Self(text.to_string()))
        } else {
            Err(RequestIssue::BadRequestKey)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A fresh random key (`browser::random`).
    pub fn fresh() -> Self {
        let bytes = crate::browser::random::bytes16();
        Self(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }
}

impl TryFrom<String> for RequestKey {
    type Error = RequestIssue;
    fn try_from(s: String) -> Result<Self, RequestIssue> {
        Self::parse(&s)
    }
}

impl From<RequestKey> for String {
    fn from(k: RequestKey) -> String {
        k.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_checked_on_the_way_in() {
        assert!(RequestKey::parse("0123456789abcdef").is_ok());
        assert_eq!(RequestKey::parse("short"), Err(RequestIssue::BadRequestKey));
        assert!(RequestKey::parse("0123456789abcdef'; DROP").is_err());
        // Refused by serde, the reason still arrives typed.
        let e = serde_json::from_str::<RequestKey>("\"x\"").unwrap_err();
        assert_eq!(
            crate::message::decode(&e.to_string()),
            Some(RequestIssue::BadRequestKey.into())
        );
        let a = RequestKey::fresh();
        assert_eq!(a.as_str().len(), 32);
        assert_ne!(a, RequestKey::fresh());
    }
}
