//! Migration 1: the region tree and its closure, schools and their monthly
//! figures, the aggregates of every region, users, sessions and settings.
//!
//! Shipped: never edit; add a new migration. Frozen: no application code
//! is used here.

use sea_orm_migration::prelude::*;

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

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000001_init"
    }
}

fn idx(name: &str) -> IndexCreateStatement {
    Index::create().name(name).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
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
