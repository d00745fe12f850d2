import { describe, expect, it } from 'vitest';
import { errorText } from './errors';
import { setLanguage } from './i18n.svelte';

describe('errorText', () => {
  it("words a core error from its code and values, in the reader's language", () => {
    const e = {
      kind: 'not_found' as const,
      message: '"g" matches 3 accounts; be more specific or use the id',
      words: { code: 'ambiguous' as const, params: { query: 'g', count: 3 } },
    };
    expect(errorText(e)).toBe('"g" matches 3 accounts; be more specific.');
    setLanguage('sv');
    expect(errorText(e)).toBe('"g" matchar 3 konton; var mer specifik.');
    expect(
      errorText({ kind: 'bad_input', message: '', words: { code: 'bad_digits', params: { value: '5' } } }),
    ).toBe('Antalet siffror måste vara mellan 6 och 10, inte 5.');
    setLanguage('de');
    expect(
      errorText({
        kind: 'bad_input',
        message: '',
        words: { code: 'import_bad_content', params: { format: 'Aegis', reason: 'no entries.' } },
      }),
    ).toBe('Das ist kein gültiger Aegis-Export: no entries.');
    setLanguage('en');
  });
  it('without words: the kind’s sentence, or a lead with the core’s English detail', () => {
    expect(errorText({ kind: 'wrong_password', message: 'wrong password', words: null })).toBe('Wrong password. Try again.');
    expect(errorText({ kind: 'system', message: 'cannot open the clipboard: no display' })).toBe(
      'Cannot open the clipboard: no display.',
    );
    setLanguage('sv');
    expect(errorText({ kind: 'system', message: 'cannot open the clipboard: no display' })).toMatch(
      /Cannot open the clipboard: no display\.$/,
    );
    setLanguage('en');
  });
});
