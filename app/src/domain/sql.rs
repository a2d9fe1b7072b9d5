//! How domain values enter and leave SQL rows (server only): each value is
//! read through its own parser, so a row read into a struct carries a
//! `Period`, a `Level` or a `RegionCode`, never the number or text it is
//! stored as; a stored value the domain would refuse is a fault
//! (`DbErr::Type`), not a default.
//!
//! Binding goes the other way through `From<T> for sea_orm::Value`.

use super::code::{RegionCode, SchoolCode};
use super::questionnaire::PlatformSource;
use super::school::SchoolState;
use super::workflow::AuditAction;
use super::{Level, Period, ReportState, Role, SchoolType};
use crate::admin::model::ImportKind;
use crate::i18n::{parse_locale, tag, Locale};
use sea_orm::{ColIdx, DbErr, QueryResult, TryGetError, TryGetable, Value};

/// `$t` is stored as `$raw`: `$read` parses it (an `Option` or `Result`),
/// `$write` gives the stored form.
macro_rules! stored_as {
    ($t:ty, $raw:ty, $read:expr, $write:expr) => {
        impl TryGetable for $t {
            fn try_get_by<I: ColIdx>(res: &QueryResult, index: I) -> Result<Self, TryGetError> {
                let raw = <$raw as TryGetable>::try_get_by(res, index)?;
                let read: fn(&$raw) -> Option<$t> = $read;
                read(&raw).ok_or_else(|| {
                    TryGetError::DbErr(DbErr::Type(format!(
                        "column {index:?}: {raw:?} is not a stored {}",
                        stringify!($t)
                    )))
                })
            }
        }

        impl From<$t> for Value {
            fn from(v: $t) -> Value {
                let write: fn(&$t) -> $raw = $write;
                write(&v).into()
            }
        }
    };
}

stored_as!(Period, i32, |k| Period::from_key(*k).ok(), |p| p.key());
stored_as!(Level, i16, |c| Level::from_code(*c), |l| l.code());
stored_as!(Role, i16, |c| Role::from_code(*c), |r| r.code());
stored_as!(SchoolType, i16, |c| SchoolType::from_code(*c), |t| t.code());
stored_as!(SchoolState, i16, |c| SchoolState::from_code(*c), |s| s
    .code());
stored_as!(ReportState, i16, |c| ReportState::from_code(*c), |s| s
    .code());
stored_as!(
    PlatformSource,
    i16,
    |c| PlatformSource::from_code(*c),
    |s| s.code()
);
stored_as!(AuditAction, String, |c| AuditAction::from_code(c), |a| a
    .code()
    .to_string());
stored_as!(RegionCode, String, |c| RegionCode::parse(c).ok(), |c| c
    .as_str()
    .to_string());
stored_as!(SchoolCode, String, |c| SchoolCode::parse(c).ok(), |c| c
    .as_str()
    .to_string());
stored_as!(ImportKind, i16, |c| ImportKind::from_code(*c), |k| k.code());
stored_as!(Locale, String, |t| parse_locale(t), |l| tag(*l).to_string());
