//! argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane). Hashing is
//! slow on purpose, so it runs on the blocking pool, and a semaphore bounds
//! how many run at once so a burst of logins cannot eat all memory.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::{Arc, OnceLock};
use tokio::sync::Semaphore;

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("OWASP argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    /// A real hash to verify against when the user does not exist, so a
    /// wrong username costs the same time as a wrong password.
    dummy: Arc<OnceLock<String>>,
    /// Hashes computed or verified so far: the costly work anyone can ask
    /// for, counted so a path that should not reach it can be shown not to.
    computed: Arc<std::sync::atomic::AtomicU64>,
}

impl Default for Hasher {
    fn default() -> Self {
        let n = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        Self {
            permits: Arc::new(Semaphore::new(n)),
            dummy: Arc::new(OnceLock::new()),
            computed: Arc::default(),
        }
    }
}

impl Hasher {
    /// How many hashes this hasher has computed or verified.
    pub fn computed(&self) -> u64 {
        self.computed.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn count(&self) {
        self.computed
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    pub async fn hash(&self, password: &str) -> Result<String, String> {
        let _permit = self.permits.acquire().await.map_err(|e| e.to_string())?;
        self.count();
        let password = password.to_string();
        tokio::task::spawn_blocking(move || hash_now(&password))
            .await
            .map_err(|e| e.to_string())?
    }

    /// `false` for a wrong password and for a malformed stored hash.
    pub async fn verify(&self, password: &str, stored: Option<String>) -> bool {
        let Ok(_permit) = self.permits.acquire().await else {
            return false;
        };
        self.count();
        let dummy = self.dummy.clone();
        let password = password.to_string();
        tokio::task::spawn_blocking(move || {
            // A missing or unusable hash (an account whose password was
            // never set) costs the same time as a real one: timing must not
            // tell which accounts exist or are activated.
            let real = stored
                .as_deref()
                .is_some_and(|h| PasswordHash::new(h).is_ok());
            let hash = match stored {
                Some(h) if real => h,
                _ => dummy
                    .get_or_init(|| hash_now("no such user").unwrap_or_default())
                    .clone(),
            };
            let ok = PasswordHash::new(&hash)
                .map(|h| argon2().verify_password(password.as_bytes(), &h).is_ok())
                .unwrap_or(false);
            real && ok
        })
        .await
        .unwrap_or(false)
    }
}

fn hash_now(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_nothing_else() {
        let h = Hasher::default();
        let stored = h.hash("正确的密码").await.unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(h.verify("正确的密码", Some(stored.clone())).await);
        assert!(!h.verify("错误的密码", Some(stored)).await);
    }

    #[tokio::test]
    async fn no_stored_hash_never_verifies() {
        let h = Hasher::default();
        assert!(!h.verify("no such user", None).await);
    }

    #[tokio::test]
    async fn a_malformed_stored_hash_does_not_verify() {
        assert!(!Hasher::default().verify("x", Some("garbage".into())).await);
    }
}
