//! Schema migrations: append-only. Never edit a migration that has shipped;
//! add a new one.

use sea_orm_migration::prelude::*;

mod m20261130_000009_month_lock;
mod m20261130_000010_edge;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(M20261129Init),
            Box::new(M20261129Workflow),
            Box::new(M20261129Forms),
            Box::new(M20261129Notices),
            Box::new(M20261129Resets),
            Box::new(M20261129Admin),
            Box::new(M20261129WriteLock),
            Box::new(M20261129SchoolMonthRegion),
            Box::new(m20261130_000009_month_lock::Migration),
            Box::new(m20261130_000010_edge::Migration),
        ]
    }
}

#[derive(DeriveIden)]
enum Regions {
    Table,
    Id,
    Code,
    Name,
    Level,
    ParentId,
}

#[derive(DeriveIden)]
enum RegionClosure {
    Table,
    AncestorId,
    DescendantId,
    Distance,
}

#[derive(DeriveIden)]
enum Schools {
    Table,
    Id,
    Code,
    Name,
    SchoolType,
    SixThree,
    RegionId,
    Closed,
}

#[derive(DeriveIden)]
enum SchoolMonthly {
    Table,
    SchoolId,
    Period,
    Classes,
    Teachers,
    Students,
    SixThree,
    Broadband,
    BroadbandMbps,
    MultimediaRooms,
    TeacherSpaces,
    StudentSpaces,
    State,
    Version,
    UpdatedAt,
    ReturnReason,
    UpdatedBy,
}

#[derive(DeriveIden)]
enum RegionStats {
    Table,
    RegionId,
    Period,
    Scope,
    Schools,
    Classes,
    Teachers,
    Students,
    SixThree,
    Broadband,
    MultimediaRooms,
    TeacherSpaces,
    StudentSpaces,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Username,
    PasswordHash,
    Role,
    RegionId,
    SchoolId,
    Name,
    Phone,
    Email,
    Disabled,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    UserId,
    CreatedAt,
    ExpiresAt,
    UserAgent,
}

#[derive(DeriveIden)]
enum Settings {
    Table,
    Key,
    Value,
}

struct M20261129Init;

impl MigrationName for M20261129Init {
    fn name(&self) -> &str {
        "m20261129_000001_init"
    }
}

fn idx(name: &str) -> IndexCreateStatement {
    Index::create().name(name).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for M20261129Init {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Regions::Table)
                .col(
                    ColumnDef::new(Regions::Id)
                        .integer()
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(Regions::Code)
                        .string_len(6)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Regions::Name).string_len(100).not_null())
                .col(ColumnDef::new(Regions::Level).small_integer().not_null())
                .col(ColumnDef::new(Regions::ParentId).integer().null())
                .foreign_key(
                    ForeignKey::create()
                        .from(Regions::Table, Regions::ParentId)
                        .to(Regions::Table, Regions::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            idx("idx_regions_parent")
                .table(Regions::Table)
                .col(Regions::ParentId)
                .to_owned(),
        )
        .await?;

        // Every (ancestor, descendant) pair including (r, r): subtree reads
        // and scope checks are one indexed join, no recursion.
        m.create_table(
            Table::create()
                .table(RegionClosure::Table)
                .col(
                    ColumnDef::new(RegionClosure::AncestorId)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(RegionClosure::DescendantId)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(RegionClosure::Distance)
                        .small_integer()
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(RegionClosure::AncestorId)
                        .col(RegionClosure::DescendantId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(RegionClosure::Table, RegionClosure::AncestorId)
                        .to(Regions::Table, Regions::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(RegionClosure::Table, RegionClosure::DescendantId)
                        .to(Regions::Table, Regions::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            idx("idx_region_closure_desc")
                .table(RegionClosure::Table)
                .col(RegionClosure::DescendantId)
                .col(RegionClosure::AncestorId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Schools::Table)
                .col(
                    ColumnDef::new(Schools::Id)
                        .integer()
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(Schools::Code)
                        .string_len(20)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Schools::Name).string_len(200).not_null())
                .col(
                    ColumnDef::new(Schools::SchoolType)
                        .small_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(Schools::SixThree).boolean().not_null())
                .col(ColumnDef::new(Schools::RegionId).integer().not_null())
                .col(
                    ColumnDef::new(Schools::Closed)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Schools::Table, Schools::RegionId)
                        .to(Regions::Table, Regions::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            idx("idx_schools_region")
                .table(Schools::Table)
                .col(Schools::RegionId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SchoolMonthly::Table)
                .col(ColumnDef::new(SchoolMonthly::SchoolId).integer().not_null())
                .col(ColumnDef::new(SchoolMonthly::Period).integer().not_null())
                .col(ColumnDef::new(SchoolMonthly::Classes).integer().not_null())
                .col(ColumnDef::new(SchoolMonthly::Teachers).integer().not_null())
                .col(ColumnDef::new(SchoolMonthly::Students).integer().not_null())
                .col(ColumnDef::new(SchoolMonthly::SixThree).boolean().not_null())
                .col(
                    ColumnDef::new(SchoolMonthly::Broadband)
                        .boolean()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(SchoolMonthly::BroadbandMbps)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(SchoolMonthly::MultimediaRooms)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(SchoolMonthly::TeacherSpaces)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(SchoolMonthly::StudentSpaces)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(SchoolMonthly::State)
                        .small_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(SchoolMonthly::Version)
                        .integer()
                        .not_null()
                        .default(1),
                )
                .col(
                    ColumnDef::new(SchoolMonthly::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(SchoolMonthly::SchoolId)
                        .col(SchoolMonthly::Period),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(SchoolMonthly::Table, SchoolMonthly::SchoolId)
                        .to(Schools::Table, Schools::Id),
                )
                .to_owned(),
        )
        .await?;

        // Per region and period: scope 0 = the region's direct schools,
        // scope 1 = its whole subtree. Kept in step with school_monthly in
        // the same transaction, so a status table reads O(children) rows.
        let mut stats = Table::create();
        stats
            .table(RegionStats::Table)
            .col(ColumnDef::new(RegionStats::RegionId).integer().not_null())
            .col(ColumnDef::new(RegionStats::Period).integer().not_null())
            .col(
                ColumnDef::new(RegionStats::Scope)
                    .small_integer()
                    .not_null(),
            );
        for c in [
            RegionStats::Schools,
            RegionStats::Classes,
            RegionStats::Teachers,
            RegionStats::Students,
            RegionStats::SixThree,
            RegionStats::Broadband,
            RegionStats::MultimediaRooms,
            RegionStats::TeacherSpaces,
            RegionStats::StudentSpaces,
        ] {
            stats.col(ColumnDef::new(c).big_integer().not_null().default(0));
        }
        stats
            .primary_key(
                Index::create()
                    .col(RegionStats::RegionId)
                    .col(RegionStats::Period)
                    .col(RegionStats::Scope),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(RegionStats::Table, RegionStats::RegionId)
                    .to(Regions::Table, Regions::Id),
            );
        m.create_table(stats.to_owned()).await?;

        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(
                    ColumnDef::new(Users::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(Users::Username)
                        .string_len(64)
                        .not_null()
                        .unique_key(),
                )
                .col(
                    ColumnDef::new(Users::PasswordHash)
                        .string_len(200)
                        .not_null(),
                )
                .col(ColumnDef::new(Users::Role).small_integer().not_null())
                .col(ColumnDef::new(Users::RegionId).integer().null())
                .col(ColumnDef::new(Users::SchoolId).integer().null())
                .col(ColumnDef::new(Users::Name).string_len(100).not_null())
                .col(
                    ColumnDef::new(Users::Phone)
                        .string_len(40)
                        .not_null()
                        .default(""),
                )
                .col(ColumnDef::new(Users::Email).string_len(200).null())
                .col(
                    ColumnDef::new(Users::Disabled)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .col(
                    ColumnDef::new(Users::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Users::Table, Users::RegionId)
                        .to(Regions::Table, Regions::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Users::Table, Users::SchoolId)
                        .to(Schools::Table, Schools::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            idx("idx_users_region")
                .table(Users::Table)
                .col(Users::RegionId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            idx("idx_users_school")
                .table(Users::Table)
                .col(Users::SchoolId)
                .to_owned(),
        )
        .await?;

        // The id is the SHA-256 of the cookie's token: a leaked table cannot
        // be replayed as cookies.
        m.create_table(
            Table::create()
                .table(Sessions::Table)
                .col(
                    ColumnDef::new(Sessions::Id)
                        .string_len(64)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(Sessions::UserId).integer().not_null())
                .col(
                    ColumnDef::new(Sessions::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Sessions::ExpiresAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(ColumnDef::new(Sessions::UserAgent).string_len(200).null())
                .foreign_key(
                    ForeignKey::create()
                        .from(Sessions::Table, Sessions::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            idx("idx_sessions_user")
                .table(Sessions::Table)
                .col(Sessions::UserId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Settings::Table)
                .col(
                    ColumnDef::new(Settings::Key)
                        .string_len(64)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(Settings::Value).text().not_null())
                .to_owned(),
        )
        .await?;
        // The product's defaults (manual §5), not demo data.
        m.exec_stmt(
            Query::insert()
                .into_table(Settings::Table)
                .columns([Settings::Key, Settings::Value])
                .values_panic(["support_phone".into(), "4008980910".into()])
                .values_panic(["support_qq".into(), "4008980910".into()])
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}

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
struct M20261129Workflow;

impl MigrationName for M20261129Workflow {
    fn name(&self) -> &str {
        "m20261129_000002_workflow"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M20261129Workflow {
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
struct M20261129Forms;

impl MigrationName for M20261129Forms {
    fn name(&self) -> &str {
        "m20261129_000003_forms"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M20261129Forms {
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
enum Notices {
    Table,
    Id,
    Title,
    ContentHtml,
    AuthorUserId,
    AuthorLabel,
    AuthorRegionId,
    AuthorLevel,
    ScopeLevels,
    ScopeDirectSchools,
    Pinned,
    CreatedAt,
}

#[derive(DeriveIden)]
enum NoticeReads {
    Table,
    NoticeId,
    UserId,
    ReadAt,
}

#[derive(DeriveIden)]
enum NoticeAttachments {
    Table,
    Id,
    NoticeId,
    StoredName,
    OriginalName,
    Size,
    Kind,
    CreatedAt,
}

/// 通知通告: notices with their scope, their attachments, and who has read
/// them.
struct M20261129Notices;

impl MigrationName for M20261129Notices {
    fn name(&self) -> &str {
        "m20261129_000004_notices"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M20261129Notices {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Notices::Table)
                .col(
                    ColumnDef::new(Notices::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(Notices::Title).string_len(200).not_null())
                .col(ColumnDef::new(Notices::ContentHtml).text().not_null())
                .col(ColumnDef::new(Notices::AuthorUserId).integer().not_null())
                .col(
                    ColumnDef::new(Notices::AuthorLabel)
                        .string_len(200)
                        .not_null(),
                )
                .col(ColumnDef::new(Notices::AuthorRegionId).integer().not_null())
                .col(
                    ColumnDef::new(Notices::AuthorLevel)
                        .small_integer()
                        .not_null(),
                )
                // Level codes, comma separated and comma wrapped: ",2,3,".
                .col(
                    ColumnDef::new(Notices::ScopeLevels)
                        .string_len(20)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Notices::ScopeDirectSchools)
                        .boolean()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Notices::Pinned)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .col(
                    ColumnDef::new(Notices::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Notices::Table, Notices::AuthorRegionId)
                        .to(Regions::Table, Regions::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            idx("idx_notices_author_region")
                .table(Notices::Table)
                .col(Notices::AuthorRegionId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(NoticeReads::Table)
                .col(ColumnDef::new(NoticeReads::NoticeId).integer().not_null())
                .col(ColumnDef::new(NoticeReads::UserId).integer().not_null())
                .col(
                    ColumnDef::new(NoticeReads::ReadAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(NoticeReads::NoticeId)
                        .col(NoticeReads::UserId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(NoticeReads::Table, NoticeReads::NoticeId)
                        .to(Notices::Table, Notices::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(NoticeAttachments::Table)
                .col(
                    ColumnDef::new(NoticeAttachments::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(NoticeAttachments::NoticeId)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(NoticeAttachments::StoredName)
                        .string_len(200)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(NoticeAttachments::OriginalName)
                        .string_len(255)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(NoticeAttachments::Size)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(NoticeAttachments::Kind)
                        .string_len(10)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(NoticeAttachments::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(NoticeAttachments::Table, NoticeAttachments::NoticeId)
                        .to(Notices::Table, Notices::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            idx("idx_notice_attachments_notice")
                .table(NoticeAttachments::Table)
                .col(NoticeAttachments::NoticeId)
                .to_owned(),
        )
        .await
    }
}

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
struct M20261129Resets;

impl MigrationName for M20261129Resets {
    fn name(&self) -> &str {
        "m20261129_000005_resets"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M20261129Resets {
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
struct M20261129Admin;

impl MigrationName for M20261129Admin {
    fn name(&self) -> &str {
        "m20261129_000006_admin"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M20261129Admin {
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

/// An empty table that SQLite write transactions touch first, so they take
/// the write lock before reading (see `db::begin_write`).
struct M20261129WriteLock;

impl MigrationName for M20261129WriteLock {
    fn name(&self) -> &str {
        "m20261129_000007_write_lock"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M20261129WriteLock {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared("CREATE TABLE write_lock (id INTEGER PRIMARY KEY)")
            .await?;
        Ok(())
    }
}

/// Each school month records the region whose aggregates hold it: a school
/// that moves takes this month and later with it, and the months before stay
/// with the region that reviewed them, in lists and workflow alike.
struct M20261129SchoolMonthRegion;

impl MigrationName for M20261129SchoolMonthRegion {
    fn name(&self) -> &str {
        "m20261129_000008_school_month_region"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M20261129SchoolMonthRegion {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let c = m.get_connection();
        c.execute_unprepared(
            "ALTER TABLE school_monthly ADD COLUMN region_id INTEGER NOT NULL DEFAULT 0",
        )
        .await?;
        // A school that never moved counts where it is.
        c.execute_unprepared(
            "UPDATE school_monthly SET region_id = \
             (SELECT s.region_id FROM schools s WHERE s.id = school_monthly.school_id)",
        )
        .await?;
        moved_history(c).await?;
        if c.get_database_backend() == sea_orm::DbBackend::Postgres {
            // From now on every insert names its region.
            c.execute_unprepared("ALTER TABLE school_monthly ALTER COLUMN region_id DROP DEFAULT")
                .await?;
        }
        c.execute_unprepared(
            "CREATE INDEX idx_school_monthly_region ON school_monthly (region_id, period, state)",
        )
        .await?;
        Ok(())
    }
}

/// The months of schools moved before this migration: each move (an
/// `admin_log` row 'move_school', its detail ending in the new region's
/// code) carried the months from its own month on to the new region and
/// left the earlier ones where they were. A month before the first move
/// belongs to the region its workflow rows (`audit_log`) name; with none,
/// it stays where the school is now, as it was counted before.
async fn moved_history(c: &SchemaManagerConnection<'_>) -> Result<(), DbErr> {
    use super::stmt;
    use app::domain::{cst_date, Period};
    use chrono::{DateTime, Utc};
    use std::collections::BTreeMap;

    let mut moves: BTreeMap<String, Vec<(i32, String)>> = BTreeMap::new();
    for row in c
        .query_all(stmt(
            c,
            "SELECT target, at, detail FROM admin_log WHERE action = ? ORDER BY id",
            vec!["move_school".into()],
        ))
        .await?
    {
        let at: DateTime<Utc> = row.try_get("", "at")?;
        let detail: String = row.try_get("", "detail")?;
        let Some(region_code) = detail.split_whitespace().last() else {
            continue;
        };
        moves
            .entry(row.try_get("", "target")?)
            .or_default()
            .push((Period::of(cst_date(at)).key(), region_code.to_string()));
    }
    let region_id = |code: String| async move {
        c.query_one(stmt(
            c,
            "SELECT id FROM regions WHERE code = ?",
            vec![code.into()],
        ))
        .await?
        .map(|r| r.try_get::<i32>("", "id"))
        .transpose()
    };
    for (school_code, school_moves) in moves {
        let Some(school) = c
            .query_one(stmt(
                c,
                "SELECT id FROM schools WHERE code = ?",
                vec![school_code.into()],
            ))
            .await?
        else {
            continue;
        };
        let school: i32 = school.try_get("", "id")?;
        let mut destinations = Vec::new();
        for (period, code) in school_moves {
            if let Some(id) = region_id(code).await? {
                destinations.push((period, id));
            }
        }
        let Some(first_move) = destinations.iter().map(|(p, _)| *p).min() else {
            continue;
        };
        // Where the school was before its first move, from its workflow.
        let origin: Option<i32> = c
            .query_one(stmt(
                c,
                "SELECT region_id FROM audit_log WHERE school_id = ? AND period < ? \
                 ORDER BY id DESC LIMIT 1",
                vec![school.into(), first_move.into()],
            ))
            .await?
            .map(|r| r.try_get("", "region_id"))
            .transpose()?;
        for row in c
            .query_all(stmt(
                c,
                "SELECT period FROM school_monthly WHERE school_id = ?",
                vec![school.into()],
            ))
            .await?
        {
            let period: i32 = row.try_get("", "period")?;
            // The last move made in or before this month decides; months
            // before every move stay with the origin.
            let region = destinations
                .iter()
                .rev()
                .find(|(p, _)| *p <= period)
                .map(|(_, r)| *r)
                .or(origin);
            if let Some(region) = region {
                c.execute(stmt(
                    c,
                    "UPDATE school_monthly SET region_id = ? WHERE school_id = ? AND period = ?",
                    vec![region.into(), school.into(), period.into()],
                ))
                .await?;
            }
        }
    }
    Ok(())
}
