//! Migration 7: an empty table that SQLite write transactions touch first,
//! so they take the write lock before reading (see `db::begin_write`).
//!
//! Shipped: never edit; add a new migration. Frozen: no application code
//! is used here.

use sea_orm_migration::prelude::*;

/// An empty table that SQLite write transactions touch first, so they take
/// the write lock before reading (see `db::begin_write`).
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000007_write_lock"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared("CREATE TABLE write_lock (id INTEGER PRIMARY KEY)")
            .await?;
        Ok(())
    }
}
