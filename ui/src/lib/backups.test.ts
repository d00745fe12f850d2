import { describe, expect, it } from 'vitest';
import { ageInDays, formatDate, formatSize, MAX_BACKUP_BYTES, planSummary, readBackupFile, reasonLabel } from './backups';

const ref = (issuer: string) => ({ id: issuer, issuer, account: '' });

describe('formatDate', () => {
  it('shows local date and minutes', () => {
    const d = new Date(2025, 2, 18, 9, 5, 59);
    expect(formatDate(d.getTime() / 1000)).toBe('2025-03-18 09:05');
  });
});

describe('formatSize', () => {
  it('uses B, KB, MB', () => {
    expect(formatSize(812)).toBe('812 B');
    expect(formatSize(3482)).toBe('3.4 KB');
    expect(formatSize(1258291)).toBe('1.2 MB');
  });
});

describe('reasonLabel', () => {
  it('names the known reasons and keeps unknown ones', () => {
    expect(reasonLabel('restore')).toBe('Before a restore');
    expect(reasonLabel('daily')).toBe('Daily');
    expect(reasonLabel('memberadd')).toBe('Before a member was added');
    expect(reasonLabel('memberremove')).toBe('Before a member was removed');
    expect(reasonLabel('weird')).toBe('weird');
  });
});

describe('planSummary', () => {
  const r = { added: [ref('A')], updated: [], kept: [ref('B'), ref('C')], removed: [ref('D')] };
  it('states what a replace would do, removals included', () => {
    expect(planSummary(r, 'replace')).toBe('This restore adds 1 account, updates 0, keeps 2, removes 1.');
  });
  it('leaves out removals of a merge that removes nothing, and speaks in the past once done', () => {
    const m = { ...r, removed: [] };
    expect(planSummary(m, 'merge')).toBe('This restore adds 1 account, updates 0, keeps 2.');
    expect(planSummary(m, 'merge', true)).toBe('Restored: added 1 account, updated 0, kept 2.');
  });
});


describe('ageInDays', () => {
  it('counts whole days and never goes below zero', () => {
    const now = 1_800_000_000;
    expect(ageInDays(now - 86399, now)).toBe(0);
    expect(ageInDays(now - 86400 * 31 - 5, now)).toBe(31);
    expect(ageInDays(now + 100, now)).toBe(0);
  });
});

describe('readBackupFile', () => {
  it('gives the bytes in base64 and the name', async () => {
    const read = await readBackupFile(new File([new Uint8Array([0, 1, 2, 250, 255])], 'vault.lockstep'));
    // 00 01 02 | FA FF, worked out by hand from RFC 4648's table.
    expect(read).toEqual({ data: 'AAEC+v8=', label: 'vault.lockstep' });
  });

  it('takes a file of exactly the limit and refuses one byte more', async () => {
    const at = await readBackupFile(new File([new Uint8Array(MAX_BACKUP_BYTES)], 'big'));
    expect('data' in at).toBe(true);
    const over = await readBackupFile(new File([new Uint8Array(MAX_BACKUP_BYTES + 1)], 'bigger'));
    expect(over).toEqual({ error: 'That file is too large to be a Lockstep backup.' });
  });
});
