/**
 * Events from Rust (vault changed or locked, a sync's news, the palette, the camera), fetched with
 * one long-polled command, `next_events`, instead of Tauri's `listen`: on Linux each Tauri event
 * is a script run in the page whose result makes WebKitGTK start a JavaScript VM in the app's
 * process (src-tauri/src/events.rs, docs/performance.md).
 *
 * One request is pending at a time, from the first `on` on. It asks for the events after the
 * last number seen; the first asks with none and starts from now.
 */
import { invoke } from '@tauri-apps/api/core';

export type UnlistenFn = () => void;
export type Event = { seq: number; name: string; payload: unknown };
export type Batch = { seq: number; events: Event[] };
/** Asks for the events after `after` (the app: the `next_events` command). */
export type Fetch = (after: number | null) => Promise<Batch>;

const handlers = new Map<string, Set<(payload: unknown) => void>>();
let polling = false;

/** Calls `f` with each later event named `name`; returns the function that stops it. */
export function on<T>(name: string, f: (payload: T) => void): UnlistenFn {
  const handler = f as (payload: unknown) => void;
  let set = handlers.get(name);
  if (!set) handlers.set(name, (set = new Set()));
  set.add(handler);
  if (!polling) {
    polling = true;
    void poll((after) => invoke<Batch>('next_events', { after }));
  }
  return () => {
    set.delete(handler);
  };
}

/** Hands one event to its handlers; one that throws does not stop the others. */
export function dispatch(event: Event) {
  for (const f of [...(handlers.get(event.name) ?? [])]) {
    try {
      f(event.payload);
    } catch (err) {
      console.error(err);
    }
  }
}

/**
 * The request loop: forever, or `rounds` answers (tests). A failed request is tried again after
 * a second, from the same number.
 */
export async function poll(fetch: Fetch, rounds = Infinity, retryMs = 1000) {
  let after: number | null = null;
  for (let i = 0; i < rounds; i++) {
    let batch: Batch;
    try {
      batch = await fetch(after);
    } catch {
      await new Promise((r) => setTimeout(r, retryMs));
      continue;
    }
    for (const event of batch.events) if (after === null || event.seq > after) dispatch(event);
    after = Math.max(after ?? 0, batch.seq);
  }
}
