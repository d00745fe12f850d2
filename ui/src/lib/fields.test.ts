import { beforeAll, describe, expect, it } from 'vitest';
import { capsLockOn, fieldOf, passwordAdvice, sentence } from './fields';
import { loadCatalog, setLanguage } from './i18n.svelte';

// Swedish and German are chunks loaded on demand; these tests switch to them synchronously.
beforeAll(() => Promise.all([loadCatalog('sv'), loadCatalog('de')]));

describe('passwordAdvice', () => {
  it('says nothing for a password the core accepts, or none yet', () => {
    expect(passwordAdvice(null)).toBeNull();
    expect(passwordAdvice({ score: 3, acceptable: true, warning: null, suggestions: [], min_chars: 8 })).toBeNull();
  });
  it("words the core's reason and what would pass from the catalog", () => {
    const weak = {
      score: 0 as const,
      acceptable: false,
      warning: 'common' as const,
      suggestions: ['another_word' as const],
      min_chars: 8,
    };
    expect(passwordAdvice(weak)).toEqual({
      reason: 'This is a very common password.',
      pass: 'Add another word or two. Uncommon words are better.',
    });
    setLanguage('sv');
    expect(passwordAdvice(weak)).toEqual({
      reason: 'Det här är ett mycket vanligt lösenord.',
      pass: 'Lägg till ett eller två ord till. Ovanliga ord är bättre.',
    });
    setLanguage('en');
  });
  it('has a reason even when the core gives no warning, and the length with its number', () => {
    const short = { score: 1 as const, acceptable: false, warning: null, suggestions: ['min_length' as const], min_chars: 8 };
    expect(passwordAdvice(short)?.reason).toBe('It is too short or too easy to guess.');
    expect(passwordAdvice(short)?.pass).toBe('Use at least 8 characters.');
    setLanguage('de');
    expect(passwordAdvice(short)?.pass).toBe('Verwenden Sie mindestens 8 Zeichen.');
    setLanguage('en');
  });
});

describe('capsLockOn', () => {
  it('reads the CapsLock modifier, and is false when the event cannot tell', () => {
    expect(capsLockOn({ getModifierState: (k) => k === 'CapsLock' })).toBe(true);
    expect(capsLockOn({ getModifierState: () => false })).toBe(false);
    expect(capsLockOn({})).toBe(false);
  });
});

describe('fieldOf', () => {
  const fields = { current: ['wrong_password', 'confirm_password'], next: ['weak_password'] } as const;
  it('puts an error under the field its kind belongs to', () => {
    expect(fieldOf({ kind: 'wrong_password', message: '' }, { ...fields }, 'button')).toBe('current');
    expect(fieldOf({ kind: 'weak_password', message: '' }, { ...fields }, 'button')).toBe('next');
    expect(fieldOf({ kind: 'busy', message: '' }, { ...fields }, 'button')).toBe('button');
  });
});

describe('sentence', () => {
  it('capitalises and ends with a full stop', () => {
    expect(sentence('the file could not be read')).toBe('The file could not be read.');
    expect(sentence('Done!')).toBe('Done!');
    expect(sentence('  ')).toBe('');
  });
});
