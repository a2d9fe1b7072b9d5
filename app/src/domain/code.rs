//! The codes that name regions and schools. One rule each, in one place: a
//! region code is the 6-digit administrative code of GB/T 2260, a school
//! code (学校标识码) is 10 digits. Both deserialize through their parser, so
//! no server fn, import row or URL carries a code the domain would refuse.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CodeError {
    Region,
    School,
}

fn digits(text: &str, len: usize) -> bool {
    text.len() == len && text.bytes().all(|b| b.is_ascii_digit())
}

/// A region's 6-digit code, e.g. `430104` (岳麓区).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode(String);

impl RegionCode {
    /// Parses typed or sent text; surrounding blanks are ignored.
    pub fn parse(text: &str) -> Result<Self, CodeError> {
        let t = text.trim();
        if digits(t, 6) {
            Ok(Self(t.to_string()))
        } else {
            Err(CodeError::Region)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A school's 10-digit code (学校标识码), e.g. `4301040001`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SchoolCode(String);

impl SchoolCode {
    /// Parses typed or sent text; surrounding blanks are ignored.
    pub fn parse(text: &str) -> Result<Self, CodeError> {
        let t = text.trim();
        if digits(t, 10) {
            Ok(Self(t.to_string()))
        } else {
            Err(CodeError::School)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! text_conversions {
    ($t:ty) => {
        impl TryFrom<String> for $t {
            type Error = CodeError;
            fn try_from(s: String) -> Result<Self, CodeError> {
                Self::parse(&s)
            }
        }
        impl From<$t> for String {
            fn from(c: $t) -> String {
                c.0
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl std::str::FromStr for $t {
            type Err = CodeError;
            fn from_str(s: &str) -> Result<Self, CodeError> {
                Self::parse(s)
            }
        }
        impl AsRef<str> for $t {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}
text_conversions!(RegionCode);
text_conversions!(SchoolCode);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_code_is_six_digits() {
        assert_eq!(RegionCode::parse(" 430104 ").unwrap().as_str(), "430104");
        for bad in ["43010", "4301041", "43010a", "", "４３０１０４"] {
            assert_eq!(RegionCode::parse(bad), Err(CodeError::Region), "{bad}");
        }
    }

    #[test]
    fn a_school_code_is_ten_digits() {
        assert_eq!(
            SchoolCode::parse("4301040001").unwrap().as_str(),
            "4301040001"
        );
        for bad in ["430104000", "43010400011", "4301040001x", "1234567"] {
            assert_eq!(SchoolCode::parse(bad), Err(CodeError::School), "{bad}");
        }
    }

    #[test]
    fn codes_deserialize_only_through_their_parser() {
        let ok: RegionCode = serde_json::from_str("\"430104\"").unwrap();
        assert_eq!(ok.as_str(), "430104");
        assert!(serde_json::from_str::<RegionCode>("\"43\"").is_err());
        assert!(serde_json::from_str::<SchoolCode>("\"430104000\"").is_err());
        assert_eq!(
            serde_json::to_string(&SchoolCode::parse("4301040001").unwrap()).unwrap(),
            "\"4301040001\""
        );
    }
}
