//! Migration 10: what the hardened HTTP edge keeps.
//!
//! - `login_failures`: failed logins by account name and by source address,
//!   counted across instances to slow password guessing down.
//! - `sessions.last_seen_at`: a session left idle ends (besides its absolute
//!   lifetime); existing sessions count as seen at their start.
//!
//! Frozen: no application code is used here.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000010_edge"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(LoginFailures::Table)
                .col(
                    ColumnDef::new(LoginFailures::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(LoginFailures::Username)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(LoginFailures::Source)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(LoginFailures::At)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        let c = m.get_connection();
        for sql in [
            "CREATE INDEX idx_login_failures_user ON login_failures (username, at)",
            "CREATE INDEX idx_login_failures_source ON login_failures (source, at)",
        ] {
            c.execute_unprepared(sql).await?;
        }
        m.alter_table(
            Table::alter()
                .table(Sessions::Table)
                .add_column(
                    ColumnDef::new(Sessions::LastSeenAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .to_owned(),
        )
        .await?;
        c.execute_unprepared("UPDATE sessions SET last_seen_at = created_at")
            .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum LoginFailures {
    Table,
    Id,
    Username,
    Source,
    At,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    LastSeenAt,
}
