//! Migration 11: `users.locale`, the language a user chose last (`zh-CN`,
//! `en`; NULL: never chose, the browser's language applies).
//!
//! Frozen: no application code is used here.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000011_locale"
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Locale,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(ColumnDef::new(Users::Locale).string_len(8).null())
                .to_owned(),
        )
        .await
    }
}
