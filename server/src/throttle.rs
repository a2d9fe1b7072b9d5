//! Slowing password guessing down: failed logins are counted per account
//! name and per source address in the database (`login_failures`), so the
//! count holds across instances; `app::domain::account::login_gate`
//! decides from the counts. Names that exist and names that do not are
//! counted alike, so the gate tells nothing about which exist.

use crate::db::stmt;
use crate::error::ServiceResult;
use app::domain::account::{login_gate, LoginGate, LOGIN_WINDOW_MINUTES};
use chrono::{DateTime, Duration, Utc};
use sea_orm::ConnectionTrait;

fn since(now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::minutes(LOGIN_WINDOW_MINUTES)
}

async fn count(
    db: &impl ConnectionTrait,
    column: &str,
    key: &str,
    now: DateTime<Utc>,
    except: i64,
) -> ServiceResult<i64> {
    Ok(db
        .query_one(stmt(
            db,
            &format!(
                "SELECT COUNT(*) AS n FROM login_failures WHERE {column} = ? AND at > ? AND id <> ?"
            ),
            vec![key.into(), since(now).into(), except.into()],
        ))
        .await?
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0))
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
    id: i64,
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
    let id: i64 = db
        .query_one(stmt(
            db,
            "INSERT INTO login_failures (username, source, at) VALUES (?, ?, ?) RETURNING id",
            vec![username.into(), source.into(), now.into()],
        ))
        .await?
        .map(|r| r.try_get::<i32>("", "id").map(i64::from))
        .transpose()?
        .ok_or_else(|| crate::error::ServiceError::Internal("no attempt id".into()))?;
    let earlier = count(db, "username", username, now, id).await?;
    let gate = login_gate(earlier, count(db, "source", source, now, id).await?);
    Ok(Attempt { id, gate, earlier })
}

impl Attempt {
    /// The attempt was refused before any password was checked (its gate
    /// was closed): not a guess, so it does not keep the gate closed.
    pub async fn withdraw(self, db: &impl ConnectionTrait) -> ServiceResult<()> {
        db.execute(stmt(
            db,
            "DELETE FROM login_failures WHERE id = ?",
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
        "DELETE FROM login_failures WHERE username = ?",
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
            "DELETE FROM login_failures WHERE at < ?",
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
