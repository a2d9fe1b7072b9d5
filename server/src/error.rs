//! The server's error: database and internal failures are logged with a
//! reference id, and only the id reaches the user.

use app::error::AppError;
use rand::Rng;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// A typed answer for the user; logged by its variant.
    #[error("{0:?}")]
    App(AppError),
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("file: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Internal(String),
}

pub type ServiceResult<T> = Result<T, ServiceError>;

impl From<crate::auth::password::Busy> for ServiceError {
    fn from(b: crate::auth::password::Busy) -> Self {
        ServiceError::App(AppError::Busy {
            retry_after_seconds: b.retry_after_seconds,
        })
    }
}

impl From<AppError> for ServiceError {
    fn from(e: AppError) -> Self {
        ServiceError::App(e)
    }
}

impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::App(a) => a,
            // A writer that lost a race at the database level (SQLite's
            // busy lock, PostgreSQL's serialization failure or deadlock)
            // changed nothing: the user retries, as after any other lost
            // race.
            ServiceError::Db(ref d) if kind_of(d) == Some(DbFault::Contention) => {
                AppError::Conflict
            }
            other => {
                let id = format!("{:08x}", rand::thread_rng().gen::<u32>());
                if other.is_storage() {
                    // Nothing was written (the transaction rolled back);
                    // the operator must free space or make storage writable.
                    tracing::error!(reference = %id, error = %other,
                        "STORAGE FULL OR READ-ONLY: a write failed; free disk space or make the database and data dir writable");
                    AppError::Storage(id)
                } else {
                    tracing::error!(reference = %id, error = %other, "request failed");
                    AppError::Internal(id)
                }
            }
        }
    }
}

impl ServiceError {
    /// The disk is full, or the database or the data dir is read-only.
    pub fn is_storage(&self) -> bool {
        match self {
            ServiceError::Db(d) => kind_of(d) == Some(DbFault::Storage),
            ServiceError::Io(e) => matches!(
                e.kind(),
                std::io::ErrorKind::StorageFull
                    | std::io::ErrorKind::ReadOnlyFilesystem
                    | std::io::ErrorKind::QuotaExceeded
            ),
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DbFault {
    /// Another writer holds what this one needs: retrying may succeed.
    Contention,
    /// No space left, or nothing may be written.
    Storage,
}

/// What kind of database failure `e` is, by its error code — PostgreSQL's
/// SQLSTATE or SQLite's result code — never by its text.
fn kind_of(e: &sea_orm::DbErr) -> Option<DbFault> {
    use sea_orm::{DbErr, RuntimeErr};
    let sqlx = match e {
        DbErr::Exec(RuntimeErr::SqlxError(s))
        | DbErr::Query(RuntimeErr::SqlxError(s))
        | DbErr::Conn(RuntimeErr::SqlxError(s)) => s,
        _ => return None,
    };
    let db = sqlx.as_database_error()?;
    let code = db.code()?;
    if let Ok(n) = code.parse::<i32>() {
        // SQLite: the primary result code is the low byte.
        return match n & 0xff {
            5 | 6 => Some(DbFault::Contention),
            8 | 10 | 13 => Some(DbFault::Storage),
            _ => None,
        };
    }
    match code.as_ref() {
        "40001" | "40P01" | "55P03" => Some(DbFault::Contention),
        "53100" | "58030" | "25006" => Some(DbFault::Storage),
        _ => None,
    }
}
