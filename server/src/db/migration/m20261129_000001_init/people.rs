//! Users, their sessions, and the settings with the product's defaults.

use super::*;

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
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
