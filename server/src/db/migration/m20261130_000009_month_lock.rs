//! Migration 09: what the month lock needs that the schema did not hold.
//!
//! - `school_placements`: from which month a school is listed under which
//!   region (`NULL`: closed) and under which name and type. Creating,
//!   moving, closing, reopening and editing a school add a row from the
//!   first month still open, so the 直属 list of a month that was reported
//!   never changes afterwards. Existing schools are listed where and as
//!   they are now for every month (as before), closed ones nowhere.
//! - `audit_log.target_name`: the school's or region's name when the row
//!   was written, so a reported month's log reads as it did.
//! - `region_reports.reported_totals`: the subtree's totals as they stood
//!   when the report was (auto-)submitted, so `jyxx check` can prove a
//!   reported month never changed.
//! - `school_monthly` keeps the school's name and type and the saver's name
//!   as they were when the month was saved: a reported month reads the
//!   same after a school is renamed or retyped, or a user renamed.
//! - `request_keys`: one row per create that carried a client-generated
//!   key, so a create whose answer was lost and is sent again answers the
//!   first result instead of making a second record.
//!
//! Frozen: this file uses no application code, so it means the same
//! whatever the domain becomes.

use sea_orm_migration::prelude::*;

pub struct Migration;

/// The subtree totals of `region_reports`' row, as text (frozen here:
/// `stats::snapshot_sql` is the living copy).
const SNAPSHOT: &str = "COALESCE((SELECT CAST(s.schools AS TEXT) || '|' || CAST(s.classes AS TEXT) || '|' || \
     CAST(s.teachers AS TEXT) || '|' || CAST(s.students AS TEXT) || '|' || CAST(s.six_three AS TEXT) || '|' || \
     CAST(s.broadband AS TEXT) || '|' || CAST(s.multimedia_rooms AS TEXT) || '|' || \
     CAST(s.teacher_spaces AS TEXT) || '|' || CAST(s.student_spaces AS TEXT) FROM region_stats s \
     WHERE s.region_id = region_reports.region_id AND s.period = region_reports.period AND s.scope = 1), \
     '0|0|0|0|0|0|0|0|0')";

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000009_month_lock"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let c = m.get_connection();
        c.execute_unprepared(
            "CREATE TABLE school_placements (\
             school_id INTEGER NOT NULL REFERENCES schools (id), \
             from_period INTEGER NOT NULL, \
             region_id INTEGER NULL REFERENCES regions (id), \
             name VARCHAR(100) NOT NULL, \
             school_type SMALLINT NOT NULL, \
             PRIMARY KEY (school_id, from_period))",
        )
        .await?;
        c.execute_unprepared(
            "CREATE INDEX idx_school_placements_region ON school_placements (region_id, from_period)",
        )
        .await?;
        // 201301: the first month the system can hold (January 2013).
        c.execute_unprepared(
            "INSERT INTO school_placements (school_id, from_period, region_id, name, school_type) \
             SELECT id, 201301, CASE WHEN closed THEN NULL ELSE region_id END, name, school_type FROM schools",
        )
        .await?;
        for sql in [
            "ALTER TABLE school_monthly ADD COLUMN school_name VARCHAR(100) NULL",
            "ALTER TABLE school_monthly ADD COLUMN school_type SMALLINT NULL",
            "ALTER TABLE school_monthly ADD COLUMN updated_by_name VARCHAR(100) NULL",
            "UPDATE school_monthly SET \
             school_name = (SELECT s.name FROM schools s WHERE s.id = school_monthly.school_id), \
             school_type = (SELECT s.school_type FROM schools s WHERE s.id = school_monthly.school_id), \
             updated_by_name = (SELECT u.name FROM users u WHERE u.id = school_monthly.updated_by)",
            "ALTER TABLE audit_log ADD COLUMN target_name VARCHAR(100) NULL",
            "UPDATE audit_log SET target_name = COALESCE(\
             (SELECT s.name FROM schools s WHERE s.id = audit_log.school_id), \
             (SELECT r.name FROM regions r WHERE r.id = audit_log.region_id))",
            "ALTER TABLE region_reports ADD COLUMN reported_totals VARCHAR(200) NULL",
        ] {
            c.execute_unprepared(sql).await?;
        }
        // Reports standing as reported: their totals now are the ones they
        // reported (every change since went through a return).
        c.execute_unprepared(&format!(
            "UPDATE region_reports SET reported_totals = {} WHERE state IN (1, 2)",
            SNAPSHOT
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(RequestKeys::Table)
                .col(
                    ColumnDef::new(RequestKeys::Key)
                        .string_len(64)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(RequestKeys::UserId).integer().not_null())
                .col(
                    ColumnDef::new(RequestKeys::Action)
                        .string_len(40)
                        .not_null(),
                )
                .col(ColumnDef::new(RequestKeys::Result).text().not_null())
                .col(
                    ColumnDef::new(RequestKeys::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum RequestKeys {
    Table,
    Key,
    UserId,
    Action,
    Result,
    CreatedAt,
}
