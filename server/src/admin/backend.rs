//! `app::admin::backend::AdminApi` on the server: 管理: settings, regions, schools, accounts and imports. Each method
//! authorizes through the actor and calls this feature's queries.

use crate::admin;
use crate::backend::ServerBackend;
use app::admin::model::{ImportProgress, Listing, RegionTree, SchoolEntry, UserEntry};
use app::backend::Actor;
use app::domain::admin::{SchoolInput, UserInput};
use app::domain::{cst_date, Period};
use app::error::AppError;
use app::request_key::RequestKey;

#[async_trait::async_trait]
impl app::admin::backend::AdminApi for ServerBackend {
    async fn system_settings(
        &self,
        actor: &Actor,
    ) -> Result<app::admin::model::SystemSettings, AppError> {
        Ok(crate::settings::system(&self.db, actor).await?)
    }

    async fn save_system_settings(
        &self,
        actor: &Actor,
        settings: app::admin::model::SystemSettings,
    ) -> Result<(), AppError> {
        Ok(crate::settings::save_system(&self.db, actor, &settings).await?)
    }

    async fn region_tree(
        &self,
        actor: &Actor,
        code: Option<String>,
    ) -> Result<RegionTree, AppError> {
        Ok(admin::region_tree(&self.db, actor, code.as_deref()).await?)
    }

    async fn rename_region(
        &self,
        actor: &Actor,
        code: String,
        name: String,
    ) -> Result<(), AppError> {
        let touched = admin::rename_region(&self.db, actor, &code, &name, self.clock.now()).await;
        self.after(touched, Period::of(cst_date(self.clock.now())))
            .await
    }

    async fn admin_schools(
        &self,
        actor: &Actor,
        region: Option<String>,
        q: String,
        page: u32,
    ) -> Result<Listing<SchoolEntry>, AppError> {
        Ok(admin::schools(&self.db, actor, region.as_deref(), &q, Some(page)).await?)
    }

    async fn save_school(
        &self,
        actor: &Actor,
        original: Option<String>,
        school: SchoolInput,
        key: Option<RequestKey>,
    ) -> Result<Option<Period>, AppError> {
        let now = self.clock.now();
        let (touched, from) = admin::save_school(
            &self.db,
            actor,
            original.as_deref(),
            school,
            key.as_ref(),
            now,
        )
        .await?;
        for region in touched {
            self.after(Ok(region), Period::of(cst_date(now))).await?;
        }
        Ok(from)
    }

    async fn set_school_closed(
        &self,
        actor: &Actor,
        code: String,
        closed: bool,
    ) -> Result<Option<Period>, AppError> {
        let now = self.clock.now();
        let (region, from) = admin::set_school_closed(&self.db, actor, &code, closed, now).await?;
        self.after(Ok(region), Period::of(cst_date(now))).await?;
        Ok(from)
    }

    async fn admin_users(
        &self,
        actor: &Actor,
        region: Option<String>,
        q: String,
        page: u32,
    ) -> Result<Listing<UserEntry>, AppError> {
        Ok(admin::users(&self.db, actor, region.as_deref(), &q, Some(page)).await?)
    }

    async fn create_user(
        &self,
        actor: &Actor,
        user: UserInput,
        key: Option<RequestKey>,
    ) -> Result<(), AppError> {
        Ok(admin::create_user(
            &self.db,
            &self.mailer,
            &self.public_url,
            actor,
            user,
            key.as_ref(),
            self.clock.now(),
        )
        .await?)
    }

    async fn set_user_disabled(
        &self,
        actor: &Actor,
        username: String,
        disabled: bool,
    ) -> Result<(), AppError> {
        Ok(
            admin::set_user_disabled(&self.db, actor, &username, disabled, self.clock.now())
                .await?,
        )
    }

    async fn save_user_contact(
        &self,
        actor: &Actor,
        username: String,
        contact: app::admin::model::Contact,
    ) -> Result<(), AppError> {
        Ok(
            admin::save_user_contact(&self.db, actor, &username, &contact, self.clock.now())
                .await?,
        )
    }

    async fn send_user_reset(&self, actor: &Actor, username: String) -> Result<String, AppError> {
        Ok(admin::send_reset(
            &self.db,
            &self.mailer,
            &self.public_url,
            actor,
            &username,
            self.clock.now(),
        )
        .await?)
    }

    async fn commit_import(&self, actor: &Actor, id: String) -> Result<(), AppError> {
        Ok(crate::import::commit(self, actor.clone(), id).await?)
    }

    async fn import_progress(&self, actor: &Actor, id: String) -> Result<ImportProgress, AppError> {
        Ok(crate::import::progress(self, actor, &id).await?)
    }
}
