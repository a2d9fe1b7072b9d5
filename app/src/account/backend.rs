//! What the server must provide for 登录, 个人设置 and 忘记密码: the part of the
//! backend this feature's server fns call (`crate::backend::Backend` is
//! all of them). Server-only.

use crate::account::model::{Me, Profile};
use crate::error::AppError;

use crate::backend::actor::{Actor, LoginAttempt, NewSession};

#[async_trait::async_trait]
pub trait AccountApi: Send + Sync {
    /// Logs in, unless the attempt is throttled (`TooManyAttempts`) or
    /// needs the captcha first (`CaptchaRequired`).
    async fn login(
        &self,
        username: &str,
        password: &str,
        user_agent: Option<String>,
        attempt: LoginAttempt,
    ) -> Result<NewSession, AppError>;

    async fn logout(&self, token: &str) -> Result<(), AppError>;

    /// Remembers the actor's language (`zh-CN`, `en`) for its next logins.
    async fn set_language(
        &self,
        actor: &Actor,
        locale: crate::i18n::Locale,
    ) -> Result<(), AppError>;

    async fn me(&self, actor: &Actor) -> Result<Me, AppError>;

    async fn profile(&self, actor: &Actor) -> Result<Profile, AppError>;

    /// Saves contact details; changing the email (the reset channel) needs
    /// `password`, the current one.
    async fn save_profile(
        &self,
        actor: &Actor,
        name: String,
        phone: String,
        email: String,
        password: String,
    ) -> Result<(), AppError>;

    /// Verifies `current`, stores `new`, and ends the user's sessions other
    /// than `keep_token`'s.
    async fn change_password(
        &self,
        actor: &Actor,
        keep_token: &str,
        current: &str,
        new: &str,
    ) -> Result<(), AppError>;

    /// 忘记密码 (no login): a captcha, the link request, the reset.
    async fn new_captcha(&self) -> Result<crate::account::model::CaptchaImage, AppError>;

    /// Mails a reset link if the address is registered; answers the
    /// link's validity in minutes either way.
    async fn request_reset(
        &self,
        email: String,
        captcha_id: String,
        captcha: String,
    ) -> Result<crate::account::model::ResetRequested, AppError>;

    async fn reset_password(
        &self,
        token: String,
        new: String,
        repeat: String,
    ) -> Result<(), AppError>;
}
