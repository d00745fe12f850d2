import { describe, expect, it, vi } from 'vitest';

vi.mock('@tauri-apps/api/core', () => ({ invoke: () => new Promise(() => {}) }));

import { on, poll, type Batch } from './events';

describe('events', () => {
  it('starts from now, then hands each later event once to the handlers of its name', async () => {
    const seen: [string, unknown][] = [];
    const stop = on<number>('vault-synced', (n) => seen.push(['synced', n]));
    on('locked', () => seen.push(['locked', null]));
    const answers: Batch[] = [
      { seq: 7, events: [] },
      { seq: 9, events: [{ seq: 8, name: 'locked', payload: null }, { seq: 9, name: 'vault-synced', payload: 2 }] },
      // A repeat of an event already seen (never sent twice by the app) is not handed on again.
      { seq: 10, events: [{ seq: 9, name: 'vault-synced', payload: 2 }, { seq: 10, name: 'vault-synced', payload: 3 }] },
    ];
    const asked: (number | null)[] = [];
    await poll(async (after) => {
      asked.push(after);
      return answers.shift() as Batch;
    }, 3);
    expect(asked).toEqual([null, 7, 9]);
    expect(seen).toEqual([['locked', null], ['synced', 2], ['synced', 3]]);

    stop();
    await poll(async () => ({ seq: 11, events: [{ seq: 11, name: 'vault-synced', payload: 4 }] }), 1);
    expect(seen).toHaveLength(3);
  });

  it('asks again from the same number after a failed request', async () => {
    const asked: (number | null)[] = [];
    let calls = 0;
    await poll(async (after) => {
      asked.push(after);
      calls++;
      if (calls === 2) throw new Error('the app is busy');
      return { seq: 5, events: [] };
    }, 3, 1);
    expect(asked).toEqual([null, 5, 5]);
  });
});
