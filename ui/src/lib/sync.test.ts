import { beforeAll, describe, expect, it } from 'vitest';
import type { SyncNews } from './api';
import { loadCatalog, setLanguage } from './i18n.svelte';
import { lastWrote, newsText } from './sync';

// Swedish and German are chunks loaded on demand; these tests switch to them synchronously.
beforeAll(() => Promise.all([loadCatalog('sv'), loadCatalog('de')]));

describe('newsText', () => {
  const news = (over: Partial<SyncNews>): SyncNews => ({
    devices: [],
    keys_from: null,
    changed: true,
    locked: 0,
    skipped: [],
    ...over,
  });
  it('words what each device brought in, with the number of accounts', () => {
    const laptop = { device: 'laptop', added: ['GitHub'], updated: [], removed: ['A', 'B'] };
    expect(newsText(news({ devices: [laptop] }))).toBe('Updated from laptop: added GitHub; removed 2 accounts: A, B.');
    setLanguage('sv');
    expect(newsText(news({ devices: [laptop] }))).toBe('Uppdaterat från laptop: lade till GitHub; tog bort 2 konton: A, B.');
    setLanguage('de');
    expect(newsText(news({ devices: [laptop], keys_from: 'phone' }))).toBe(
      'Aktualisiert von laptop: GitHub hinzugefügt; 2 Konten entfernt: A, B. Das Passwort wurde auf phone geändert; dieses Gerät verwendet es jetzt.',
    );
    setLanguage('en');
  });
  it('says when copies need the other password', () => {
    expect(newsText(news({ changed: false, locked: 1 }))).toContain('A copy in the sync folder');
    expect(newsText(news({ keys_from: 'x', locked: 2 }))).toMatch(/^The password changed on x; this device now uses it\. 2 copies/);
  });
});

describe('lastWrote', () => {
  it('names the time, or that it never wrote', () => {
    const d = new Date(2025, 2, 18, 9, 5, 0);
    expect(lastWrote(d.getTime() / 1000)).toBe('last wrote 2025-03-18 09:05');
    expect(lastWrote(null)).toBe('has not written yet');
  });
});
