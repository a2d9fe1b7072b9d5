//! Migration 13: 是否上报's per-level counts, kept instead of counted over
//! the subtree on every read (`workflow::levels` is the living code).
//!
//! - `region_level_sizes (region_id, level, total)`: how many regions of
//!   each level lie below a region.
//! - `region_level_reports (region_id, period, level, reported)`: how many
//!   of those stand reported (state 1 submitted, 2 auto-submitted) for a
//!   month.
//!
//! Both are filled from what is there. Frozen: no application code is used
//! here.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000013_level_counts"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let c = m.get_connection();
        for sql in [
            "CREATE TABLE region_level_sizes (\
             region_id INTEGER NOT NULL REFERENCES regions (id), \
             level SMALLINT NOT NULL, \
             total BIGINT NOT NULL, \
             PRIMARY KEY (region_id, level))",
            "CREATE TABLE region_level_reports (\
             region_id INTEGER NOT NULL REFERENCES regions (id), \
             period INTEGER NOT NULL, \
             level SMALLINT NOT NULL, \
             reported BIGINT NOT NULL, \
             PRIMARY KEY (region_id, period, level))",
            "INSERT INTO region_level_sizes (region_id, level, total) \
             SELECT c.ancestor_id, r.level, COUNT(*) FROM region_closure c \
             JOIN regions r ON r.id = c.descendant_id \
             WHERE c.distance > 0 GROUP BY c.ancestor_id, r.level",
            "INSERT INTO region_level_reports (region_id, period, level, reported) \
             SELECT c.ancestor_id, rr.period, r.level, COUNT(*) FROM region_closure c \
             JOIN regions r ON r.id = c.descendant_id \
             JOIN region_reports rr ON rr.region_id = r.id \
             WHERE c.distance > 0 AND rr.state IN (1, 2) \
             GROUP BY c.ancestor_id, rr.period, r.level",
        ] {
            c.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let c = m.get_connection();
        c.execute_unprepared("DROP TABLE region_level_reports")
            .await?;
        c.execute_unprepared("DROP TABLE region_level_sizes")
            .await?;
        Ok(())
    }
}
