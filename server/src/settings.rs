//! Settings kept in the database (key/value): the reporting windows and the
//! 客户服务 contacts. Missing keys read as the product's defaults.

use crate::backend::ServerBackend;
use crate::db::{self, stmt};
use crate::error::ServiceResult;
use app::domain::Windows;
use app::error::AppError;
use app::shell::model::SupportContacts;
use sea_orm::{ConnectionTrait, FromQueryResult};

pub const WINDOWS: &str = "windows";
pub const JUMP_RATIO: &str = "jump_ratio";
pub const REMINDER_DAYS: &str = "reminder_days";
const SUPPORT_PHONE: &str = "support_phone";
const SUPPORT_QQ: &str = "support_qq";
/// Until the national admin says otherwise: two days before each deadline.
pub const DEFAULT_REMINDER_DAYS: u32 = 2;

/// 截止前提醒 days (0: off).
pub async fn reminder_days(db: &impl ConnectionTrait) -> ServiceResult<u32> {
    Ok(get(db, REMINDER_DAYS)
        .await?
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_REMINDER_DAYS))
}

/// The change from last month above which a school must confirm its
/// figures (SPEC §3); 0.3 unless set.
pub async fn jump_ratio(db: &impl ConnectionTrait) -> ServiceResult<f64> {
    Ok(get(db, JUMP_RATIO)
        .await?
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|r| *r > 0.0 && *r <= 10.0)
        .unwrap_or(app::domain::figures::DEFAULT_JUMP_RATIO))
}

async fn get(db: &impl ConnectionTrait, key: &str) -> ServiceResult<Option<String>> {
    Ok(db::value::<String>(
        db,
        "SELECT value FROM settings WHERE key = $1",
        vec![key.into()],
    )
    .await?)
}

pub async fn put(db: &impl ConnectionTrait, key: &str, value: &str) -> ServiceResult<()> {
    db.execute(stmt(
        db,
        "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        vec![key.into(), value.into()],
    ))
    .await?;
    Ok(())
}

/// The reporting windows; a stored value that no longer parses falls back
/// to the defaults (and says so in the log) rather than stopping reviews.
pub async fn windows(db: &impl ConnectionTrait) -> ServiceResult<Windows> {
    Ok(match get(db, WINDOWS).await? {
        Some(json) => serde_json::from_str(&json).unwrap_or_else(|e| {
            tracing::warn!(error = %e, "stored windows unreadable, using defaults");
            Windows::default()
        }),
        None => Windows::default(),
    })
}

/// Stores windows (checked when they were built: `Windows` cannot exist
/// broken, and reading them back parses them again).
pub async fn set_windows(db: &impl ConnectionTrait, w: &Windows) -> ServiceResult<()> {
    let json = serde_json::to_string(w)
        .map_err(|e| crate::error::ServiceError::Internal(e.to_string()))?;
    put(db, WINDOWS, &json).await
}

/// 系统设置 for the national admin.
pub async fn system(
    db: &impl ConnectionTrait,
    actor: &app::backend::Actor,
) -> ServiceResult<app::admin::model::SystemSettings> {
    if actor.role != app::domain::Role::NationalAdmin {
        return Err(app::error::AppError::NotFound.into());
    }
    Ok(app::admin::model::SystemSettings {
        windows: windows(db).await?,
        jump_ratio: jump_ratio(db).await?,
        support_phone: get(db, SUPPORT_PHONE).await?.unwrap_or_default(),
        support_qq: get(db, SUPPORT_QQ).await?.unwrap_or_default(),
        reminder_days: reminder_days(db).await?,
    })
}

/// Saves every setting in one transaction, after the domain's checks.
pub async fn save_system(
    db: &sea_orm::DatabaseConnection,
    actor: &app::backend::Actor,
    s: &app::admin::model::SystemSettings,
) -> ServiceResult<()> {
    if actor.role != app::domain::Role::NationalAdmin {
        return Err(app::error::AppError::NotFound.into());
    }
    // Built in this process, the value may have skipped the draft's
    // rules: it passes them again here.
    let s = app::admin::model::SystemSettings::try_from(app::admin::model::SettingsDraft::from(
        s.clone(),
    ))
    .map_err(app::error::AppError::Invalid)?;
    let txn = crate::db::begin_write(db).await?;
    set_windows(&txn, &s.windows).await?;
    put(&txn, JUMP_RATIO, &s.jump_ratio.to_string()).await?;
    put(&txn, SUPPORT_PHONE, &s.support_phone).await?;
    put(&txn, SUPPORT_QQ, &s.support_qq).await?;
    put(&txn, REMINDER_DAYS, &s.reminder_days.to_string()).await?;
    txn.commit().await?;
    Ok(())
}

impl crate::backend::ServerBackend {
    pub(crate) async fn load_contacts(&self) -> ServiceResult<SupportContacts> {
        #[derive(FromQueryResult)]
        struct Setting {
            key: String,
            value: String,
        }
        let mut c = SupportContacts {
            phone: String::new(),
            qq: String::new(),
        };
        for Setting { key, value } in db::rows::<Setting>(
            &self.db,
            "SELECT key, value FROM settings WHERE key IN ($1, $2)",
            vec![SUPPORT_PHONE.into(), SUPPORT_QQ.into()],
        )
        .await?
        {
            if key == SUPPORT_PHONE {
                c.phone = value;
            } else {
                c.qq = value;
            }
        }
        Ok(c)
    }
}

#[async_trait::async_trait]
impl app::shell::backend::ShellApi for ServerBackend {
    async fn support_contacts(&self) -> Result<SupportContacts, AppError> {
        Ok(self.load_contacts().await?)
    }
}
