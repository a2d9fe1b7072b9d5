//! Schools' monthly figures and the regions' aggregates of them.

use super::*;

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
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

    Ok(())
}
