//! Migration 5: 忘记密码: captchas, reset links (digests only), and attempts
//! for the rate limits.
//!
//! Shipped: never edit; add a new migration. Frozen: no application code
//! is used here.

use sea_orm_migration::prelude::*;

#[derive(DeriveIden)]
enum Captchas {
    Table,
    Id,
    AnswerHash,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum PasswordResets {
    Table,
    TokenHash,
    UserId,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum ResetAttempts {
    Table,
    Id,
    Key,
    At,
}

/// 忘记密码: captchas, reset links (digests only), and attempts for the
/// rate limits.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000005_resets"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Captchas::Table)
                .col(
                    ColumnDef::new(Captchas::Id)
                        .string_len(64)
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(Captchas::AnswerHash)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Captchas::ExpiresAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PasswordResets::Table)
                .col(
                    ColumnDef::new(PasswordResets::TokenHash)
                        .string_len(64)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(PasswordResets::UserId).integer().not_null())
                .col(
                    ColumnDef::new(PasswordResets::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(PasswordResets::ExpiresAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(PasswordResets::UsedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ResetAttempts::Table)
                .col(
                    ColumnDef::new(ResetAttempts::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(ResetAttempts::Key)
                        .string_len(250)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ResetAttempts::At)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            idx("idx_reset_attempts_key")
                .table(ResetAttempts::Table)
                .col(ResetAttempts::Key)
                .col(ResetAttempts::At)
                .to_owned(),
        )
        .await
    }
}

fn idx(name: &str) -> IndexCreateStatement {
    Index::create().name(name).to_owned()
}
