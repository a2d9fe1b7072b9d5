//! Migration 4: 通知通告: notices with their scope, their attachments, and
//! who has read them.
//!
//! Shipped: never edit; add a new migration. Frozen: no application code
//! is used here.

use sea_orm_migration::prelude::*;

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
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000004_notices"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
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
enum Regions {
    Table,
    Id,
}

fn idx(name: &str) -> IndexCreateStatement {
    Index::create().name(name).to_owned()
}
