//! Live updates: every committed change that a status table shows is
//! published here, and each open page listens through server-sent events
//! (`GET /api/events`), filtered to what the viewer may see. The page only
//! learns *that* something in its subtree changed and re-reads its table
//! through the authorized server fn, so no data travels on this channel.

use app::domain::Period;
use app::domain::RegionId;
use std::sync::Arc;
use tokio::sync::broadcast;

#[derive(Debug, Clone)]
pub struct Change {
    /// The month that changed; `None`: any month (a view should re-read
    /// whatever it shows, e.g. after this instance may have missed changes).
    pub period: Option<Period>,
    /// The changed region and all its ancestors; `None`: everything (a
    /// deadline closed a whole level).
    pub regions: Option<Arc<Vec<RegionId>>>,
}

impl Change {
    /// Whether a viewer whose own region is `region` is affected.
    pub fn concerns(&self, region: RegionId) -> bool {
        self.regions.as_ref().is_none_or(|r| r.contains(&region))
    }
}

#[derive(Clone)]
pub struct Hub {
    tx: broadcast::Sender<Change>,
    /// Bumped to end every open stream (tests of reconnection; shutdown).
    epoch: Arc<tokio::sync::watch::Sender<u64>>,
    /// Where changes go to reach the other instances (PostgreSQL NOTIFY),
    /// once `fanout::start` has run.
    outbound: Arc<std::sync::OnceLock<tokio::sync::mpsc::UnboundedSender<Change>>>,
}

impl Default for Hub {
    fn default() -> Self {
        // A slow listener that falls this far behind is told it lagged and
        // simply re-reads its table.
        let (tx, _) = broadcast::channel(1024);
        let (epoch, _) = tokio::sync::watch::channel(0);
        Self {
            tx,
            epoch: Arc::new(epoch),
            outbound: Default::default(),
        }
    }
}

impl Hub {
    /// Tells this instance's viewers and, when fan-out runs, the other
    /// instances'.
    pub fn publish(&self, change: Change) {
        if let Some(out) = self.outbound.get() {
            let _ = out.send(change.clone());
        }
        self.publish_local(change);
    }

    /// Tells every open view of this instance to re-read what it shows: it
    /// may have missed changes (the cross-instance channel was down).
    pub fn resync(&self) {
        self.publish_local(Change {
            period: None,
            regions: None,
        });
    }

    /// Tells this instance's viewers only (a change another instance made).
    pub fn publish_local(&self, change: Change) {
        // No listener is not an error.
        let _ = self.tx.send(change);
    }

    /// Sends every later `publish` to `out` as well; only the first call
    /// counts.
    pub fn forward_to(&self, out: tokio::sync::mpsc::UnboundedSender<Change>) -> bool {
        self.outbound.set(out).is_ok()
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.tx.subscribe()
    }

    /// Resolves when `drop_all` is called after this was created.
    pub fn dropped(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut rx = self.epoch.subscribe();
        async move {
            let _ = rx.changed().await;
        }
    }

    /// Ends every open event stream; browsers reconnect by themselves.
    pub fn drop_all(&self) {
        self.epoch.send_modify(|e| *e += 1);
    }
}
