//! argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane). Hashing is
//! slow on purpose: it runs on the blocking pool, at most one per core at a
//! time, each in a working memory of its own that is kept and reused (a
//! fresh 19 MiB per hash is what the allocator held on to after a storm of
//! logins). Past `QUEUE_PER_WORKER` waiting per worker, a hash is refused
//! at once as `Busy` (HTTP 503 with `Retry-After`) instead of queueing: a
//! login storm cannot hold every other user, nor memory, nor connections.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use tokio::sync::Semaphore;

/// OWASP's argon2id: 19 MiB (19,456 blocks of 1 KiB), 2 passes, 1 lane.
fn params() -> Params {
    Params::new(19 * 1024, 2, 1, None).expect("OWASP argon2 parameters are valid")
}

/// How many hashes may wait per worker before more are refused: a hash
/// takes ~30–60 ms on one core, so the last one waits about a second.
pub const QUEUE_PER_WORKER: usize = 16;

/// The answer when every place is taken: try again in two seconds (a
/// queue's worth of hashes).
const BUSY: Busy = Busy {
    retry_after_seconds: 2,
};

/// The hasher refused the work: all workers are busy and the queue is full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy {
    /// When to try again, in seconds.
    pub retry_after_seconds: u32,
}

#[derive(Clone)]
pub struct Hasher {
    /// One per worker: held while hashing.
    permits: Arc<Semaphore>,
    /// One per hash running or waiting (`capacity`): taken without
    /// waiting, or the answer is `Busy`. A permit is given back when its
    /// holder is done or dropped (a client that went away while waiting).
    places: Arc<Semaphore>,
    workers: usize,
    /// Working memories, one per worker at most, reused across hashes.
    memories: Arc<Mutex<Vec<Vec<Block>>>>,
    /// A real hash to verify against when the user does not exist, so a
    /// wrong username costs the same time as a wrong password.
    dummy: Arc<OnceLock<String>>,
    /// Hashes computed or verified so far: the costly work anyone can ask
    /// for, counted so a path that should not reach it can be shown not to.
    computed: Arc<AtomicU64>,
}

impl Default for Hasher {
    fn default() -> Self {
        let n = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        Self::with_workers(n)
    }
}

/// A worker's turn: its place, its permit and its working memory, given
/// back on drop.
struct Turn {
    _place: tokio::sync::OwnedSemaphorePermit,
    _permit: tokio::sync::OwnedSemaphorePermit,
    memory: Vec<Block>,
    memories: Arc<Mutex<Vec<Vec<Block>>>>,
}

impl Drop for Turn {
    fn drop(&mut self) {
        let memory = std::mem::take(&mut self.memory);
        if let Ok(mut all) = self.memories.lock() {
            all.push(memory);
        }
    }
}

impl Hasher {
    /// A hasher running at most `workers` hashes at once.
    pub fn with_workers(workers: usize) -> Self {
        let workers = workers.max(1);
        Self {
            permits: Arc::new(Semaphore::new(workers)),
            places: Arc::new(Semaphore::new(workers * (1 + QUEUE_PER_WORKER))),
            workers,
            memories: Arc::default(),
            dummy: Arc::new(OnceLock::new()),
            computed: Arc::default(),
        }
    }

    /// How many hashes may run or wait at once: beyond, `Busy`.
    pub fn capacity(&self) -> usize {
        self.workers * (1 + QUEUE_PER_WORKER)
    }

    /// How many hashes this hasher has computed or verified.
    pub fn computed(&self) -> u64 {
        self.computed.load(Ordering::Relaxed)
    }

    /// Whether a hash asked now would be refused: a cheap check before
    /// the work that leads to a hash (the login's throttle rows).
    pub fn is_full(&self) -> Result<(), Busy> {
        if self.places.available_permits() == 0 {
            Err(BUSY)
        } else {
            Ok(())
        }
    }

    /// Waits for a worker, unless every place is taken.
    async fn turn(&self) -> Result<Turn, Busy> {
        let place = self.places.clone().try_acquire_owned().map_err(|_| BUSY)?;
        // The semaphores are never closed.
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| BUSY)?;
        let memory = self
            .memories
            .lock()
            .ok()
            .and_then(|mut all| all.pop())
            .unwrap_or_else(|| vec![Block::default(); params().block_count()]);
        self.computed.fetch_add(1, Ordering::Relaxed);
        Ok(Turn {
            _place: place,
            _permit: permit,
            memory,
            memories: self.memories.clone(),
        })
    }

    /// A new PHC string (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`).
    /// Errors: `Busy` when the queue is full; `Err(Ok(message))` never in
    /// practice (argon2 refuses only inputs longer than 4 GiB).
    pub async fn hash(&self, password: &str) -> Result<Result<String, String>, Busy> {
        let mut turn = self.turn().await?;
        let password = password.to_string();
        Ok(tokio::task::spawn_blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            hash_with(&password, &salt, &mut turn.memory)
        })
        .await
        .map_err(|e| e.to_string())
        .and_then(|r| r))
    }

    /// `Ok(false)` for a wrong password and for a missing or malformed
    /// stored hash (which costs the same time as a real one: timing must
    /// not tell which accounts exist or are activated); `Busy` when the
    /// queue is full.
    pub async fn verify(&self, password: &str, stored: Option<String>) -> Result<bool, Busy> {
        let mut turn = self.turn().await?;
        let dummy = self.dummy.clone();
        let password = password.to_string();
        Ok(tokio::task::spawn_blocking(move || {
            let real = stored
                .as_deref()
                .is_some_and(|h| PasswordHash::new(h).is_ok());
            let hash = match stored {
                Some(h) if real => h,
                _ => dummy
                    .get_or_init(|| {
                        let salt = SaltString::generate(&mut OsRng);
                        hash_with("no such user", &salt, &mut turn.memory).unwrap_or_default()
                    })
                    .clone(),
            };
            let ok = PasswordHash::new(&hash)
                .is_ok_and(|h| verify_with(password.as_bytes(), &h, &mut turn.memory));
            real && ok
        })
        .await
        .unwrap_or(false))
    }
}

/// argon2id of `password` with `salt`, computed in `memory`, as a PHC string.
fn hash_with(password: &str, salt: &SaltString, memory: &mut [Block]) -> Result<String, String> {
    let params = params();
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt
        .as_salt()
        .decode_b64(&mut salt_bytes)
        .map_err(|e| e.to_string())?;
    let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
        argon2
            .hash_password_into_with_memory(password.as_bytes(), salt_bytes, out, &mut *memory)
            .map_err(|_| argon2::password_hash::Error::Password)
    })
    .map_err(|e| e.to_string())?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| e.to_string())?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(hash.to_string())
}

/// Whether `password` hashes to `stored`, with `stored`'s own parameters;
/// computed in `memory` when it is large enough (ours always are), in a
/// fresh one otherwise. The comparison takes the same time wherever the
/// hashes differ (`Output`'s equality).
fn verify_with(password: &[u8], stored: &PasswordHash, memory: &mut [Block]) -> bool {
    let (Some(expected), Some(salt)) = (stored.hash, stored.salt) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(stored.algorithm) else {
        return false;
    };
    let version = match stored.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(v)) => v,
        Some(Err(_)) => return false,
    };
    let Ok(params) = Params::try_from(stored) else {
        return false;
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let mut fresh;
    let blocks: &mut [Block] = if memory.len() >= params.block_count() {
        memory
    } else {
        fresh = vec![Block::default(); params.block_count()];
        &mut fresh
    };
    let argon2 = Argon2::new(algorithm, version, params);
    Output::init_with(expected.len(), |out| {
        argon2
            .hash_password_into_with_memory(password, salt_bytes, out, &mut *blocks)
            .map_err(|_| argon2::password_hash::Error::Password)
    })
    .is_ok_and(|actual| actual == expected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::PasswordVerifier as _;

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_nothing_else() {
        let h = Hasher::default();
        let stored = h.hash("正确的密码").await.unwrap().unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(h.verify("正确的密码", Some(stored.clone())).await.unwrap());
        assert!(!h.verify("错误的密码", Some(stored)).await.unwrap());
    }

    /// Hashes written before the working memory was reused (by argon2's
    /// own `hash_password`) still verify, and ours verify with argon2's.
    #[tokio::test]
    async fn hashes_agree_with_the_argon2_crate_both_ways() {
        use argon2::PasswordHasher as _;
        let h = Hasher::default();
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params());
        let theirs = argon2
            .hash_password(b"pw-1", &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string();
        assert!(h.verify("pw-1", Some(theirs.clone())).await.unwrap());
        assert!(!h.verify("pw-2", Some(theirs)).await.unwrap());
        let ours = h.hash("pw-3").await.unwrap().unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(argon2.verify_password(b"pw-3", &parsed).is_ok());
        // A hash with other (smaller) parameters verifies too.
        let small = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8, 1, 1, None).unwrap(),
        )
        .hash_password(b"pw-4", &SaltString::generate(&mut OsRng))
        .unwrap()
        .to_string();
        assert!(h.verify("pw-4", Some(small)).await.unwrap());
    }

    #[tokio::test]
    async fn no_stored_hash_never_verifies() {
        let h = Hasher::default();
        assert!(!h.verify("no such user", None).await.unwrap());
    }

    #[tokio::test]
    async fn a_malformed_stored_hash_does_not_verify() {
        assert!(!Hasher::default()
            .verify("x", Some("garbage".into()))
            .await
            .unwrap());
    }

    /// Past the queue's bound the answer is `Busy` at once, the work in
    /// flight finishes, and the working memories stay one per worker.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_queue_refuses_at_once_and_memory_stays_one_per_worker() {
        let h = Hasher::with_workers(1);
        let many = (0..(QUEUE_PER_WORKER + 8))
            .map(|_| {
                let h = h.clone();
                tokio::spawn(async move { h.verify("pw", None).await })
            })
            .collect::<Vec<_>>();
        let mut busy = 0;
        for task in many {
            match task.await.unwrap() {
                Ok(ok) => assert!(!ok),
                Err(b) => {
                    assert_eq!(b.retry_after_seconds, 2);
                    busy += 1;
                }
            }
        }
        assert!(busy >= 7, "{busy} refused of {}", QUEUE_PER_WORKER + 8);
        assert_eq!(h.memories.lock().unwrap().len(), 1);
        // And afterwards the hasher works again.
        assert!(h.verify("pw", None).await.is_ok());
    }

    /// A hash whose caller went away while it waited (a client that
    /// disconnected) gives its place back.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_abandoned_wait_gives_its_place_back() {
        let h = Hasher::with_workers(1);
        for _ in 0..3 {
            let waiting: Vec<_> = (0..h.capacity())
                .map(|_| {
                    let h = h.clone();
                    tokio::spawn(async move { h.verify("pw", None).await })
                })
                .collect();
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            for w in waiting {
                w.abort();
            }
            // Aborted tasks drop their futures: every place comes back
            // once the hash in flight (if any) ends.
            let mut tries = 0;
            while h.places.available_permits() < h.capacity() && tries < 500 {
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                tries += 1;
            }
            assert_eq!(h.places.available_permits(), h.capacity());
        }
        assert!(h.verify("pw", None).await.is_ok());
    }
}
