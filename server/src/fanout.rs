//! Live updates across instances (SPEC §8): with PostgreSQL, every change
//! an instance publishes is also sent as `NOTIFY jyxx_live`, and every
//! instance LISTENs and hands the others' changes to its own viewers. The
//! payload names only the instance, the period and the region ids (no
//! data), like the local channel. SQLite runs one instance: nothing to do.

use crate::db::stmt;
use crate::live::{Change, Hub};
use crate::metrics::Metrics;
use app::domain::Period;
use app::domain::RegionId;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

pub const CHANNEL: &str = "jyxx_live";

/// "instance|yyyymm|1,2,3" ("*" for every month or every region).
pub fn encode(instance: &str, c: &Change) -> String {
    let regions = match &c.regions {
        None => "*".to_string(),
        Some(r) => r
            .iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(","),
    };
    let period = c
        .period
        .map_or_else(|| "*".to_string(), |p| p.key().to_string());
    format!("{instance}|{period}|{regions}")
}

/// The change in a payload, and the instance that sent it.
pub fn decode(payload: &str) -> Option<(String, Change)> {
    let mut parts = payload.splitn(3, '|');
    let instance = parts.next()?.to_string();
    let period = match parts.next()? {
        "*" => None,
        key => Some(Period::from_key(key.parse().ok()?).ok()?),
    };
    let regions = match parts.next()? {
        "*" => None,
        list => Some(Arc::new(
            list.split(',')
                .map(|r| r.parse().ok().map(RegionId))
                .collect::<Option<Vec<RegionId>>>()?,
        )),
    };
    Some((instance, Change { period, regions }))
}

/// Starts forwarding `hub`'s changes to the other instances and listening
/// for theirs, when `db` is PostgreSQL (`url` is its address). Returns
/// whether fan-out runs.
///
/// A notification sent while the LISTEN connection is down is lost for
/// good, so the listener never lets the connection heal unseen: each time
/// it (re)connects and LISTENs, it tells this instance's open pages to
/// re-read everything, logs the loss and counts it (`listen_reconnects`).
pub fn start(hub: &Hub, db: &DatabaseConnection, url: &str, metrics: &Metrics) -> bool {
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
                "SELECT pg_notify($1, $2)",
                vec![CHANNEL.into(), encode(&me, &change).into()],
            );
            if let Err(e) = notify_db.execute(sql).await {
                tracing::warn!(error = %e, "live fan-out: NOTIFY failed");
            }
        }
    });
    let hub = hub.clone();
    let url = url.to_string();
    let metrics = metrics.clone();
    tokio::spawn(async move {
        let mut first = true;
        loop {
            match listen(&hub, &url, &instance, &mut first).await {
                Ok(()) => tracing::warn!(
                    "live fan-out: LISTEN connection lost; reconnecting, open pages will re-read"
                ),
                Err(e) => tracing::warn!(error = %e, "live fan-out: LISTEN failed; retrying"),
            }
            metrics.listen_reconnects.inc();
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    });
    true
}

/// The name the LISTEN connection shows in `pg_stat_activity`.
pub const APPLICATION_NAME: &str = "jyxx_listen";

/// Listens until the connection is lost (`Ok`) or cannot be made (`Err`).
async fn listen(hub: &Hub, url: &str, instance: &str, first: &mut bool) -> Result<(), sqlx::Error> {
    let options =
        sqlx::postgres::PgConnectOptions::from_str(url)?.application_name(APPLICATION_NAME);
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await?;
    let mut listener = sqlx::postgres::PgListener::connect_with(&pool).await?;
    listener.listen(CHANNEL).await?;
    if !std::mem::take(first) {
        tracing::info!("live fan-out: LISTEN re-established; open pages re-read");
    }
    // Whatever was sent before this LISTEN took effect never arrives here.
    hub.resync();
    // `try_recv` answers None when the connection dropped (where `recv`
    // would reconnect silently and hide the gap).
    while let Some(n) = listener.try_recv().await? {
        match decode(n.payload()) {
            Some((from, change)) if from != instance => hub.publish_local(change),
            Some(_) => {}
            None => tracing::warn!(payload = n.payload(), "live fan-out: unreadable payload"),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_round_trip() {
        let c = Change {
            period: Some(Period::new(2026, 11).unwrap()),
            regions: Some(Arc::new(vec![RegionId(1), RegionId(20), RegionId(300)])),
        };
        let (i, back) = decode(&encode("abc", &c)).unwrap();
        assert_eq!(i, "abc");
        assert_eq!(back.period, c.period);
        assert_eq!(
            back.regions.as_deref(),
            Some(&vec![RegionId(1), RegionId(20), RegionId(300)])
        );
        let all = Change {
            regions: None,
            period: None,
        };
        let (_, back) = decode(&encode("x", &all)).unwrap();
        assert!(back.regions.is_none() && back.period.is_none());
        assert!(decode("x|2026|1").is_none());
        assert!(decode("x|202611|a,b").is_none());
    }
}
