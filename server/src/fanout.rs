//! Live updates across instances (SPEC §8): with PostgreSQL, every change
//! an instance publishes is also sent as `NOTIFY jyxx_live`, and every
//! instance LISTENs and hands the others' changes to its own viewers. The
//! payload names only the instance, the period and the region ids (no
//! data), like the local channel. SQLite runs one instance: nothing to do.

use crate::db::stmt;
use crate::live::{Change, Hub};
use app::domain::Period;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};
use std::sync::Arc;
use std::time::Duration;

pub const CHANNEL: &str = "jyxx_live";

/// "instance|yyyymm|1,2,3" ("*" for every region).
pub fn encode(instance: &str, c: &Change) -> String {
    let regions = match &c.regions {
        None => "*".to_string(),
        Some(r) => r
            .iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(","),
    };
    format!("{instance}|{}|{regions}", c.period.key())
}

/// The change in a payload, and the instance that sent it.
pub fn decode(payload: &str) -> Option<(String, Change)> {
    let mut parts = payload.splitn(3, '|');
    let instance = parts.next()?.to_string();
    let period = Period::from_key(parts.next()?.parse().ok()?).ok()?;
    let regions = match parts.next()? {
        "*" => None,
        list => Some(Arc::new(
            list.split(',')
                .map(|r| r.parse().ok())
                .collect::<Option<Vec<i32>>>()?,
        )),
    };
    Some((instance, Change { period, regions }))
}

/// Starts forwarding `hub`'s changes to the other instances and listening
/// for theirs, when `db` is PostgreSQL (`url` is its address). Returns
/// whether fan-out runs.
pub fn start(hub: &Hub, db: &DatabaseConnection, url: &str) -> bool {
    if db.get_database_backend() != DbBackend::Postgres {
        return false;
    }
    let instance = crate::auth::session::new_token()[..16].to_string();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Change>();
    if !hub.forward_to(tx) {
        return true;
    }
    let notify_db = db.clone();
    let me = instance.clone();
    tokio::spawn(async move {
        while let Some(change) = rx.recv().await {
            let sql = stmt(
                &notify_db,
                "SELECT pg_notify(?, ?)",
                vec![CHANNEL.into(), encode(&me, &change).into()],
            );
            if let Err(e) = notify_db.execute(sql).await {
                tracing::warn!(error = %e, "live fan-out: NOTIFY failed");
            }
        }
    });
    let hub = hub.clone();
    let url = url.to_string();
    tokio::spawn(async move {
        loop {
            if let Err(e) = listen(&hub, &url, &instance).await {
                tracing::warn!(error = %e, "live fan-out: LISTEN lost, retrying");
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    });
    true
}

async fn listen(hub: &Hub, url: &str, instance: &str) -> Result<(), sqlx::Error> {
    let mut listener = sqlx::postgres::PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    loop {
        let n = listener.recv().await?;
        match decode(n.payload()) {
            Some((from, change)) if from != instance => hub.publish_local(change),
            Some(_) => {}
            None => tracing::warn!(payload = n.payload(), "live fan-out: unreadable payload"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_round_trip() {
        let c = Change {
            period: Period::new(2026, 11).unwrap(),
            regions: Some(Arc::new(vec![1, 20, 300])),
        };
        let (i, back) = decode(&encode("abc", &c)).unwrap();
        assert_eq!(i, "abc");
        assert_eq!(back.period, c.period);
        assert_eq!(back.regions.as_deref(), Some(&vec![1, 20, 300]));
        let all = Change { regions: None, ..c };
        assert!(decode(&encode("x", &all)).unwrap().1.regions.is_none());
        assert!(decode("x|2026|1").is_none());
        assert!(decode("x|202611|a,b").is_none());
    }
}
