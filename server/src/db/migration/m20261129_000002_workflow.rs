//! Migration 2: the review workflow: region reports, the audit log, 月报文本
//! files, and the record of deadline runs.
//!
//! Shipped: never edit; add a new migration. Frozen: no application code
//! is used here.

use sea_orm_migration::prelude::*;

#[derive(DeriveIden)]
enum RegionReports {
    Table,
    RegionId,
    Period,
    State,
    ReturnedFrom,
    ReturnReason,
    Version,
    ReporterName,
    ReporterPhone,
    SubmittedAt,
    SubmittedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorUserId,
    ActorName,
    ActorRole,
    ActorRegionId,
    RegionId,
    SchoolId,
    Period,
    Action,
    FromState,
    ToState,
    Reason,
}

#[derive(DeriveIden)]
enum ReportTexts {
    Table,
    RegionId,
    Period,
    StoredName,
    OriginalName,
    Size,
    Kind,
    UploadedBy,
    UploadedAt,
}

#[derive(DeriveIden)]
enum DeadlineRuns {
    Table,
    Level,
    Period,
    DoneAt,
}

/// The review workflow: region reports, the audit log, 月报文本 files, and
/// the record of deadline runs.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000002_workflow"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One row per region and period, created on first need; a missing
        // row reads as pending.
        m.create_table(
            Table::create()
                .table(RegionReports::Table)
                .col(ColumnDef::new(RegionReports::RegionId).integer().not_null())
                .col(ColumnDef::new(RegionReports::Period).integer().not_null())
                .col(
                    ColumnDef::new(RegionReports::State)
                        .small_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(RegionReports::ReturnedFrom)
                        .small_integer()
                        .null(),
                )
                .col(ColumnDef::new(RegionReports::ReturnReason).text().null())
                .col(
                    ColumnDef::new(RegionReports::Version)
                        .integer()
                        .not_null()
                        .default(1),
                )
                .col(
                    ColumnDef::new(RegionReports::ReporterName)
                        .string_len(100)
                        .null(),
                )
                .col(
                    ColumnDef::new(RegionReports::ReporterPhone)
                        .string_len(40)
                        .null(),
                )
                .col(
                    ColumnDef::new(RegionReports::SubmittedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(ColumnDef::new(RegionReports::SubmittedBy).integer().null())
                .col(
                    ColumnDef::new(RegionReports::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(RegionReports::RegionId)
                        .col(RegionReports::Period),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(RegionReports::Table, RegionReports::RegionId)
                        .to(Regions::Table, Regions::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            idx("idx_region_reports_period")
                .table(RegionReports::Table)
                .col(RegionReports::Period)
                .col(RegionReports::State)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(
                    ColumnDef::new(AuditLog::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(AuditLog::At)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(ColumnDef::new(AuditLog::ActorUserId).integer().null())
                .col(
                    ColumnDef::new(AuditLog::ActorName)
                        .string_len(100)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AuditLog::ActorRole)
                        .string_len(100)
                        .not_null(),
                )
                .col(ColumnDef::new(AuditLog::ActorRegionId).integer().null())
                .col(ColumnDef::new(AuditLog::RegionId).integer().not_null())
                .col(ColumnDef::new(AuditLog::SchoolId).integer().null())
                .col(ColumnDef::new(AuditLog::Period).integer().not_null())
                .col(ColumnDef::new(AuditLog::Action).string_len(40).not_null())
                .col(
                    ColumnDef::new(AuditLog::FromState)
                        .small_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(AuditLog::ToState).small_integer().not_null())
                .col(ColumnDef::new(AuditLog::Reason).text().null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            idx("idx_audit_region_period")
                .table(AuditLog::Table)
                .col(AuditLog::RegionId)
                .col(AuditLog::Period)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ReportTexts::Table)
                .col(ColumnDef::new(ReportTexts::RegionId).integer().not_null())
                .col(ColumnDef::new(ReportTexts::Period).integer().not_null())
                .col(
                    ColumnDef::new(ReportTexts::StoredName)
                        .string_len(200)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ReportTexts::OriginalName)
                        .string_len(255)
                        .not_null(),
                )
                .col(ColumnDef::new(ReportTexts::Size).big_integer().not_null())
                .col(ColumnDef::new(ReportTexts::Kind).string_len(10).not_null())
                .col(ColumnDef::new(ReportTexts::UploadedBy).integer().not_null())
                .col(
                    ColumnDef::new(ReportTexts::UploadedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(ReportTexts::RegionId)
                        .col(ReportTexts::Period),
                )
                .to_owned(),
        )
        .await?;

        // A (level, period) row is written when that deadline's job has
        // finished: the job skips it afterwards, and catches up on the rest.
        m.create_table(
            Table::create()
                .table(DeadlineRuns::Table)
                .col(
                    ColumnDef::new(DeadlineRuns::Level)
                        .small_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(DeadlineRuns::Period).integer().not_null())
                .col(
                    ColumnDef::new(DeadlineRuns::DoneAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(DeadlineRuns::Level)
                        .col(DeadlineRuns::Period),
                )
                .to_owned(),
        )
        .await?;

        // The reason a school was returned, shown to the school.
        m.alter_table(
            Table::alter()
                .table(SchoolMonthly::Table)
                .add_column(ColumnDef::new(SchoolMonthly::ReturnReason).text().null())
                .to_owned(),
        )
        .await?;
        Ok(())
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
    ReturnReason,
}

fn idx(name: &str) -> IndexCreateStatement {
    Index::create().name(name).to_owned()
}
