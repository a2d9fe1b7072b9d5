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

/// Why a 平台网址 was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum UrlIssue {
    /// Over `MAX_URL` characters.
    TooLong,
    /// Not http:// or https://.
    Scheme,
    /// No sound host, or spaces, quotes or angle brackets.
    Format,
}

/// A broken rule of the questionnaire, by question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuestionnaireIssue {
    /// Question 1 not answered.
    UsesPlatformMissing,
    /// A platform is used but its address is empty.
    UrlMissing,
    /// The address given is not one.
    Url(UrlIssue),
    /// A platform is used but its source is not chosen.
    SourceMissing,
    /// Question 2 not answered.
    MetroNetworkMissing,
}

impl QuestionnaireIssue {
    /// The form's name of the question the issue stands beside.
    pub fn question(&self) -> &'static str {
        match self {
            QuestionnaireIssue::UsesPlatformMissing => "uses_platform",
            QuestionnaireIssue::UrlMissing | QuestionnaireIssue::Url(_) => "platform_url",
            QuestionnaireIssue::SourceMissing => "platform_source",
            QuestionnaireIssue::MetroNetworkMissing => "metro_network",
        }
    }
}

/// 平台网址: an http(s) address with a host.
pub fn check_url(url: &str) -> Result<(), UrlIssue> {
    let u = url.trim();
    if u.chars().count() > MAX_URL {
        return Err(UrlIssue::TooLong);
    }
    let rest = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .ok_or(UrlIssue::Scheme)?;
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
        return Err(UrlIssue::Format);
    }
    Ok(())
}

/// Every broken rule, in the order of the form.
pub fn validate(q: &Questionnaire) -> Vec<QuestionnaireIssue> {
    use QuestionnaireIssue as I;
    let mut out = Vec::new();
    match q.uses_platform {
        None => out.push(I::UsesPlatformMissing),
        Some(true) => {
            if q.platform_url.trim().is_empty() {
                out.push(I::UrlMissing);
            } else if let Err(e) = check_url(&q.platform_url) {
                out.push(I::Url(e));
            }
            if q.platform_source.is_none() {
                out.push(I::SourceMissing);
            }
        }
        Some(false) => {
            if !q.platform_url.trim().is_empty() {
                if let Err(e) = check_url(&q.platform_url) {
                    out.push(I::Url(e));
                }
            }
        }
    }
    if q.metro_network.is_none() {
        out.push(I::MetroNetworkMissing);
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
        assert_eq!(check_url("www.example.com"), Err(UrlIssue::Scheme));
        assert_eq!(check_url("javascript:alert(1)"), Err(UrlIssue::Scheme));
        for bad in [
            "https://",
            "https://exa mple.com",
            "https://nodot",
            "https://a.cn/\"x",
        ] {
            assert_eq!(check_url(bad), Err(UrlIssue::Format), "{bad}");
        }
        assert_eq!(
            check_url(&format!("https://a.cn/{}", "x".repeat(MAX_URL))),
            Err(UrlIssue::TooLong)
        );
    }

    #[test]
    fn using_a_platform_needs_its_address_and_source() {
        let q = Questionnaire {
            platform_url: String::new(),
            platform_source: None,
            ..full()
        };
        assert_eq!(
            validate(&q),
            vec![
                QuestionnaireIssue::UrlMissing,
                QuestionnaireIssue::SourceMissing
            ]
        );
        let q = Questionnaire {
            uses_platform: Some(false),
            platform_url: "ftp://x.cn".into(),
            ..full()
        };
        assert_eq!(
            validate(&q),
            vec![QuestionnaireIssue::Url(UrlIssue::Scheme)]
        );
        assert_eq!(validate(&q)[0].question(), "platform_url");
    }

    #[test]
    fn both_questions_must_be_answered() {
        let questions: Vec<_> = validate(&Questionnaire::default())
            .iter()
            .map(QuestionnaireIssue::question)
            .collect();
        assert_eq!(questions, vec!["uses_platform", "metro_network"]);
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
