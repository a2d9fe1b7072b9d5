//! Slowing password guessing down: failed logins are counted per account
//! name and per source address in the database (`login_failures`), so the
//! count holds across instances; `app::domain::account::login_gate`
//! decides from the counts. Names that exist and names that do not are
//! counted alike, so the gate tells nothing about which exist.

use crate::db::{self, stmt};
use crate::error::ServiceResult;
use app::domain::account::{login_gate, LoginGate, LOGIN_WINDOW_MINUTES};
use chrono::{DateTime, Duration, Utc};
use sea_orm::ConnectionTrait;

fn since(now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::minutes(LOGIN_WINDOW_MINUTES)
}

/// What attempts are counted under.
#[derive(Clone, Copy)]
enum Under {
    Username,
    Source,
}

/// The recent attempts under `key`, but for the attempt `except`.
async fn count(
    db: &impl ConnectionTrait,
    under: Under,
    key: &str,
    now: DateTime<Utc>,
    except: i32,
) -> ServiceResult<i64> {
    let sql = match under {
        Under::Username => {
            "SELECT COUNT(*) AS n FROM login_failures WHERE username = $1 AND at > $2 AND id <> $3"
        }
        Under::Source => {
            "SELECT COUNT(*) AS n FROM login_failures WHERE source = $1 AND at > $2 AND id <> $3"
        }
    };
    Ok(
        db::value::<i64>(db, sql, vec![key.into(), since(now).into(), except.into()])
            .await?
            .unwrap_or(0),
    )
}

/// The source an attempt is counted under: an IPv4 address as it is; an
/// IPv6 address by its /64 network, since one client is given a whole /64
/// and could otherwise count as millions of sources.
pub fn source_key(source: &str) -> String {
    match source.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        _ => source.to_string(),
    }
}

/// A password check in flight. It is written down as a failure *before*
/// any password is hashed, and the gate is decided from every other
/// attempt written down — finished or still in flight — so a burst of
/// parallel guesses is counted like the same guesses one after another:
/// only the first few reach the hasher. A check that succeeds forgets the
/// account's failures; one that fails simply stays written down.
pub struct Attempt {
    id: i32,
    /// What this attempt must clear.
    pub gate: LoginGate,
    /// The account name's other recent attempts (failed or in flight).
    pub earlier: i64,
}

/// Writes down an attempt for `username` from `source` and decides its
/// gate. Checks of a signed-in user's current password use the source
/// `profile:<username>`, so they count against the account, not against
/// an address.
pub async fn begin(
    db: &impl ConnectionTrait,
    username: &str,
    source: &str,
    now: DateTime<Utc>,
) -> ServiceResult<Attempt> {
    let source = &source_key(source);
    let id = db::value::<i32>(
        db,
        "INSERT INTO login_failures (username, source, at) VALUES ($1, $2, $3) RETURNING id",
        vec![username.into(), source.into(), now.into()],
    )
    .await?
    .ok_or_else(|| crate::error::ServiceError::Internal("no attempt id".into()))?;
    let earlier = count(db, Under::Username, username, now, id).await?;
    let gate = login_gate(earlier, count(db, Under::Source, source, now, id).await?);
    Ok(Attempt { id, gate, earlier })
}

impl Attempt {
    /// The attempt was refused before any password was checked (its gate
    /// was closed): not a guess, so it does not keep the gate closed.
    pub async fn withdraw(self, db: &impl ConnectionTrait) -> ServiceResult<()> {
        db.execute(stmt(
            db,
            "DELETE FROM login_failures WHERE id = $1",
            vec![self.id.into()],
        ))
        .await?;
        Ok(())
    }

    /// The password was right: the account name's failures are forgotten.
    pub async fn passed(self, db: &impl ConnectionTrait, username: &str) -> ServiceResult<()> {
        succeeded(db, username).await
    }

    /// The password was wrong: the attempt stays written down. Whether
    /// this failure is the one that brings the captcha (the holder is then
    /// told).
    pub fn brings_captcha(&self) -> bool {
        self.earlier + 1 == app::domain::account::CAPTCHA_AFTER_ACCOUNT
    }
}

/// A successful login forgets the account name's failures.
async fn succeeded(db: &impl ConnectionTrait, username: &str) -> ServiceResult<()> {
    db.execute(stmt(
        db,
        "DELETE FROM login_failures WHERE username = $1",
        vec![username.into()],
    ))
    .await?;
    Ok(())
}

/// Drops failures older than a day (the sweeper calls this hourly).
pub async fn sweep(db: &impl ConnectionTrait, now: DateTime<Utc>) -> ServiceResult<u64> {
    Ok(db
        .execute(stmt(
            db,
            "DELETE FROM login_failures WHERE at < $1",
            vec![(now - Duration::days(1)).into()],
        ))
        .await?
        .rows_affected())
}

#[cfg(test)]
mod tests {
    use super::source_key;

    #[test]
    fn an_ipv6_client_is_one_source_for_its_whole_network() {
        assert_eq!(source_key("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
        assert_eq!(
            source_key("2001:db8:1:2:ffff::1"),
            source_key("2001:db8:1:2::9")
        );
        assert_eq!(source_key("::ffff:10.0.0.7"), "10.0.0.7");
        assert_eq!(source_key("10.0.0.7"), "10.0.0.7");
        assert_eq!(source_key("unknown"), "unknown");
    }
}
