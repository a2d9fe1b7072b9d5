//! Migration 3: the forms: who last saved a school's month; the region
//! questionnaire.
//!
//! Shipped: never edit; add a new migration. Frozen: no application code
//! is used here.

use sea_orm_migration::prelude::*;

#[derive(DeriveIden)]
enum RegionQuestionnaires {
    Table,
    RegionId,
    UsesPlatform,
    PlatformUrl,
    PlatformSource,
    MetroNetwork,
    Version,
    UpdatedAt,
    UpdatedBy,
    UpdatedByLabel,
}

/// The forms: who last saved a school's month; the region questionnaire.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000003_forms"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(SchoolMonthly::Table)
                .add_column(ColumnDef::new(SchoolMonthly::UpdatedBy).integer().null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RegionQuestionnaires::Table)
                .col(
                    ColumnDef::new(RegionQuestionnaires::RegionId)
                        .integer()
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(RegionQuestionnaires::UsesPlatform)
                        .boolean()
                        .null(),
                )
                .col(
                    ColumnDef::new(RegionQuestionnaires::PlatformUrl)
                        .string_len(500)
                        .not_null()
                        .default(""),
                )
                .col(
                    ColumnDef::new(RegionQuestionnaires::PlatformSource)
                        .small_integer()
                        .null(),
                )
                .col(
                    ColumnDef::new(RegionQuestionnaires::MetroNetwork)
                        .boolean()
                        .null(),
                )
                .col(
                    ColumnDef::new(RegionQuestionnaires::Version)
                        .integer()
                        .not_null()
                        .default(1),
                )
                .col(
                    ColumnDef::new(RegionQuestionnaires::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(RegionQuestionnaires::UpdatedBy)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(RegionQuestionnaires::UpdatedByLabel)
                        .string_len(200)
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(RegionQuestionnaires::Table, RegionQuestionnaires::RegionId)
                        .to(Regions::Table, Regions::Id),
                )
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Regions {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SchoolMonthly {
    Table,
    UpdatedBy,
}
