//! Paged, searched listings shared by schools and users: the search word's
//! bound and its literal `LIKE` pattern.

use crate::db;
use crate::error::ServiceResult;
use app::admin::model::{Listing, PAGE_SIZE};
use app::domain::RegionId;
use app::error::AppError;
use sea_orm::{ConnectionTrait, FromQueryResult, Value};

/// `LIKE` text for a search word: its wildcards are taken literally.
pub(super) fn like(word: &str, prefix_only: bool) -> String {
    let escaped = word
        .trim()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    if prefix_only {
        format!("{escaped}%")
    } else {
        format!("%{escaped}%")
    }
}

pub(super) fn page_of(page: u32) -> (u32, i64) {
    let page = page.min(100_000);
    (page, page as i64 * PAGE_SIZE as i64)
}

/// The longest search word: a school's name is at most 100 characters, and
/// a longer pattern only costs the database.
pub const MAX_SEARCH: usize = 100;

pub(super) fn check_search(q: &str) -> ServiceResult<()> {
    if q.chars().count() > MAX_SEARCH {
        return Err(AppError::Invalid(
            app::message::ManageIssue::SearchTooLong { max: MAX_SEARCH }.into(),
        )
        .into());
    }
    Ok(())
}

/// A searched list's query, carried by the row it reads.
pub(super) trait Listed: FromQueryResult {
    const COLUMNS: &'static str;
    /// The FROM/WHERE part shared by the count and the rows: `$1` is the
    /// region whose subtree is listed, `$2` the search word, `$3` and `$4`
    /// its prefix and infix `LIKE` patterns.
    const FILTER: &'static str;
    const ORDER: &'static str;
}

fn filter_values(region: RegionId, q: &str) -> Vec<Value> {
    vec![
        region.into(),
        q.trim().to_string().into(),
        like(q, true).into(),
        like(q, false).into(),
    ]
}

/// One page (or, with `page` None, all) of the rows `R` under `region`
/// matching the search word `q`.
pub(super) async fn listing<R: Listed, T: From<R>>(
    db: &impl ConnectionTrait,
    region: RegionId,
    q: &str,
    page: Option<u32>,
) -> ServiceResult<Listing<T>> {
    let values = filter_values(region, q);
    let total = db::value::<i64>(
        db,
        &format!("SELECT COUNT(*) AS n {}", R::FILTER),
        values.clone(),
    )
    .await?
    .unwrap_or(0);
    let (page, limit) = match page {
        Some(p) => {
            let (p, offset) = page_of(p);
            (p, format!("LIMIT {PAGE_SIZE} OFFSET {offset}"))
        }
        None => (0, String::new()),
    };
    let rows = db::rows::<R>(
        db,
        &format!(
            "SELECT {} {} ORDER BY {} {limit}",
            R::COLUMNS,
            R::FILTER,
            R::ORDER
        ),
        values,
    )
    .await?
    .into_iter()
    .map(T::from)
    .collect();
    Ok(Listing {
        rows,
        total,
        page,
        page_size: PAGE_SIZE,
    })
}
