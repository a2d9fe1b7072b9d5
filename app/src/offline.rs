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

/// The service worker's cache (public/sw.js uses the same name).
pub const SHELL_CACHE: &str = "jyxx-shell-v1";

/// Registers the service worker that keeps the app shell and /pkg files
/// for offline reloads, and keeps this page in its cache right away, so a
/// reload works offline even on the first visit.
pub fn register_service_worker() {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().service_worker().register("/sw.js");
        if let Ok(caches) = w.caches() {
            let url = w.location().href().unwrap_or_default();
            let open = caches.open(SHELL_CACHE);
            leptos::task::spawn_local(async move {
                use wasm_bindgen::JsCast;
                if let Ok(cache) = wasm_bindgen_futures::JsFuture::from(open).await {
                    let cache: web_sys::Cache = cache.unchecked_into();
                    let _ = wasm_bindgen_futures::JsFuture::from(cache.add_with_str(&url)).await;
                }
            });
        }
    }
}
