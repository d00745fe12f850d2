import { beforeAll, describe, expect, it } from 'vitest';
import type { Notice } from './api';
import { loadCatalog, setLanguage } from './i18n.svelte';
import { noticeText, rememberFailedText } from './notices';

// Swedish and German are chunks loaded on demand; these tests switch to them synchronously.
beforeAll(() => Promise.all([loadCatalog('sv'), loadCatalog('de')]));

describe('noticeText', () => {
  it('words every notice kind from the catalog, with its numbers and detail', () => {
    const all: Notice[] = [
      { kind: 'rolled_back', generation: 3, seen: 7 },
      { kind: 'backup_failed', detail: 'disk full' },
      { kind: 'keys_from_sync' },
      { kind: 'sync_failed', detail: 'no such folder' },
      { kind: 'sync_write_failed', detail: 'read-only' },
      { kind: 'device_expired' },
    ];
    for (const lang of ['en', 'sv', 'de']) {
      setLanguage(lang);
      for (const n of all) {
        const text = noticeText(n);
        expect(text, `${lang} ${n.kind}`).toMatch(/^\p{Lu}.*[.!?]$/u);
        expect(text, `${lang} ${n.kind}`).not.toMatch(/[{}]|notice\./);
      }
    }
    setLanguage('en');
    expect(noticeText(all[0])).toContain('(save 3, this device saw save 7)');
    expect(noticeText(all[1])).toBe('No automatic backup was made: disk full.');
    setLanguage('sv');
    expect(noticeText(all[5])).toBe('Tiden som den här enheten skulle kommas ihåg är slut; den har glömts.');
    setLanguage('en');
  });
  it('puts the keyring error between the lead and the help', () => {
    expect(rememberFailedText('no keyring')).toMatch(/^This computer cannot remember the vault: no keyring\. A Secret/);
  });
});
