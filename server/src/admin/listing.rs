//! Paged, searched listings shared by schools and users: the search word's
//! bound and its literal `LIKE` pattern.

use crate::db::stmt;
use crate::error::ServiceResult;
use app::admin::model::{Listing, PAGE_SIZE};
use app::error::AppError;
use sea_orm::{ConnectionTrait, QueryResult, Value};

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
        return Err(AppError::Invalid(format!("搜索词不能超过 {MAX_SEARCH} 个字")).into());
    }
    Ok(())
}

pub(super) fn filter_values(region: i32, q: &str) -> Vec<Value> {
    vec![
        region.into(),
        q.trim().to_string().into(),
        like(q, true).into(),
        like(q, false).into(),
    ]
}

/// One page (or, with `page` None, all) of a list query: `filter` is the
/// FROM/WHERE part shared by the count and the rows.
pub(super) async fn listing<T>(
    db: &impl ConnectionTrait,
    columns: &str,
    filter: &str,
    order: &str,
    values: Vec<Value>,
    page: Option<u32>,
    row: fn(&QueryResult) -> ServiceResult<T>,
) -> ServiceResult<Listing<T>> {
    let total: i64 = db
        .query_one(stmt(
            db,
            &format!("SELECT COUNT(*) AS n {filter}"),
            values.clone(),
        ))
        .await?
        .map(|r| r.try_get("", "n"))
        .transpose()?
        .unwrap_or(0);
    let (page, limit) = match page {
        Some(p) => {
            let (p, offset) = page_of(p);
            (p, format!("LIMIT {PAGE_SIZE} OFFSET {offset}"))
        }
        None => (0, String::new()),
    };
    let rows = db
        .query_all(stmt(
            db,
            &format!("SELECT {columns} {filter} ORDER BY {order} {limit}"),
            values,
        ))
        .await?
        .iter()
        .map(row)
        .collect::<ServiceResult<Vec<_>>>()?;
    Ok(Listing {
        rows,
        total,
        page,
        page_size: PAGE_SIZE,
    })
}
