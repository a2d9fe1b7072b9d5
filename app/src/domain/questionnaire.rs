//! The region questionnaire 地区情况 (本级填报, manual §2.3) and its rules.

use super::region::Role;
use serde::{Deserialize, Serialize};

/// 平台来源.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PlatformSource {
    SelfBuilt,
    City,
    Province,
    National,
    Purchased,
}

impl PlatformSource {
    pub const ALL: [PlatformSource; 5] = [
        PlatformSource::SelfBuilt,
        PlatformSource::City,
        PlatformSource::Province,
        PlatformSource::National,
        PlatformSource::Purchased,
    ];

    pub fn label(self) -> &'static str {
        match self {
            PlatformSource::SelfBuilt => "自建",
            PlatformSource::City => "市级提供",
            PlatformSource::Province => "省级提供",
            PlatformSource::National => "国家级提供",
            PlatformSource::Purchased => "购买企业平台服务",
        }
    }

    pub fn code(self) -> i16 {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0) as i16
    }

    pub fn from_code(code: i16) -> Option<Self> {
        usize::try_from(code)
            .ok()
            .and_then(|i| Self::ALL.get(i).copied())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Questionnaire {
    /// 1、是否组织统一使用了教育资源公共服务平台
    pub uses_platform: Option<bool>,
    /// 平台网址
    pub platform_url: String,
    /// 平台来源
    pub platform_source: Option<PlatformSource>,
    /// 2、是否具有到校的教育城域网
    pub metro_network: Option<bool>,
}

pub const MAX_URL: usize = 500;

/// 平台网址: an http(s) address with a host.
pub fn check_url(url: &str) -> Result<(), String> {
    let u = url.trim();
    if u.chars().count() > MAX_URL {
        return Err(format!("平台网址不能超过 {MAX_URL} 个字符"));
    }
    let rest = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .ok_or_else(|| "平台网址应以 http:// 或 https:// 开头".to_string())?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or("");
    let name = host.split(':').next().unwrap_or("");
    let valid_host = !name.is_empty()
        && (name.contains('.') || name == "localhost")
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
        && !name.starts_with('.')
        && !name.ends_with('.');
    if !valid_host || u.chars().any(char::is_whitespace) || u.contains(['<', '>', '"']) {
        return Err("平台网址格式不正确，例如 https://www.example.edu.cn".into());
    }
    Ok(())
}

/// Every broken rule, as (field key, message).
pub fn validate(q: &Questionnaire) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    match q.uses_platform {
        None => out.push((
            "uses_platform",
            "请选择是否组织统一使用了教育资源公共服务平台".to_string(),
        )),
        Some(true) => {
            if q.platform_url.trim().is_empty() {
                out.push(("platform_url", "请填写平台网址".to_string()));
            } else if let Err(e) = check_url(&q.platform_url) {
                out.push(("platform_url", e));
            }
            if q.platform_source.is_none() {
                out.push(("platform_source", "请选择平台来源".to_string()));
            }
        }
        Some(false) => {
            if !q.platform_url.trim().is_empty() {
                if let Err(e) = check_url(&q.platform_url) {
                    out.push(("platform_url", e));
                }
            }
        }
    }
    if q.metro_network.is_none() {
        out.push((
            "metro_network",
            "请选择是否具有到校的教育城域网".to_string(),
        ));
    }
    out
}

/// Who edits a region's questionnaire: its admin fills it, its reviewer
/// may correct it (manual §2.3), the national admin for the nation. Others
/// in scope read it.
pub fn may_edit(role: Role, own_region: bool) -> bool {
    own_region
        && matches!(
            role,
            Role::RegionAdmin | Role::Reviewer | Role::NationalAdmin
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> Questionnaire {
        Questionnaire {
            uses_platform: Some(true),
            platform_url: "https://zy.hnedu.cn/".into(),
            platform_source: Some(PlatformSource::Province),
            metro_network: Some(true),
        }
    }

    #[test]
    fn a_complete_answer_has_no_issues() {
        assert!(validate(&full()).is_empty());
    }

    #[test]
    fn platform_urls_must_be_http_addresses_with_a_host() {
        assert!(check_url("http://www.example.edu.cn/path?q=1").is_ok());
        assert!(check_url("https://localhost:8080").is_ok());
        assert!(check_url("www.example.com")
            .unwrap_err()
            .contains("http://"));
        assert!(check_url("javascript:alert(1)").is_err());
        assert!(check_url("https://").is_err());
        assert!(check_url("https://exa mple.com").is_err());
        assert!(check_url("https://nodot").is_err());
        assert!(check_url(&format!("https://a.cn/{}", "x".repeat(600)))
            .unwrap_err()
            .contains("500"));
    }

    #[test]
    fn using_a_platform_needs_its_address_and_source() {
        let q = Questionnaire {
            platform_url: String::new(),
            platform_source: None,
            ..full()
        };
        let fields: Vec<_> = validate(&q).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, vec!["platform_url", "platform_source"]);
    }

    #[test]
    fn both_questions_must_be_answered() {
        let fields: Vec<_> = validate(&Questionnaire::default())
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(fields, vec!["uses_platform", "metro_network"]);
    }

    #[test]
    fn the_admin_and_the_reviewer_of_the_region_edit_it() {
        assert!(may_edit(Role::RegionAdmin, true));
        assert!(may_edit(Role::Reviewer, true));
        assert!(!may_edit(Role::Reviewer, false));
        assert!(!may_edit(Role::SchoolAdmin, true));
    }

    #[test]
    fn source_codes_round_trip() {
        for s in PlatformSource::ALL {
            assert_eq!(PlatformSource::from_code(s.code()), Some(s));
        }
    }
}
