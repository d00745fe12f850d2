//! Events from Rust to the window (vault changed or locked, a sync's news, the palette, the
//! camera), which the page fetches with one long-polled command, `next_events`, instead of
//! Tauri's event system.
//!
//! Why not `emit` and `listen`: on Linux every Tauri event, and every `listen` call itself, is a
//! script that wry runs in the webview with a result callback, and the first such result makes
//! WebKitGTK start a JavaScriptCore VM in the app's own process to hold it. That alone maps
//! about 4.7 MiB more of JavaScriptCore into the app process and 0.5 MiB of heap
//! (docs/performance.md, "What the codes screen touches"); a command's answer goes through the
//! IPC protocol's HTTP response and needs none. It also keeps `core:event` out of the window's
//! capabilities.
//!
//! Each event gets a number. The page asks for the events after the last number it saw and the
//! command answers when there is one (at once if there already is); with no number it answers at
//! once with the current one, so a page starts from now. The last [`KEEP`] events are kept for a
//! page between two requests; of a camera frame only the newest is kept.

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde::Serialize;
use serde_json::Value;
use tauri::{AppHandle, Manager, Runtime};
use tokio::sync::Notify;

/// Events kept for a page that has not asked yet.
pub const KEEP: usize = 32;

/// Events of which only the newest is worth sending (a later one makes the earlier moot).
const NEWEST_ONLY: &[&str] = &[crate::camera::FRAME_EVENT];

/// One event: its number, name and payload.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    pub seq: u64,
    pub name: &'static str,
    pub payload: Value,
}

/// The answer to `next_events`: the events after the number asked for, and the number of the
/// newest event sent so far (what the page asks after next time).
#[derive(Debug, PartialEq, Serialize)]
pub struct Batch {
    pub seq: u64,
    pub events: Vec<Event>,
}

#[derive(Default)]
struct Queue {
    last: u64,
    kept: VecDeque<Event>,
}

/// The app's event queue (managed state).
#[derive(Default)]
pub struct Events {
    queue: Mutex<Queue>,
    arrived: Notify,
}

impl Events {
    fn queue(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues an event and wakes the page's request.
    pub fn send(&self, name: &'static str, payload: Value) {
        {
            let mut q = self.queue();
            if NEWEST_ONLY.contains(&name) {
                q.kept.retain(|e| e.name != name);
            }
            q.last += 1;
            let seq = q.last;
            q.kept.push_back(Event { seq, name, payload });
            while q.kept.len() > KEEP {
                q.kept.pop_front();
            }
        }
        self.arrived.notify_waiters();
    }

    fn after(&self, after: Option<u64>) -> Batch {
        let q = self.queue();
        let events = match after {
            Some(n) => q.kept.iter().filter(|e| e.seq > n).cloned().collect(),
            None => Vec::new(),
        };
        Batch {
            seq: q.last,
            events,
        }
    }

    /// The events after `after`, waiting for one if there is none yet; with `None`, at once the
    /// current number and no events.
    pub async fn next(&self, after: Option<u64>) -> Batch {
        loop {
            // Listening before looking, so an event sent in between is not missed.
            let mut arrived = std::pin::pin!(self.arrived.notified());
            arrived.as_mut().enable();
            let batch = self.after(after);
            if after.is_none() || !batch.events.is_empty() {
                return batch;
            }
            arrived.await;
        }
    }
}

/// Sends an event to the window (see the module's notes).
pub fn send<R: Runtime>(app: &AppHandle<R>, name: &'static str, payload: impl Serialize) {
    let payload = serde_json::to_value(payload).unwrap_or(Value::Null);
    app.state::<Events>().send(name, payload);
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use serde_json::json;

    use super::*;
    use crate::camera::FRAME_EVENT;
    use crate::LOCKED_EVENT;

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tauri::async_runtime::block_on(f)
    }

    #[test]
    fn a_page_starts_from_now_and_gets_each_later_event_once() {
        let events = Events::default();
        events.send(LOCKED_EVENT, Value::Null);
        let start = block_on(events.next(None));
        assert_eq!(
            start,
            Batch {
                seq: 1,
                events: vec![]
            }
        );
        events.send("vault-changed", Value::Null);
        events.send("vault-synced", json!({"added": 2}));
        let got = block_on(events.next(Some(start.seq)));
        assert_eq!(got.seq, 3);
        let names: Vec<_> = got.events.iter().map(|e| (e.seq, e.name)).collect();
        assert_eq!(names, [(2, "vault-changed"), (3, "vault-synced")]);
        assert_eq!(got.events[1].payload, json!({"added": 2}));
    }

    #[test]
    fn a_waiting_request_is_answered_by_the_next_event() {
        let events = Arc::new(Events::default());
        let seq = block_on(events.next(None)).seq;
        let waiting = {
            let events = Arc::clone(&events);
            std::thread::spawn(move || block_on(events.next(Some(seq))))
        };
        std::thread::sleep(Duration::from_millis(100));
        assert!(!waiting.is_finished(), "answered with nothing to say");
        events.send(LOCKED_EVENT, Value::Null);
        let got = waiting.join().expect("the request ended");
        assert_eq!(got.events.len(), 1);
        assert_eq!(got.events[0].name, LOCKED_EVENT);
    }

    #[test]
    fn only_the_newest_frame_and_the_last_events_are_kept() {
        let events = Events::default();
        for i in 0..5 {
            events.send(FRAME_EVENT, json!(i));
        }
        let got = block_on(events.next(Some(0)));
        assert_eq!(got.events.len(), 1);
        assert_eq!((got.events[0].seq, &got.events[0].payload), (5, &json!(4)));

        for i in 0..(KEEP as u64 + 10) {
            events.send("vault-changed", json!(i));
        }
        let got = block_on(events.next(Some(0)));
        assert_eq!(got.events.len(), KEEP);
        assert_eq!(got.seq, 5 + KEEP as u64 + 10);
        assert_eq!(got.events.last().map(|e| e.seq), Some(got.seq));
    }
}
