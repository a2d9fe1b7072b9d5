//! Migration 12: notices keep what their words are made of, so each reader
//! reads them in their own language.
//!
//! - `system_kind`, `system_params`: a notice the system sends by itself
//!   (截止前提醒: `reminder`, with its region name, level code, period key
//!   and deadline as JSON); NULL for a notice written by a person. Its
//!   `title` and `content_html` still hold the zh-CN text, so the row reads
//!   whole in SQL.
//! - `author_role`, `author_region_name`: who wrote it (the role's code and
//!   the region's name then; the level is `author_level`). NULL on rows
//!   from before: their `author_label` is shown as it was written.
//!
//! Frozen: no application code is used here.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000012_notice_values"
    }
}

#[derive(DeriveIden)]
enum Notices {
    Table,
    SystemKind,
    SystemParams,
    AuthorRole,
    AuthorRegionName,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one at a time.
        for column in [
            ColumnDef::new(Notices::SystemKind)
                .string_len(32)
                .null()
                .to_owned(),
            ColumnDef::new(Notices::SystemParams)
                .text()
                .null()
                .to_owned(),
            ColumnDef::new(Notices::AuthorRole)
                .small_integer()
                .null()
                .to_owned(),
            ColumnDef::new(Notices::AuthorRegionName)
                .string_len(200)
                .null()
                .to_owned(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Notices::Table)
                    .add_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
