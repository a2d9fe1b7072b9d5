//! Migration 1: the region tree and its closure, schools and their monthly
//! figures, the aggregates of every region, users, sessions and settings.
//!
//! Shipped: never edit; add a new migration. Frozen: no application code
//! is used here.
//!
//! In three parts, one per group of tables; the names of every table and
//! column are declared here once, for all of them.

mod figures;
mod people;
mod tree;

use sea_orm_migration::prelude::*;

#[derive(DeriveIden)]
pub(super) enum Regions {
    Table,
    Id,
    Code,
    Name,
    Level,
    ParentId,
}

#[derive(DeriveIden)]
pub(super) enum RegionClosure {
    Table,
    AncestorId,
    DescendantId,
    Distance,
}

#[derive(DeriveIden)]
pub(super) enum Schools {
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
pub(super) enum SchoolMonthly {
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
pub(super) enum RegionStats {
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
pub(super) enum Users {
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
pub(super) enum Sessions {
    Table,
    Id,
    UserId,
    CreatedAt,
    ExpiresAt,
    UserAgent,
}

#[derive(DeriveIden)]
pub(super) enum Settings {
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

pub(super) fn idx(name: &str) -> IndexCreateStatement {
    Index::create().name(name).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        tree::up(m).await?;
        figures::up(m).await?;
        people::up(m).await
    }
}
