//! The region tree, its closure and the schools.

use super::*;

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
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

    Ok(())
}
