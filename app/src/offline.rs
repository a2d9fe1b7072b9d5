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
