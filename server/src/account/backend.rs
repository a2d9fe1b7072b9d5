//! `app::account::backend::AccountApi` on the server: 登录, 退出, 个人设置 and 忘记密码. Each method
//! authorizes through the actor and calls this feature's queries.

use crate::auth::session::{self, LIFETIME_SECS};
use crate::backend::ServerBackend;
use crate::backend::FAILED_LOGIN_FLOOR;
use crate::backend::RESET_REQUEST_FLOOR;
use crate::db;
use crate::error::{ServiceError, ServiceResult};
use crate::throttle;
use app::account::model::{Me, Profile};
use app::backend::LoginAttempt;
use app::backend::{Actor, NewSession};
use app::domain::account::LoginGate;
use app::domain::cst_date;
use app::domain::UserId;
use app::error::AppError;
use app::i18n::Locale;
use app::message::AuthIssue;
use sea_orm::{ConnectionTrait, FromQueryResult};

#[async_trait::async_trait]
impl app::account::backend::AccountApi for ServerBackend {
    async fn login(
        &self,
        username: &str,
        password: &str,
        ua: Option<String>,
        attempt: LoginAttempt,
    ) -> Result<NewSession, AppError> {
        let started = tokio::time::Instant::now();
        let r = self.try_login(username, password, ua, &attempt).await;
        if r.is_err() {
            answer_no_sooner(started, FAILED_LOGIN_FLOOR).await;
        }
        Ok(r?)
    }

    async fn set_language(&self, actor: &Actor, locale: Locale) -> Result<(), AppError> {
        self.db
            .execute(db::stmt(
                &self.db,
                "UPDATE users SET locale = $1 WHERE id = $2",
                vec![locale.into(), actor.user_id.into()],
            ))
            .await
            .map_err(ServiceError::from)?;
        Ok(())
    }

    async fn logout(&self, token: &str) -> Result<(), AppError> {
        session::delete(&self.db, token)
            .await
            .map_err(ServiceError::from)?;
        Ok(())
    }

    async fn me(&self, actor: &Actor) -> Result<Me, AppError> {
        Ok(self.load_me(actor).await?)
    }

    async fn profile(&self, actor: &Actor) -> Result<Profile, AppError> {
        Ok(crate::account::profile(&self.db, actor).await?)
    }

    async fn save_profile(
        &self,
        actor: &Actor,
        name: String,
        phone: String,
        email: String,
        password: String,
    ) -> Result<(), AppError> {
        Ok(crate::account::save_profile(
            self,
            actor,
            crate::account::ContactChange {
                name: &name,
                phone: &phone,
                email: &email,
                password: &password,
            },
        )
        .await?)
    }

    async fn change_password(
        &self,
        actor: &Actor,
        keep_token: &str,
        current: &str,
        new: &str,
    ) -> Result<(), AppError> {
        Ok(crate::account::change_password(self, actor, keep_token, current, new).await?)
    }

    async fn new_captcha(&self) -> Result<app::account::model::CaptchaImage, AppError> {
        let (id, image, answer) = crate::reset::new_captcha(&self.db, self.clock.now()).await?;
        if let Some(map) = &self.test_captchas {
            map.lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(id.clone(), answer);
        }
        Ok(app::account::model::CaptchaImage { id, image })
    }

    async fn request_reset(
        &self,
        email: String,
        captcha_id: String,
        captcha: String,
    ) -> Result<app::account::model::ResetRequested, AppError> {
        let started = tokio::time::Instant::now();
        let r = crate::reset::request(
            &self.db,
            &self.mailer,
            &self.public_url,
            &email,
            &captcha_id,
            &captcha,
            self.clock.now(),
        )
        .await;
        answer_no_sooner(started, RESET_REQUEST_FLOOR).await;
        Ok(r?)
    }

    async fn reset_password(
        &self,
        token: String,
        new: String,
        repeat: String,
    ) -> Result<(), AppError> {
        Ok(crate::reset::reset(
            &self.db,
            &self.hasher,
            &token,
            &new,
            &repeat,
            self.clock.now(),
        )
        .await?)
    }
}

impl ServerBackend {
    /// Checks a signed-in user's current password (to change the password
    /// or the e-mail), counted against the account like a login: a stolen
    /// session cannot guess it faster than a login could, and the holder
    /// is told at the same failure.
    pub(crate) async fn check_current_password(
        &self,
        actor: &Actor,
        password: &str,
        stored: String,
    ) -> ServiceResult<()> {
        let db = &self.db;
        let source = format!("profile:{}", actor.username);
        // Refused before anything is written when hashing is full.
        self.hasher.is_full()?;
        let guess = throttle::begin(db, &actor.username, &source, self.clock.now()).await?;
        if guess.gate == LoginGate::Closed {
            guess.withdraw(db).await?;
            return Err(AppError::TooManyAttempts(AuthIssue::TooManyLogins.into()).into());
        }
        let verified = match self.hasher.verify(password, Some(stored)).await {
            Ok(v) => v,
            Err(busy) => {
                // Not an attempt: nothing was checked.
                guess.withdraw(db).await?;
                return Err(busy.into());
            }
        };
        if verified {
            return guess.passed(db, &actor.username).await;
        }
        if guess.brings_captcha() {
            self.tell_holder_of_failures(&actor.username).await?;
        }
        Err(AppError::Refused(AuthIssue::WrongPassword.into()).into())
    }

    pub(crate) async fn try_login(
        &self,
        username: &str,
        password: &str,
        ua: Option<String>,
        attempt: &LoginAttempt,
    ) -> ServiceResult<NewSession> {
        let db = &self.db;
        let now = self.clock.now();
        let source = attempt.source.as_deref().unwrap_or("unknown");
        // Refused before anything is written (no throttle rows, the
        // captcha not spent) when hashing is full.
        self.hasher.is_full()?;
        // Guessing is slowed before any password is hashed: the attempt is
        // written down first, so parallel guesses count like serial ones.
        let guess = throttle::begin(db, username, source, now).await?;
        match guess.gate {
            LoginGate::Closed => {
                guess.withdraw(db).await?;
                return Err(AppError::TooManyAttempts(AuthIssue::TooManyLogins.into()).into());
            }
            LoginGate::Captcha => {
                let why = match &attempt.captcha {
                    Some((id, answer))
                        if crate::reset::take_captcha(db, id, answer, now).await? =>
                    {
                        None
                    }
                    Some(_) => Some(AuthIssue::CaptchaWrong),
                    None => Some(AuthIssue::CaptchaMissing),
                };
                if let Some(why) = why {
                    // An attempt that skips the captcha stays counted as a
                    // failure: a source that keeps trying without one is
                    // closed too.
                    return Err(AppError::CaptchaRequired(why.into()).into());
                }
            }
            LoginGate::Open => {}
        }
        #[derive(FromQueryResult)]
        struct Account {
            id: UserId,
            password_hash: String,
            disabled: bool,
            locale: Option<Locale>,
        }
        let row = db::row::<Account>(
            db,
            "SELECT id, password_hash, disabled, locale FROM users WHERE username = $1",
            vec![username.into()],
        )
        .await?;
        let stored = row.as_ref().map(|r| r.password_hash.clone());
        // Verify even when the user does not exist (against a dummy hash):
        // the answer and its timing must not tell the two cases apart.
        let ok = match self.hasher.verify(password, stored).await {
            Ok(ok) => ok,
            Err(busy) => {
                // Not an attempt: nothing was checked.
                guess.withdraw(db).await?;
                return Err(busy.into());
            }
        };
        let Some(row) = row.filter(|_| ok) else {
            if guess.brings_captcha() {
                self.tell_holder_of_failures(username).await?;
            }
            // This failure counts toward the next attempt's gate.
            let next = app::domain::account::login_gate(guess.earlier + 1, 0);
            return Err(match (guess.gate, next) {
                (LoginGate::Open, LoginGate::Open) => {
                    AppError::Refused(AuthIssue::LoginFailed.into())
                }
                _ => AppError::CaptchaRequired(AuthIssue::LoginFailed.into()),
            }
            .into());
        };
        guess.passed(db, username).await?;
        if row.disabled {
            return Err(AppError::Refused(AuthIssue::AccountDisabled.into()).into());
        }
        let token = session::create(db, row.id, self.clock.now(), ua).await?;
        Ok(NewSession {
            token,
            max_age_secs: LIFETIME_SECS,
            locale: row.locale,
        })
    }

    /// Mails the holder of `username` (if the account exists and has an
    /// address) that its password was guessed wrong several times. In the
    /// background: the answer must not take longer for a real account.
    pub(crate) async fn tell_holder_of_failures(&self, username: &str) -> ServiceResult<()> {
        /// The holder's address and language.
        #[derive(sea_orm::FromQueryResult)]
        struct Holder {
            email: Option<String>,
            locale: Option<app::i18n::Locale>,
        }
        let holder = db::row::<Holder>(
            &self.db,
            "SELECT email, locale FROM users WHERE username = $1",
            vec![username.into()],
        )
        .await?;
        let Some((email, locale)) = holder.and_then(|h| {
            h.email
                .filter(|e| !e.is_empty())
                .map(|e| (e, h.locale.unwrap_or(app::i18n::Locale::zh_CN)))
        }) else {
            return Ok(());
        };
        let letter = app::i18n::say_delivery::Letter::LoginFailures {
            username: username.to_string(),
            at: self.clock.now(),
        };
        let (subject, body) = (letter.subject(locale), letter.body(locale));
        let mailer = self.mailer.clone();
        tokio::spawn(async move {
            if let Err(e) = mailer.send(&email, &subject, &body).await {
                tracing::warn!(error = %e, "login failure notice not sent");
            }
        });
        Ok(())
    }

    pub(crate) async fn load_me(&self, actor: &Actor) -> ServiceResult<Me> {
        let school_name = match actor.school_id {
            Some(id) => {
                db::value::<String>(
                    &self.db,
                    "SELECT name FROM schools WHERE id = $1",
                    vec![id.into()],
                )
                .await?
            }
            None => None,
        };
        Ok(Me {
            username: actor.username.clone(),
            name: actor.name.clone(),
            role: actor.role,
            region_code: actor.region_code.to_string(),
            region_name: actor.region_name.clone(),
            region_level: actor.region_level,
            school_name,
            today: cst_date(self.clock.now()),
        })
    }
}

async fn answer_no_sooner(started: tokio::time::Instant, floor: std::time::Duration) {
    tokio::time::sleep_until(started + floor).await;
}
