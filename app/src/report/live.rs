//! The browser end of live updates: one EventSource per page on
//! `/api/events`; each `change` event bumps a counter that the tables read,
//! so they re-fetch through their (authorized) server fns. The browser
//! reconnects a dropped EventSource by itself, and the server greets every
//! (re)connection with a change, so nothing missed stays stale.

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct LiveTick(pub ReadSignal<u64>);

/// Opens the event stream (in the browser) and provides the counter.
pub fn provide_live() {
    let (tick, set_tick) = signal(0u64);
    provide_context(LiveTick(tick));
    #[cfg(feature = "hydrate")]
    browser::open(set_tick);
    #[cfg(not(feature = "hydrate"))]
    let _ = set_tick;
}

/// The counter; a page outside the layout gets one that never moves.
pub fn use_live_tick() -> ReadSignal<u64> {
    use_context::<LiveTick>()
        .map(|t| t.0)
        .unwrap_or_else(|| signal(0u64).0)
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use std::cell::RefCell;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    thread_local! {
        static SOURCE: RefCell<Option<web_sys::EventSource>> = const { RefCell::new(None) };
    }

    pub fn open(set_tick: WriteSignal<u64>) {
        let Ok(es) = web_sys::EventSource::new("/api/events") else {
            return;
        };
        let on_change = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| {
            set_tick.update(|n| *n += 1);
        });
        let _ = es.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        on_change.forget();
        SOURCE.with(|s| {
            if let Some(old) = s.borrow_mut().replace(es) {
                old.close();
            }
        });
        on_cleanup(|| {
            SOURCE.with(|s| {
                if let Some(es) = s.borrow_mut().take() {
                    es.close();
                }
            })
        });
    }
}
