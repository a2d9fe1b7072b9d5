//! All browser storage lives here: edits kept on the device (localStorage,
//! so they survive a reload and a browser restart), and whether the
//! browser is online. On the server every function is a harmless no-op.
//!
//! Keys are `jyxx:draft:<user>:<record>:<period>`, so two users of one
//! device, two records and two months never mix.

use serde::de::DeserializeOwned;
use serde::Serialize;

pub fn draft_key(user: &str, record: &str, period_key: i32) -> String {
    format!("jyxx:draft:{user}:{record}:{period_key}")
}

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Keeps `value` under `key`; false when the device refused (quota,
/// private mode), so the caller can say so.
pub fn store<T: Serialize>(key: &str, value: &T) -> bool {
    #[cfg(feature = "hydrate")]
    {
        let Ok(json) = serde_json::to_string(value) else {
            return false;
        };
        storage().is_some_and(|s| s.set_item(key, &json).is_ok())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (key, value);
        false
    }
}

pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    #[cfg(feature = "hydrate")]
    {
        let json = storage()?.get_item(key).ok()??;
        serde_json::from_str(&json).ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = key;
        None
    }
}

pub fn remove(key: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = key;
}

/// Whether the browser believes it is online (always true on the server).
pub fn is_online() -> bool {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .map(|w| w.navigator().on_line())
            .unwrap_or(true)
    }
    #[cfg(not(feature = "hydrate"))]
    true
}

/// Calls `f(online)` whenever the browser goes on- or offline.
pub fn on_connectivity(f: impl Fn(bool) + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Some(w) = web_sys::window() else { return };
        let f = std::rc::Rc::new(f);
        for (event, online) in [("online", true), ("offline", false)] {
            let f = f.clone();
            let cb = Closure::<dyn Fn()>::new(move || f(online));
            let _ = w.add_event_listener_with_callback(event, cb.as_ref().unchecked_ref());
            cb.forget();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = f;
}

/// The service worker's notes (public/sw.js reads them): whose device
/// session it is (`/__account`) and whether a 退出 made offline still has
/// to reach the server (`/__logout`).
#[cfg(feature = "hydrate")]
const SESSION_CACHE: &str = "jyxx-session";

/// The cache of pages kept for one account's offline use.
#[cfg(feature = "hydrate")]
fn account_cache(user: &str) -> String {
    format!("jyxx-u-{user}")
}

/// Registers the service worker (public/sw.js).
pub fn register_service_worker() {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().service_worker().register("/sw.js");
    }
}

#[cfg(feature = "hydrate")]
mod caches {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    fn storage() -> Option<web_sys::CacheStorage> {
        web_sys::window()?.caches().ok()
    }

    pub async fn open(name: &str) -> Option<web_sys::Cache> {
        let c = JsFuture::from(storage()?.open(name)).await.ok()?;
        Some(c.unchecked_into())
    }

    pub async fn delete(name: &str) {
        if let Some(s) = storage() {
            let _ = JsFuture::from(s.delete(name)).await;
        }
    }

    pub async fn put_text(cache: &str, key: &str, text: &str) {
        let Some(c) = open(cache).await else { return };
        if let Ok(resp) = web_sys::Response::new_with_opt_str(Some(text)) {
            let _ = JsFuture::from(c.put_with_str(key, &resp)).await;
        }
    }

    pub async fn text(cache: &str, key: &str) -> Option<String> {
        let c = open(cache).await?;
        let hit = JsFuture::from(c.match_with_str(key)).await.ok()?;
        let resp: web_sys::Response = hit.dyn_into().ok()?;
        JsFuture::from(resp.text().ok()?).await.ok()?.as_string()
    }

    pub async fn forget(cache: &str, key: &str) {
        if let Some(c) = open(cache).await {
            let _ = JsFuture::from(c.delete_with_str(key)).await;
        }
    }
}

/// Tells the service worker whose session this device now has; another
/// account's kept pages go (its drafts stay, under its own name).
pub fn remember_account(user: &str) {
    #[cfg(feature = "hydrate")]
    {
        let user = user.to_string();
        leptos::task::spawn_local(async move {
            if let Some(before) = caches::text(SESSION_CACHE, "/__account").await {
                if before != user {
                    caches::delete(&account_cache(&before)).await;
                }
            }
            caches::put_text(SESSION_CACHE, "/__account", &user).await;
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = user;
}

/// Keeps the current page for offline reloads, for `user` only (the forms
/// call this; no other logged-in page is ever kept).
pub fn keep_page_offline(user: &str) {
    #[cfg(feature = "hydrate")]
    {
        let user = user.to_string();
        leptos::task::spawn_local(async move {
            let Some(url) = web_sys::window().and_then(|w| w.location().href().ok()) else {
                return;
            };
            if let Some(cache) = caches::open(&account_cache(&user)).await {
                let _ = wasm_bindgen_futures::JsFuture::from(cache.add_with_str(&url)).await;
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = user;
}

/// 退出 on this device: the account's kept pages and drafts go at once;
/// `offline` leaves a note so the first page online tells the server.
pub async fn forget_account(user: &str, offline: bool) {
    #[cfg(feature = "hydrate")]
    {
        caches::delete(&account_cache(user)).await;
        caches::forget(SESSION_CACHE, "/__account").await;
        if offline {
            caches::put_text(SESSION_CACHE, "/__logout", user).await;
        }
        if let Some(s) = storage() {
            let prefix = format!("jyxx:draft:{user}:");
            let keys: Vec<String> = (0..s.length().unwrap_or(0))
                .filter_map(|i| s.key(i).ok().flatten())
                .filter(|k| k.starts_with(&prefix))
                .collect();
            for k in keys {
                let _ = s.remove_item(&k);
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (user, offline);
}

/// Whether a 退出 made offline has yet to reach the server.
pub async fn logout_pending() -> bool {
    #[cfg(feature = "hydrate")]
    {
        caches::text(SESSION_CACHE, "/__logout").await.is_some()
    }
    #[cfg(not(feature = "hydrate"))]
    false
}

/// The note of a 退出 made offline, once the server has it.
pub async fn logout_delivered() {
    #[cfg(feature = "hydrate")]
    caches::forget(SESSION_CACHE, "/__logout").await;
}

/// Leaves the app for the login page with a full page load (nothing of
/// the last user's page stays in memory).
pub fn go_to_login() {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign("/login");
    }
}

/// One save at a time for a form. A second request sent while the first is
/// on its way would carry the version the first is about to replace and
/// come back as a conflict with oneself (a reconnect and a restored draft
/// can both send at once). A send asked for meanwhile is queued and runs
/// when the first answer is in.
#[derive(Clone, Copy)]
pub struct OneSave {
    busy: leptos::prelude::StoredValue<bool>,
    queued: leptos::prelude::StoredValue<bool>,
    again: leptos::prelude::RwSignal<u32>,
}

impl OneSave {
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        use leptos::prelude::*;
        OneSave {
            busy: StoredValue::new(false),
            queued: StoredValue::new(false),
            again: RwSignal::new(0),
        }
    }

    /// Runs `send` for a queued send once the save before it is answered.
    pub fn resend_with(&self, send: impl Fn() + 'static) {
        use leptos::prelude::*;
        let again = self.again;
        Effect::new(move |prev: Option<()>| {
            again.track();
            if prev.is_some() {
                send();
            }
        });
    }

    /// Whether a save may start now; when one is on its way, this send is
    /// queued instead.
    pub fn start(&self) -> bool {
        use leptos::prelude::*;
        if self.busy.get_value() {
            self.queued.set_value(true);
            return false;
        }
        self.busy.set_value(true);
        true
    }

    /// The answer is in: a queued send goes now.
    pub fn finish(&self) {
        use leptos::prelude::*;
        self.busy.set_value(false);
        if self.queued.get_value() {
            self.queued.set_value(false);
            self.again.update(|n| *n += 1);
        }
    }
}

/// After a save's answer `Saved`: the device copy goes only when nothing
/// changed while the save was on its way; otherwise it is kept, on the new
/// version, by `keep` and stays unsaved. Returns whether all is saved.
pub fn after_saved(
    key: &str,
    unchanged: bool,
    unsaved: leptos::prelude::RwSignal<bool>,
    keep: impl Fn(),
) -> bool {
    use leptos::prelude::*;
    if unchanged {
        remove(key);
        unsaved.set(false);
    } else {
        keep();
    }
    unchanged
}

/// Marks the page (`body[data-hydrated]`) once the browser has taken it
/// over, so end-to-end tests (and curious humans) can tell a hydrated page
/// from server HTML.
pub fn mark_hydrated() {
    #[cfg(feature = "hydrate")]
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
