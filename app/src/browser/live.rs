//! The browser end of live updates: one EventSource per page on
//! `/api/events`; each `change` event bumps a counter that the tables read,
//! so they re-fetch through their (authorized) server fns. The browser
//! reconnects a dropped EventSource by itself; when the server (or a proxy)
//! answers with anything but the stream, the page checks its session and
//! either says it ended or opens the stream again after a pause. The
//! server greets every (re)connection with a change, so nothing missed
//! stays stale.

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
    use std::cell::{Cell, RefCell};
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    thread_local! {
        static SOURCE: RefCell<Option<web_sys::EventSource>> = const { RefCell::new(None) };
        /// Consecutive failed (re)connections, for the backoff.
        static FAILURES: Cell<u32> = const { Cell::new(0) };
    }

    pub fn open(set_tick: WriteSignal<u64>) {
        connect(
            set_tick,
            use_context::<crate::shell::session::SessionEnded>(),
        );
        on_cleanup(|| {
            SOURCE.with(|s| {
                if let Some(es) = s.borrow_mut().take() {
                    es.close();
                }
            })
        });
    }

    /// Opens the stream. The browser retries a dropped connection by
    /// itself, but gives up on an answer other than the stream (a 401 when
    /// the session ended, a 502/503 from a proxy): then the session is
    /// checked — ended, the page says so; standing, the stream is opened
    /// again after a growing pause.
    fn connect(set_tick: WriteSignal<u64>, ended: Option<crate::shell::session::SessionEnded>) {
        let Ok(es) = web_sys::EventSource::new("/api/events") else {
            return;
        };
        let on_change = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| {
            FAILURES.with(|f| f.set(0));
            set_tick.update(|n| *n += 1);
        });
        let _ = es.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        on_change.forget();
        let source = es.clone();
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            if source.ready_state() != web_sys::EventSource::CLOSED {
                return;
            }
            let failures = FAILURES.with(|f| {
                f.set(f.get() + 1);
                f.get()
            });
            leptos::task::spawn_local(async move {
                match crate::account::api::get_me().await {
                    Ok(None) | Err(crate::error::AppError::Unauthenticated) => {
                        if let Some(s) = ended {
                            s.0.set(true);
                        }
                    }
                    _ => {
                        let pause = 1000 * 2u32.pow(failures.min(5));
                        set_timeout(
                            move || connect(set_tick, ended),
                            std::time::Duration::from_millis(pause as u64),
                        );
                    }
                }
            });
        });
        let _ = es.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
        on_error.forget();
        SOURCE.with(|s| {
            if let Some(old) = s.borrow_mut().replace(es) {
                old.close();
            }
        });
    }
}
