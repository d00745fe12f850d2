import { beforeAll, describe, expect, it } from 'vitest';
import { errorText, importErrorText } from './errors';
import { loadCatalog, setLanguage } from './i18n.svelte';

// Swedish and German are chunks loaded on demand; these tests switch to them synchronously.
beforeAll(() => Promise.all([loadCatalog('sv'), loadCatalog('de')]));

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
        words: { code: 'import_bad_content', params: { format: 'Aegis', why: 'no_entry_list' } },
      }),
    ).toBe('Das ist kein gültiger Aegis-Export: Die Datenbank hat keine Eintragsliste.');
    setLanguage('en');
  });
  it('words the reasons the core once sent as English phrases', () => {
    const member = { kind: 'bad_input' as const, message: "a member's name can be at most 64 characters" };
    const tooLong = { ...member, words: { code: 'member_name_too_long' as const, params: { max: 64 } } };
    const field = {
      kind: 'bad_input' as const,
      message: 'the note is too long (5000; the most Lockstep stores is 4096)',
      words: { code: 'field_too_long' as const, params: { field: 'note', len: 5000, limit: 4096 } },
    };
    const place = {
      kind: 'bad_input' as const,
      message: 'choose another place: /v/vault.lockstep is the vault file itself',
      words: { code: 'protected_vault_file' as const, params: { path: '/v/vault.lockstep' } },
    };
    const sync = {
      kind: 'bad_input' as const,
      message: 'nothing in /home/me/Sync opens with this password',
      words: { code: 'sync_nothing_opens' as const, params: { folder: '/home/me/Sync' } },
    };
    const weak = {
      kind: 'weak_password' as const,
      message: 'the password must be at least 8 characters long',
      words: { code: 'password_too_short' as const, params: { min: 8 } },
    };
    expect(errorText(field)).toBe('The note is too long (5000 characters; Lockstep stores at most 4096).');
    setLanguage('sv');
    expect(errorText(tooLong)).toBe('En medlems namn får vara högst 64 tecken.');
    expect(errorText(field)).toBe('Anteckningen är för lång (5000 tecken; Lockstep sparar högst 4096).');
    expect(errorText(place)).toBe('Välj en annan plats: /v/vault.lockstep är själva valvfilen.');
    expect(errorText(weak)).toBe('Lösenordet måste vara minst 8 tecken långt.');
    expect(
      errorText({ kind: 'backup', message: '', words: { code: 'corrupt_backup', params: { reason: 'not_lockstep' } } }),
    ).toBe(
      'Säkerhetskopian är skadad eller ingen säkerhetskopia från Lockstep: den börjar inte som ett valv eller en säkerhetskopia från Lockstep.',
    );
    setLanguage('de');
    expect(errorText(tooLong)).toBe('Der Name eines Mitglieds darf höchstens 64 Zeichen haben.');
    expect(errorText({ ...field, words: { ...field.words, params: { field: 'tags', len: 40, limit: 32 } } })).toBe(
      'Es sind zu viele Schlagwörter (40; Lockstep speichert höchstens 32).',
    );
    expect(errorText(sync)).toBe('Nichts in /home/me/Sync lässt sich mit diesem Passwort öffnen.');
    expect(errorText(weak)).toBe('Das Passwort muss mindestens 8 Zeichen lang sein.');
    expect(
      errorText({
        kind: 'bad_input',
        message: 'logo.gif: only PNG and JPEG pictures can be icons',
        words: { code: 'icon_not_png_or_jpeg', params: { source: 'logo.gif' } },
      }),
    ).toBe('logo.gif: Nur PNG- und JPEG-Bilder können Symbole sein.');
    expect(errorText({ kind: 'vault', message: '', words: { code: 'corrupt_vault', params: { reason: 'checksum' } } })).toBe(
      'Die Tresordatei ist beschädigt: Die Prüfsumme stimmt nicht (die Datei wurde geändert, gekürzt oder beschädigt).',
    );
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

  it("words the app's own errors, with a system's message as their detail", () => {
    const clipboard = {
      kind: 'system' as const,
      message: 'cannot open the clipboard: no display',
      words: { code: 'app_clipboard_unopened' as const, params: { detail: 'no display' } },
    };
    const noCode = {
      kind: 'bad_input' as const,
      message: 'no QR code found in the picture',
      words: { code: 'app_no_qr_code' as const, params: {} },
    };
    const shortcut = {
      kind: 'bad_input' as const,
      message: '“Ctrl+Banana” is not a shortcut Lockstep understands (unknown key Banana)',
      words: { code: 'app_bad_shortcut' as const, params: { shortcut: 'Ctrl+Banana', detail: 'unknown key Banana' } },
    };
    expect(errorText(clipboard)).toBe('Cannot open the clipboard: no display.');
    expect(errorText(shortcut)).toBe('“Ctrl+Banana” is not a shortcut Lockstep understands (unknown key Banana).');
    setLanguage('sv');
    expect(errorText(clipboard)).toBe('Urklippet går inte att öppna: no display.');
    expect(errorText(noCode)).toBe('Ingen QR-kod hittades i bilden.');
    setLanguage('de');
    expect(errorText(shortcut)).toBe('„Ctrl+Banana“ ist kein Tastenkürzel, das Lockstep versteht (unknown key Banana).');
    expect(
      errorText({
        kind: 'system',
        message: 'cannot save the settings: Permission denied (os error 13).',
        words: { code: 'app_settings_unsaved', params: { detail: 'Permission denied (os error 13).' } },
      }),
    ).toBe('Die Einstellungen können nicht gespeichert werden: Permission denied (os error 13).');
    setLanguage('en');
  });

  it("words an export's refusal: the lead, then its reason by code with its values", () => {
    const json = {
      kind: 'bad_input' as const,
      message: 'this is not a valid Aegis export: the JSON does not parse (line 1, column 23)',
      words: {
        code: 'import_bad_content' as const,
        params: { format: 'Aegis', why: 'json_unparsable', line: 1, column: 23 },
      },
    };
    const salt = {
      kind: 'bad_input' as const,
      message: 'this is not a valid Proton Authenticator export: the salt is not valid base64',
      words: {
        code: 'import_bad_content' as const,
        params: { format: 'Proton Authenticator', why: 'not_base64', part: 'salt' },
      },
    };
    const slots = {
      kind: 'bad_input' as const,
      message: '',
      words: {
        code: 'import_too_costly' as const,
        params: { format: 'Aegis', why: 'too_many_password_slots', count: 9, max: 8 },
      },
    };
    expect(errorText(json)).toBe('This is not a valid Aegis export: the JSON does not parse (line 1, column 23).');
    expect(errorText(salt)).toBe('This is not a valid Proton Authenticator export: the salt is not valid base64.');
    setLanguage('sv');
    expect(errorText(json)).toBe(
      'Det här är ingen giltig export från Aegis: JSON-datan går inte att tolka (rad 1, kolumn 23).',
    );
    expect(errorText(salt)).toBe('Det här är ingen giltig export från Proton Authenticator: saltet är inte giltig base64.');
    expect(errorText(slots)).toBe(
      'Den här exporten från Aegis avvisas: den har 9 lösenordsplatser; Aegis skriver en, och Lockstep provar högst 8.',
    );
    setLanguage('de');
    expect(errorText(salt)).toBe('Das ist kein gültiger Proton Authenticator-Export: Kein gültiges Base64 in dem Salt.');
    expect(
      errorText({
        kind: 'bad_input',
        message: '',
        words: { code: 'import_unsupported', params: { format: 'Aegis', why: 'database_version', version: 9 } },
      }),
    ).toBe('Dieser Aegis-Export verwendet etwas, das Lockstep nicht unterstützt: Datenbankversion 9.');
    setLanguage('en');
  });

  it('words an unreadable entry of an import: where, then why', () => {
    const digits = {
      context: 'entry 3 (GitHub)',
      message: 'digits must be between 6 and 10, got 5',
      place: { code: 'entry_named' as const, params: { number: 3, name: 'GitHub' } },
      words: { code: 'bad_digits' as const, params: { value: '5' } },
    };
    const trash = {
      context: 'photo.png: line 2',
      message: "in Ente's trash, so not imported",
      place: { code: 'line' as const, params: { number: 2, source: 'photo.png' } },
      words: { code: 'entry_in_trash' as const, params: {} },
    };
    const row = {
      context: 'row 4',
      message: 'the row does not parse (found record with 2 fields)',
      place: { code: 'row' as const, params: { number: 4 } },
      words: { code: 'entry_row_unparsable' as const, params: { detail: 'found record with 2 fields' } },
    };
    expect(importErrorText(digits)).toBe('Entry 3 (GitHub): Digits must be between 6 and 10, got 5.');
    expect(importErrorText(trash)).toBe("photo.png: line 2: In Ente's trash, so not imported.");
    setLanguage('sv');
    expect(importErrorText(digits)).toBe('Post 3 (GitHub): Antalet siffror måste vara mellan 6 och 10, inte 5.');
    expect(importErrorText(trash)).toBe('photo.png: rad 2: I Entes papperskorg, så den importerades inte.');
    setLanguage('de');
    expect(importErrorText({ ...trash, place: { code: 'qr_code' as const, params: {} } })).toBe(
      'QR-Code: Im Papierkorb von Ente, daher nicht importiert.',
    );
    expect(importErrorText({ ...trash, words: undefined })).toBe(
      "photo.png: Zeile 2: In Ente's trash, so not imported.",
    );
    expect(importErrorText(row)).toBe('Zeile 4: Die Zeile lässt sich nicht lesen (found record with 2 fields).');
    expect(importErrorText({ context: 'somewhere', message: 'x' })).toBe('somewhere: X.');
    setLanguage('en');
  });
});
