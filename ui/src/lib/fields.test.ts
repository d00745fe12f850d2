import { describe, expect, it } from 'vitest';
import { capsLockOn, fieldOf, passwordAdvice, sentence } from './fields';

describe('passwordAdvice', () => {
  it('says nothing for a password the core accepts, or none yet', () => {
    expect(passwordAdvice(null)).toBeNull();
    expect(passwordAdvice({ score: 3, acceptable: true, warning: '', suggestions: [] })).toBeNull();
  });
  it("gives the core's reason and what would pass", () => {
    const weak = {
      score: 0 as const,
      acceptable: false,
      warning: 'This is a very common password',
      suggestions: ['Add another word or two. Uncommon words are better.'],
    };
    expect(passwordAdvice(weak)).toEqual({
      reason: 'This is a very common password.',
      pass: 'Add another word or two. Uncommon words are better.',
    });
  });
  it('has a reason even when the core gives no warning', () => {
    const short = { score: 1 as const, acceptable: false, warning: '', suggestions: ['Use at least 8 characters.'] };
    expect(passwordAdvice(short)?.reason).toBe('It is too short or too easy to guess.');
    expect(passwordAdvice(short)?.pass).toBe('Use at least 8 characters.');
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
