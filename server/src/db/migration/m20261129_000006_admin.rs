//! Migration 6: administration: previewed imports waiting for 确认导入, the
//! log of every administrative change, an index of accounts by address,
//! and the reminders already sent.
//!
//! Shipped: never edit; add a new migration. Frozen: no application code
//! is used here.

use sea_orm_migration::prelude::*;

#[derive(DeriveIden)]
enum ImportJobs {
    Table,
    Id,
    Kind,
    UserId,
    CreatedAt,
    Payload,
    Total,
    State,
    Message,
}

#[derive(DeriveIden)]
enum AdminLog {
    Table,
    Id,
    At,
    ActorUserId,
    ActorName,
    ActorRegionId,
    Action,
    Target,
    Detail,
}

/// Administration: previewed imports waiting for 确认导入, the log of
/// every administrative change, an index of accounts by address, and the
/// reminders already sent.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000006_admin"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ImportJobs::Table)
                .col(
                    ColumnDef::new(ImportJobs::Id)
                        .string_len(64)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(ImportJobs::Kind).small_integer().not_null())
                .col(ColumnDef::new(ImportJobs::UserId).integer().not_null())
                .col(
                    ColumnDef::new(ImportJobs::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(ColumnDef::new(ImportJobs::Payload).text().not_null())
                .col(ColumnDef::new(ImportJobs::Total).integer().not_null())
                .col(
                    ColumnDef::new(ImportJobs::State)
                        .small_integer()
                        .not_null()
                        .default(0),
                )
                .col(ColumnDef::new(ImportJobs::Message).text().null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AdminLog::Table)
                .col(
                    ColumnDef::new(AdminLog::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(AdminLog::At)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(ColumnDef::new(AdminLog::ActorUserId).integer().not_null())
                .col(
                    ColumnDef::new(AdminLog::ActorName)
                        .string_len(100)
                        .not_null(),
                )
                .col(ColumnDef::new(AdminLog::ActorRegionId).integer().not_null())
                .col(ColumnDef::new(AdminLog::Action).string_len(50).not_null())
                .col(ColumnDef::new(AdminLog::Target).string_len(100).not_null())
                .col(ColumnDef::new(AdminLog::Detail).text().not_null())
                .to_owned(),
        )
        .await?;
        // 忘记密码 looks accounts up by address: an index, so a registered
        // and an unknown address cost the same (and no scan of every user).
        m.get_connection()
            .execute_unprepared("CREATE INDEX idx_users_email ON users (LOWER(email))")
            .await?;
        // 截止前提醒: one per region and period, however many instances run.
        m.get_connection()
            .execute_unprepared(
                "CREATE TABLE reminders (region_id INTEGER NOT NULL, period INTEGER NOT NULL, \
                 PRIMARY KEY (region_id, period))",
            )
            .await?;
        Ok(())
    }
}
