//! Connecting, migrating, and reading rows into types.
//!
//! Hand-written SQL numbers its placeholders (`$1`, `$2`, …), which both
//! PostgreSQL and SQLite bind by number, so one text serves both; lists
//! whose length varies are built with sea-query or numbered by `numbered`.
//! Rows are read into `FromQueryResult` structs whose fields are domain
//! types (`app::domain::sql`), never by column name.

pub mod migration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, FromQueryResult, QueryResult, Statement, TransactionTrait, TryGetable, Value,
};
use sea_orm_migration::MigratorTrait;
use std::time::Duration;

pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(url.to_string());
    opts.sqlx_logging(false)
        .acquire_timeout(Duration::from_secs(30))
        .max_connections(if url.starts_with("sqlite") { 8 } else { 20 })
        // Set on every pooled connection, not only the first: WAL lets
        // readers go on while one writer commits, and the busy timeout makes
        // a second writer wait its turn instead of failing at once.
        .map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(WRITER_WAIT)
                .foreign_keys(true)
        });
    Database::connect(opts).await
}

/// How long a SQLite writer waits for another to commit.
const WRITER_WAIT: Duration = Duration::from_secs(10);

/// Begins a transaction that is going to write.
///
/// SQLite's plain `BEGIN` takes the write lock only at the first write, and
/// a transaction that has already read cannot wait for it: if another
/// writer holds the lock at that moment, SQLite answers "database is locked"
/// at once, whatever the busy timeout (waiting could deadlock). Under load
/// that turned ordinary concurrent saves into spurious conflicts. So on
/// SQLite the first statement is a write that changes nothing: the lock is
/// taken before any read, where the busy timeout applies, and writers queue.
/// PostgreSQL locks rows, not the database, and needs nothing of this.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    let txn = db.begin().await?;
    if db.get_database_backend() == DbBackend::Sqlite {
        txn.execute_unprepared("UPDATE write_lock SET id = id WHERE 0")
            .await?;
    }
    Ok(txn)
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    migration::Migrator::up(db, None).await
}

/// Whether the instance may take traffic: the database answers and has
/// every migration this binary knows. The reason, in words, when not.
pub async fn readiness(db: &DatabaseConnection) -> Result<(), String> {
    db.execute_unprepared("SELECT 1")
        .await
        .map_err(|e| format!("database unreachable: {e}"))?;
    let pending = migration::Migrator::get_pending_migrations(db)
        .await
        .map_err(|e| format!("migrations unreadable: {e}"))?;
    if pending.is_empty() {
        Ok(())
    } else {
        Err(format!("{} migrations pending", pending.len()))
    }
}

/// A statement for `db`'s backend from SQL with numbered placeholders
/// (`$1` is `values[0]`).
pub fn stmt(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(db.get_database_backend(), sql, values)
}

/// Every row `sql` returns, each read into `T` by column name.
pub async fn rows<T: FromQueryResult>(
    c: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<T>, DbErr> {
    T::find_by_statement(stmt(c, sql, values)).all(c).await
}

/// The first row `sql` returns read into `T`, if any.
pub async fn row<T: FromQueryResult>(
    c: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> Result<Option<T>, DbErr> {
    T::find_by_statement(stmt(c, sql, values)).one(c).await
}

/// The first column of the first row `sql` returns, read as `T`; `None`
/// when there is no row. (`T = Option<_>` for a column that may be NULL.)
pub async fn value<T: TryGetable>(
    c: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> Result<Option<T>, DbErr> {
    Ok(row::<First<T>>(c, sql, values).await?.map(|f| f.0))
}

/// The first column of every row `sql` returns, read as `T`.
pub async fn column<T: TryGetable>(
    c: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<T>, DbErr> {
    Ok(rows::<First<T>>(c, sql, values)
        .await?
        .into_iter()
        .map(|f| f.0)
        .collect())
}

/// A row's first column: for queries that select exactly one thing.
struct First<T>(T);

impl<T: TryGetable> FromQueryResult for First<T> {
    fn from_query_result(res: &QueryResult, _pre: &str) -> Result<Self, DbErr> {
        Ok(Self(res.try_get_by_index(0)?))
    }
}

/// `$from, $from+1, …` (`count` of them): the numbered placeholders of a
/// list inside hand-written SQL, whose values come `from`th in the
/// statement's values.
pub fn numbered(from: usize, count: usize) -> String {
    (from..from + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_is_numbered_from_its_first_value() {
        assert_eq!(numbered(3, 2), "$3, $4");
        assert_eq!(numbered(1, 1), "$1");
    }
}
