//! The region tree from `data/regions.csv` (compiled into the binary, so
//! the server needs no data files at run time).

use super::insert_rows;
use app::domain::Level;
use sea_orm::{ConnectionTrait, DbErr};
use std::collections::HashMap;

pub const REGIONS_CSV: &str = include_str!("../../../data/regions.csv");

#[derive(Debug, Clone)]
pub struct RegionRow {
    pub id: i32,
    pub code: String,
    pub name: String,
    pub level: Level,
    pub parent_id: Option<i32>,
}

#[derive(Debug, thiserror::Error)]
pub enum TreeError {
    #[error("第 {line} 行：{why}")]
    Row { line: usize, why: String },
}

/// Parses the tree; ids follow file order and every parent comes before
/// its children, so the rows can be inserted as they are.
pub fn parse(csv_text: &str) -> Result<Vec<RegionRow>, TreeError> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let mut rows: Vec<RegionRow> = Vec::new();
    let mut ids: HashMap<String, i32> = HashMap::new();
    for (i, rec) in reader.records().enumerate() {
        let line = i + 2;
        let err = |why: String| TreeError::Row { line, why };
        let rec = rec.map_err(|e| err(e.to_string()))?;
        let field = |n: usize| rec.get(n).unwrap_or("").trim().to_string();
        let code = field(0);
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(format!("地区代码 {code} 应为 6 位数字")));
        }
        let level = Level::parse(&field(2)).ok_or_else(|| err(format!("未知级别 {}", field(2))))?;
        let parent_code = field(3);
        let parent_id = if parent_code.is_empty() {
            None
        } else {
            Some(
                *ids.get(&parent_code)
                    .ok_or_else(|| err(format!("上级 {parent_code} 不在它之前")))?,
            )
        };
        if (parent_id.is_none()) != (level == Level::National) {
            return Err(err("只有全国没有上级".into()));
        }
        let id = rows.len() as i32 + 1;
        if ids.insert(code.clone(), id).is_some() {
            return Err(err(format!("地区代码 {code} 重复")));
        }
        rows.push(RegionRow {
            id,
            code,
            name: field(1),
            level,
            parent_id,
        });
    }
    Ok(rows)
}

/// Inserts the regions and their closure (every ancestor, self included),
/// and counts the tree's levels below each region (`workflow::levels`).
pub async fn insert(db: &impl ConnectionTrait, rows: &[RegionRow]) -> Result<(), DbErr> {
    insert_rows(
        db,
        "regions",
        &["id", "code", "name", "level", "parent_id"],
        rows.iter().map(|r| {
            vec![
                r.id.into(),
                r.code.clone().into(),
                r.name.clone().into(),
                r.level.into(),
                r.parent_id.into(),
            ]
        }),
    )
    .await?;
    let parent: HashMap<i32, Option<i32>> = rows.iter().map(|r| (r.id, r.parent_id)).collect();
    let mut pairs: Vec<(i32, i32, i16)> = Vec::new();
    for r in rows {
        let mut at = Some(r.id);
        let mut distance = 0i16;
        while let Some(a) = at {
            pairs.push((a, r.id, distance));
            at = parent.get(&a).copied().flatten();
            distance += 1;
        }
    }
    insert_rows(
        db,
        "region_closure",
        &["ancestor_id", "descendant_id", "distance"],
        pairs
            .into_iter()
            .map(|(a, d, n)| vec![a.into(), d.into(), n.into()]),
    )
    .await?;
    crate::workflow::levels::rebuild(db).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_tree_has_the_documented_counts() {
        let rows = parse(REGIONS_CSV).unwrap();
        let count = |l: Level| rows.iter().filter(|r| r.level == l).count();
        assert_eq!(rows.len(), 3340);
        assert_eq!(count(Level::National), 1);
        assert_eq!(count(Level::Province), 31);
        assert_eq!(count(Level::City), 333);
        assert_eq!(count(Level::County), 2975);
    }

    #[test]
    fn municipalities_have_counties_directly_under_the_province() {
        let rows = parse(REGIONS_CSV).unwrap();
        let beijing = rows.iter().find(|r| r.code == "110000").unwrap();
        let kids: Vec<_> = rows
            .iter()
            .filter(|r| r.parent_id == Some(beijing.id))
            .collect();
        assert!(!kids.is_empty());
        assert!(kids.iter().all(|k| k.level == Level::County));
    }

    #[test]
    fn a_child_before_its_parent_is_refused_with_its_line() {
        let bad = "code,name,level,parent_code\n000000,全国,national,\n110100,某区,county,110000\n";
        let e = parse(bad).unwrap_err().to_string();
        assert!(e.contains("第 3 行"), "{e}");
    }

    #[test]
    fn a_malformed_code_is_refused() {
        let bad = "code,name,level,parent_code\n0000,全国,national,\n";
        assert!(parse(bad).is_err());
    }
}
