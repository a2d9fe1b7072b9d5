//! The server's error: database and internal failures are logged with a
//! reference id, and only the id reaches the user.

use app::error::AppError;
use rand::Rng;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    App(#[from] AppError),
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("{0}")]
    Internal(String),
}

pub type ServiceResult<T> = Result<T, ServiceError>;

impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::App(a) => a,
            // A writer that lost a race at the database level (SQLite's
            // busy lock, PostgreSQL's serialization failure) changed nothing:
            // the user retries, as after any other lost race.
            ServiceError::Db(e) if is_contention(&e) => AppError::Conflict,
            other => {
                let id = format!("{:08x}", rand::thread_rng().gen::<u32>());
                tracing::error!(reference = %id, error = %other, "request failed");
                AppError::Internal(id)
            }
        }
    }
}

fn is_contention(e: &sea_orm::DbErr) -> bool {
    let m = e.to_string();
    m.contains("database is locked")
        || m.contains("could not serialize")
        || m.contains("deadlock detected")
}
