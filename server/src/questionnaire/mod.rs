//! The region questionnaire 地区情况: read in scope, saved by the region's
//! own admin or reviewer with the record's version as the guard.

mod backend;

use crate::db::{self, stmt};
use crate::error::ServiceResult;
use crate::scope::scoped_region;
use app::backend::Actor;
use app::domain::code::RegionCode;
use app::domain::questionnaire::{may_edit, validate, PlatformSource, Questionnaire};
use app::domain::RegionId;
use app::error::AppError;
use app::questionnaire::model::{QuestionnaireView, SaveOutcome};
use app::school::model::LastSaved;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, FromQueryResult};

/// A region's answers as stored, with who saved them last.
#[derive(FromQueryResult)]
struct Stored {
    uses_platform: Option<bool>,
    platform_url: String,
    platform_source: Option<PlatformSource>,
    metro_network: Option<bool>,
    version: i32,
    updated_at: DateTime<Utc>,
    updated_by_label: String,
}

async fn stored(
    c: &impl ConnectionTrait,
    region: RegionId,
) -> ServiceResult<Option<(Questionnaire, i32, LastSaved)>> {
    let row = db::row::<Stored>(
        c,
        "SELECT uses_platform, platform_url, platform_source, metro_network, version, updated_at, updated_by_label \
         FROM region_questionnaires WHERE region_id = $1",
        vec![region.into()],
    )
    .await?;
    Ok(row.map(|r| {
        (
            Questionnaire {
                uses_platform: r.uses_platform,
                platform_url: r.platform_url,
                platform_source: r.platform_source,
                metro_network: r.metro_network,
            },
            r.version,
            LastSaved {
                by: Some(r.updated_by_label),
                at: r.updated_at,
            },
        )
    }))
}

pub async fn view(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: Option<&RegionCode>,
) -> ServiceResult<QuestionnaireView> {
    let target = scoped_region(db, actor, code).await?;
    let current = stored(db, target.id).await?;
    Ok(QuestionnaireView {
        editable: may_edit(actor.role, target.id == actor.region_id),
        region: target.region,
        answers: current.as_ref().map(|c| c.0.clone()).unwrap_or_default(),
        version: current.as_ref().map(|c| c.1).unwrap_or(0),
        updated: current.map(|c| c.2),
        editor: actor.username.clone(),
    })
}

/// Saves the actor's own region's answers; `Stale` with the server's
/// answers when someone saved first. Nothing is written on any refusal.
pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    mut answers: Questionnaire,
    base_version: i32,
    now: DateTime<Utc>,
) -> ServiceResult<SaveOutcome> {
    answers.platform_url = answers.platform_url.trim().to_string();
    if !may_edit(actor.role, true) {
        return Err(AppError::Refused(app::message::ServiceIssue::EditQuestionnaire.into()).into());
    }
    if let Some(issue) = validate(&answers).into_iter().next() {
        return Err(AppError::from(issue).into());
    }
    let label = format!(
        "{}-{} {}",
        actor.region_name,
        app::i18n::role_name(
            actor.role,
            Some(actor.region_level),
            app::i18n::Locale::zh_CN
        ),
        actor.name
    );
    let region = actor.region_id;
    let values = |version: Option<i32>| {
        let mut v: Vec<sea_orm::Value> = vec![
            answers.uses_platform.into(),
            answers.platform_url.clone().into(),
            answers.platform_source.map(|s| s.code()).into(),
            answers.metro_network.into(),
            now.into(),
            actor.user_id.into(),
            label.clone().into(),
            region.into(),
        ];
        if let Some(version) = version {
            v.push(version.into());
        }
        v
    };
    let txn = crate::db::begin_write(db).await?;
    match stored(&txn, region).await? {
        Some((server, version, _)) if version != base_version => {
            Ok(SaveOutcome::on_old_version(&answers, server, version))
        }
        Some((_, version, _)) => {
            let r = txn
                .execute(stmt(
                    &txn,
                    "UPDATE region_questionnaires SET uses_platform = $1, platform_url = $2, platform_source = $3, \
                     metro_network = $4, updated_at = $5, updated_by = $6, updated_by_label = $7, version = version + 1 \
                     WHERE region_id = $8 AND version = $9",
                    values(Some(version)),
                ))
                .await?;
            if r.rows_affected() != 1 {
                return Err(AppError::Conflict.into());
            }
            txn.commit().await?;
            Ok(SaveOutcome::Saved {
                version: version + 1,
            })
        }
        None if base_version != 0 => Err(AppError::Conflict.into()),
        None => {
            let r = txn
                .execute(stmt(
                    &txn,
                    "INSERT INTO region_questionnaires (uses_platform, platform_url, platform_source, metro_network, \
                     updated_at, updated_by, updated_by_label, region_id, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1) \
                     ON CONFLICT (region_id) DO NOTHING",
                    values(None),
                ))
                .await?;
            if r.rows_affected() != 1 {
                return Err(AppError::Conflict.into());
            }
            txn.commit().await?;
            Ok(SaveOutcome::Saved { version: 1 })
        }
    }
}
