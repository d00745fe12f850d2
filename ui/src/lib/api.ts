/**
 * Typed wrappers over the app's Tauri commands (src-tauri/src/commands.rs). Components call
 * these, never `invoke` directly. Every command rejects with an {@link ApiError}.
 */
import { convertFileSrc, invoke } from '@tauri-apps/api/core';
import { on, type UnlistenFn } from './events';
import type { Language } from './i18n.svelte';

/** The error every command rejects with; switch on `kind`. */
export type ApiError = {
  kind:
    | 'wrong_password'
    | 'wrong_recovery_key'
    | 'password_needed'
    | 'confirm_password'
    | 'weak_password'
    | 'locked'
    | 'import_password'
    | 'backup_password'
    | 'backup'
    | 'bad_input'
    | 'not_found'
    | 'vault'
    | 'busy'
    | 'keyring'
    | 'system';
  message: string;
  /** The core's code and values for the error, when its sentence is made of values only. */
  words?: { code: ErrorCode; params: Record<string, string | number> } | null;
};

/** The codes of `lockstep_core::words::codes()`, then the app's own (`src-tauri/src/problem.rs`). */
export type ErrorCode =
  | 'not_otpauth'
  | 'unknown_otp_type'
  | 'missing_secret'
  | 'bad_secret'
  | 'unknown_algorithm'
  | 'bad_digits'
  | 'bad_period'
  | 'bad_counter'
  | 'missing_counter'
  | 'wrong_password'
  | 'wrong_recovery_key'
  | 'malformed_recovery_key'
  | 'not_a_vault'
  | 'unsupported_version'
  | 'unsupported_slot'
  | 'vault_missing'
  | 'vault_exists'
  | 'vault_busy'
  | 'member_exists'
  | 'no_such_member'
  | 'no_match'
  | 'ambiguous'
  | 'duplicate'
  | 'random'
  | 'image_too_large'
  | 'not_an_image'
  | 'empty_image'
  | 'camera_unavailable'
  | 'camera_timeout'
  | 'camera_incomplete'
  | 'qr_too_long'
  | 'password_needed'
  | 'backup_password_needed'
  | 'wrong_backup_password'
  | 'vault_too_large'
  | 'credentials_changed'
  | 'import_unknown_format'
  | 'import_missing_password'
  | 'import_wrong_password'
  | 'import_cancelled'
  | 'import_bad_content'
  | 'import_unsupported'
  | 'import_too_costly'
  | 'import_no_such_format'
  | 'uri_not_utf8'
  | 'uri_too_long'
  | 'uri_missing_type'
  | 'password_too_short'
  | 'password_too_easy'
  | 'export_needs_password'
  | 'member_name_empty'
  | 'member_name_too_long'
  | 'member_name_control'
  | 'member_only_password'
  | 'member_remove_yourself'
  | 'next_code_needs_hotp'
  | 'nothing_deleted_here'
  | 'no_restore_chosen'
  | 'protected_vault_file'
  | 'protected_lock_file'
  | 'protected_vault_link'
  | 'protected_backups_folder'
  | 'field_too_long'
  | 'migration_too_long'
  | 'migration_not_link'
  | 'migration_missing_data'
  | 'migration_bad_percent'
  | 'migration_bad_base64'
  | 'migration_not_payload'
  | 'migration_not_text'
  | 'migration_no_link'
  | 'backups_not_a_folder'
  | 'backups_other_owner'
  | 'backups_writable_by_others'
  | 'sync_nothing_to_join'
  | 'sync_nothing_opens'
  | 'sync_vaults_own_folder'
  | 'sync_another_vault'
  | 'sync_not_syncing'
  | 'sync_bad_device_name'
  | 'sync_no_state_folder'
  | 'sync_settings_unwritable'
  | 'links_not_text'
  | 'no_links'
  | 'no_qr_reader'
  | 'no_qr_writer'
  | 'export_no_such_format'
  | 'export_session_written'
  | 'corrupt_vault'
  | 'corrupt_backup'
  | 'slot_format_1'
  | 'slot_too_many'
  | 'slot_v1_needs_credential'
  | 'slot_do_not_fit'
  | 'slot_no_password'
  | 'slot_no_recovery_key'
  | 'slot_entries_unwritable'
  | 'slot_clocks_unwritable'
  | 'slot_members_unwritable'
  | 'slot_different_vault'
  | 'slot_another_vault'
  | 'slot_not_remembered'
  | 'slot_keyring_mismatch'
  | 'slot_keyring_gone'
  | 'icon_pack_too_large'
  | 'icon_pack_not_zip'
  | 'icon_pack_no_manifest'
  | 'icon_pack_manifest_unreadable'
  | 'icon_pack_manifest_too_large'
  | 'icon_pack_manifest_invalid'
  | 'icon_pack_bad_path'
  | 'icon_pack_too_many_icons'
  | 'icon_pack_no_name'
  | 'icon_pack_icons_too_large'
  | 'icon_pack_no_usable_icon'
  | 'icon_pack_unwritable'
  | 'icon_too_large'
  | 'icon_not_png_or_jpeg'
  | 'icon_not_a_picture'
  | 'icon_unreadable'
  | 'icon_unwritable'
  | 'entry_in_trash'
  | 'entry_row_types'
  | 'entry_row_unparsable'
  | 'app_task_failed'
  | 'app_file_unreadable'
  | 'app_picture_unreadable'
  | 'app_no_home_for_vault'
  | 'app_no_qr_code'
  | 'app_no_recovery_key_made'
  | 'app_settings_unsaved'
  | 'app_camera_no_start'
  | 'app_chosen_file_unusable'
  | 'app_confirm_plain_export'
  | 'app_backup_unreadable'
  | 'app_not_automatic_backup'
  | 'app_backup_gone'
  | 'app_no_packs_folder'
  | 'app_bad_shortcut'
  | 'app_shortcuts_unavailable'
  | 'app_shortcut_taken'
  | 'app_shortcut_unreleased'
  | 'app_clipboard_unopened'
  | 'app_clipboard_unwritable'
  | 'app_sync_password_opens_nothing';

/** Turns whatever was thrown into an ApiError (a bare string becomes `system`). */
export function asApiError(e: unknown): ApiError {
  if (e && typeof e === 'object' && 'kind' in e && 'message' in e) return e as ApiError;
  return { kind: 'system', message: String(e) };
}

export type Status = {
  exists: boolean;
  unlocked: boolean;
  remembered: boolean;
  path: string;
  /** The system tells Lockstep when it suspends (Linux); elsewhere locking on suspend is not available. */
  suspend_watched: boolean;
  /** The system's preferred languages (`sv-SE`, ...), most wanted first. */
  locales: string[];
};

export type Kind = 'totp' | 'hotp' | 'steam';
export type Algorithm = 'SHA1' | 'SHA256' | 'SHA512';

export type CodeView = {
  id: string;
  kind: Kind;
  issuer: string;
  account: string;
  /** `issuer (account)`, as the core names it. */
  name: string;
  tags: string[];
  note: string;
  favorite: boolean;
  icon: string | null;
  /** The logo to show (an `icon:` path, by the core's rule), or none: the letter avatar. */
  logo?: string | null;
  algorithm: Algorithm;
  digits: number;
  period: number;
  /** HOTP: the counter of the next code. */
  counter: number | null;
  /** Current code (HOTP: the last one asked for, or ""). */
  code: string;
  /** The code in groups for reading (`123 456`), as the core groups it. */
  grouped: string;
  /** Next period's code (TOTP/Steam). */
  next: string;
  /** The next code in groups. */
  next_grouped: string;
  /** Seconds left at `Codes.at`. */
  remaining: number;
};

/** Codes at one instant, and every tag in use (the core's list, for the edit dialog). */
export type Codes = { at: number; entries: CodeView[]; tags: string[] };

export type PreviewItem = {
  index: number;
  issuer: string;
  account: string;
  /** `issuer (account)`. */
  name: string;
  kind: Kind;
  algorithm: Algorithm;
  digits: number;
  period: number;
  /** HOTP: the counter of the next code. */
  counter: number | null;
  /** Today's code in groups, computed in Rust ("" for HOTP). */
  code: string;
  duplicate: boolean;
};
/**
 * An entry of a source that could not be read (`import::ImportError`): `context` and `message`
 * in English, `place` and `words` the same as codes and values for the catalog (errors.ts
 * `importErrorText`).
 */
export type ImportError = {
  context: string;
  message: string;
  place?: { code: PlaceCode; params: Record<string, string | number> };
  words?: { code: ErrorCode; params: Record<string, string | number> };
};
/** The codes of `import::Place::CODES`. */
export type PlaceCode =
  | 'entry'
  | 'entry_named'
  | 'account'
  | 'account_named'
  | 'line'
  | 'row'
  | 'token'
  | 'qr_code'
  | 'authenticator';
export type Preview = { accounts: PreviewItem[]; errors: ImportError[] };

export type ManualForm = {
  issuer: string;
  account: string;
  secret: string;
  kind: Kind;
  algorithm: Algorithm;
  digits: number;
  period: number;
  counter: number;
};

/**
 * New code parameters for an edit ("these change the codes"), checked by the core. `secret`
 * null keeps the secret: it goes to Rust only, never back.
 */
export type OtpFields = {
  kind: Kind;
  secret: string | null;
  algorithm: Algorithm;
  digits: number;
  period: number;
  counter: number;
};

export type EntryPatch = {
  issuer: string;
  account: string;
  tags: string[];
  note: string;
  favorite: boolean;
  icon: string | null;
  /** Absent or null: the codes stay as they are. */
  otp?: OtpFields | null;
};

export type Theme = 'system' | 'light' | 'dark';
export type Settings = {
  auto_lock_minutes: number;
  clipboard_seconds: number;
  theme: Theme;
  show_next_code: boolean;
  /** Closing the window hides it to the tray. */
  close_to_tray: boolean;
  /** Lock when the system suspends. */
  lock_on_suspend: boolean;
  /** Accelerator that shows the window with search focused, e.g. "Ctrl+Shift+L"; "" = off. */
  global_shortcut: string;
  /** How many automatic backups to keep beside the vault (1 or more). */
  keep_backups: number;
  /** The window's language: 'system' (the system locale) or a catalog's language. */
  language: 'system' | Language;
};

/** One automatic backup (newest first); only `name` goes back to Rust. */
export type BackupInfo = { name: string; created: number; reason: string; size: number };

export type RestoreMode = 'merge' | 'replace';
export type EntryRef = { id: string; issuer: string; account: string };
/** What a restore would do (the plan) or did. */
export type RestoreReport = { added: EntryRef[]; updated: EntryRef[]; kept: EntryRef[]; removed: EntryRef[] };

/** Export formats: Lockstep's encrypted backup, Aegis (encrypted or plain), a link list, Google QR codes. */
export type ExportTarget = 'lockstep' | 'aegis-encrypted' | 'aegis' | 'otpauth' | 'google-qr';
/** An export format as the core describes it (what is plain, what needs a password). */
export type FormatInfo = {
  id: ExportTarget;
  label: string;
  plain: boolean;
  needs_password: boolean;
  folder: boolean;
  file_name: string;
  extension: string;
};
/**
 * A password's strength by the core's policy. The advice is data (`policy::Warning`,
 * `policy::Suggestion`), worded by advice.ts from the catalog.
 */
export type Strength = {
  score: 0 | 1 | 2 | 3 | 4;
  acceptable: boolean;
  warning: PasswordWarning | null;
  suggestions: PasswordSuggestion[];
  /** The fewest characters the policy accepts (the `min_length` suggestion's number). */
  min_chars: number;
};
/** Why a password is weak (zxcvbn's warnings, as `lockstep_core::policy::Warning` names them). */
export type PasswordWarning =
  | 'straight_rows'
  | 'short_keyboard_patterns'
  | 'repeated_characters'
  | 'repeated_patterns'
  | 'top10'
  | 'top100'
  | 'common'
  | 'similar_to_common'
  | 'sequences'
  | 'recent_years'
  | 'word_by_itself'
  | 'dates'
  | 'names_by_themselves'
  | 'common_names';
/** What would make it pass (zxcvbn's suggestions and the length rule, `policy::Suggestion`). */
export type PasswordSuggestion =
  | 'min_length'
  | 'few_words'
  | 'no_need_for_symbols'
  | 'another_word'
  | 'capitalization'
  | 'all_uppercase'
  | 'reversed_words'
  | 'substitutions'
  | 'longer_keyboard_pattern'
  | 'avoid_repeats'
  | 'avoid_sequences'
  | 'avoid_recent_years'
  | 'avoid_years'
  | 'avoid_dates';
/**
 * Something an unlock should tell (`session::Notice`), worded by notices.ts; `detail` is the
 * core's English sentence for what failed (a path, a system error).
 */
export type Notice =
  | { kind: 'rolled_back'; generation: number; seen: number }
  | { kind: 'backup_failed'; detail: string }
  | { kind: 'keys_from_sync' }
  | { kind: 'sync_failed'; detail: string }
  | { kind: 'sync_write_failed'; detail: string }
  | { kind: 'device_expired' };
/** What an unlock did besides opening the vault. */
export type Unlocked = {
  opened_with: 'password' | 'recovery_key' | 'device' | null;
  notices: Notice[];
  /** "Remember this device" failed: the keyring's error (English detail). */
  remember_failed: string | null;
  /** What the merge of the sync folder brought in while opening, if the vault syncs. */
  synced: SyncNews | null;
};

/** Settings → Sync: off, or the folder, this device's name and the other devices' copies. */
export type SyncView = {
  on: boolean;
  folder: string | null;
  name: string | null;
  devices: {
    name: string;
    /** When it last wrote its copy, Unix seconds. */
    written: number | null;
    /** false: sealed under a password changed on that device. */
    readable: boolean;
    conflict: boolean;
  }[];
};
/** What one device's copy brought in: accounts by display name ("Bank (12345678)"). */
export type DeviceNews = { device: string; added: string[]; updated: string[]; removed: string[] };
/** What a merge of the sync folder brought in, as data; sync.ts `newsText` words it. */
export type SyncNews = {
  devices: DeviceNews[];
  /** The device whose newer password this device now uses. */
  keys_from: string | null;
  changed: boolean;
  locked: number;
  /** Files skipped, with the core's English reason (not shown). */
  skipped: string[];
};
/** What a backup or export wrote (a file, or a folder of QR codes). */
export type Exported = {
  path: string;
  accounts: number;
  files: number;
  written: string[];
  skipped: ImportError[];
};

/** "Show QR": the one view that carries a secret, on the user's explicit request. */
export type Reveal = { uri: string; secret: string; qr: string };

export type UnlockWith = { with: 'password'; secret: string } | { with: 'recovery_key'; secret: string };

/** Whether a vault exists, is open, and whether this device is remembered. */
export const status = () => invoke<Status>('status');
/** Creates the vault; resolves to the recovery key, to show once. */
export const createVault = (password: string) => invoke<string>('create_vault', { password });
/**
 * Opens the vault with the password or the recovery key; with `null`, the core decides (this
 * device's remembered key), rejecting with `password_needed` when there is none.
 */
export const unlock = (w: UnlockWith | null, remember: boolean) => invoke<Unlocked>('unlock', { with: w, remember });
/**
 * Makes a backup (base64) this computer's vault when it has none, then opens it with the
 * backup's password or recovery key.
 */
export const restoreVault = (data: string, w: UnlockWith, remember: boolean) =>
  invoke<Unlocked>('restore_vault', { data, with: w, remember });
/** Drops the unlocked vault from memory. */
export const lock = () => invoke<void>('lock');
/** Tells the auto-lock clock the user is here. */
export const activity = () => invoke<void>('activity');
/** Every entry's current and next codes, each with its logo (sent beside them by id). */
export const codes = async (): Promise<Codes> => {
  const c = await invoke<Codes & { logos: { id: string; logo: string | null }[] }>('codes');
  const logos = new Map(c.logos.map((l) => [l.id, l.logo]));
  return { at: c.at, tags: c.tags, entries: c.entries.map((e) => ({ ...e, logo: logos.get(e.id) ?? null })) };
};
/** The ids of the entries matching a search (the core's one rule). */
export const search = (query: string) => invoke<string[]>('search', { query });
/** A new password's strength, by the core's policy. */
export const passwordStrength = (password: string) => invoke<Strength>('password_strength', { password });
/** Every export format with its properties. */
export const exportFormats = () => invoke<FormatInfo[]>('export_formats');
/**
 * Copies an entry's current code (with `next`, the next period's; HOTP a new one); the clipboard
 * is cleared after the configured delay.
 */
export const copyCode = (id: string, next = false) => invoke<void>('copy_code', { id, next });
/** HOTP: the next code (advances the saved counter). */
export const hotpNext = (id: string) => invoke<string>('hotp_next', { id });
/** Import preview from pasted text: one otpauth link or one per line. */
export const previewText = (text: string) => invoke<Preview>('preview_text', { text });
/** Import preview from an opened file (base64): another app's export or a list of links. */
export const previewFile = (data: string, password: string | null) =>
  invoke<Preview>('preview_file', { data, password });
/** Stops the export being opened (before its next key derivation); it then fails as cancelled. */
export const cancelImport = () => invoke<void>('cancel_import');
/** Import preview from a picture (base64): every QR code in it. */
export const previewImage = (data: string) => invoke<Preview>('preview_image', { data });
/** Import preview from the clipboard (a picture, or text with links), read in Rust. */
export const previewClipboard = () => invoke<Preview>('preview_clipboard');
/** Import preview from every monitor's QR codes. */
export const scanScreen = () => invoke<Preview>('scan_screen');
/** How far a camera scan has read (`qr::camera::Progress`): a Google export's codes read of all. */
export type CameraProgress = {
  codes: number;
  accounts: number;
  exports: { read: number; total: number; missing: number[] }[];
  complete: boolean;
};
/** One decoded camera frame: a small gray JPEG (data URL), its size, where codes were read. */
export type CameraFrame = {
  jpeg: string;
  width: number;
  height: number;
  /** Each code's corners in preview pixels (empty when the decoder gave none). */
  codes: [number, number][][];
  progress: CameraProgress;
};
/** Starts reading the camera; frames, the preview and errors arrive as events (below). */
export const cameraStart = () => invoke<void>('camera_start');
/** Stops the camera; resolves once it is off. */
export const cameraStop = () => invoke<void>('camera_stop');
export const onCameraFrame = (f: (frame: CameraFrame) => void): UnlistenFn => on<CameraFrame>('camera-frame', f);
/** Every code shown was read: the import preview (duplicates flagged). */
export const onCameraDone = (f: (preview: Preview) => void): UnlistenFn => on<Preview>('camera-done', f);
export const onCameraError = (f: (error: ApiError) => void): UnlistenFn => on<ApiError>('camera-error', f);
/** Import preview from the manual form. */
export const previewManual = (form: ManualForm) => invoke<Preview>('preview_manual', { form });
/** Adds the ticked accounts of the last preview; resolves to how many. */
export const commitImport = (indices: number[]) => invoke<number>('commit_import', { indices });
/** Changes an entry's names, tags, note, favorite, icon, and with `otp` its codes. */
export const updateEntry = (id: string, patch: EntryPatch) => invoke<void>('update_entry', { id, patch });
/** Drag to reorder: moves an entry to display index `to` (favorites stay first). */
export const moveEntry = (id: string, to: number) => invoke<void>('move_entry', { id, to });
/** The entry's otpauth link, secret and a QR code of it (data: URL), to move it to a phone. */
export const revealEntry = (id: string) => invoke<Reveal>('reveal_entry', { id });
/** Deletes an entry (an automatic backup of the vault is taken first). */
export const deleteEntry = (id: string) => invoke<void>('delete_entry', { id });
/** Undoes a delete made since unlocking: the entry comes back from the backup taken before it. */
export const undoDelete = (id: string) => invoke<void>('undo_delete', { id });
export const getSettings = () => invoke<Settings>('get_settings');
export const setSettings = (settings: Settings) => invoke<Settings>('set_settings', { settings });
/** Sets a new password; `current` is the password (or recovery key) now, unless given in the last minutes. */
export const changePassword = (current: string | null, password: string) =>
  invoke<void>('change_password', { current, password });
/** Replaces the recovery key; resolves to the new one, to show once. */
export const rotateRecovery = (current: string | null) => invoke<string>('rotate_recovery', { current });
/** A member of the vault: a person with their own password. */
export type MemberView = {
  name: string;
  /** Unix seconds; null for the owner, made with the vault. */
  added: number | null;
  /** Whether the vault was opened with this member's password. */
  is_you: boolean;
};
/** The vault's members, the owner first. */
export const members = () => invoke<MemberView[]>('members');
/** Adds a member with their own password; `current` as for changePassword. Resolves to the new list. */
export const addMember = (current: string | null, name: string, password: string) =>
  invoke<MemberView[]>('add_member', { current, name, password });
/** Removes a member (the vault gets a new key); `current` as for changePassword. Resolves to the new list. */
export const removeMember = (current: string | null, name: string) =>
  invoke<MemberView[]>('remove_member', { current, name });
/** Remembers this device for 30 days. */
export const rememberDevice = () => invoke<void>('remember_device');
/** Forgets this device (removes its keyring slot). */
export const forgetDevice = () => invoke<void>('forget_device');

/** The automatic backups beside the vault, newest first. */
export const listBackups = () => invoke<BackupInfo[]>('list_backups');
/** Asks where to save (native dialog, in Rust) and writes an encrypted backup; null if cancelled. */
export const backupNow = () => invoke<Exported | null>('backup_now');
/** Restore plan for a backup file (base64); `password` only for another vault's backup. */
export const planRestoreFile = (data: string, password: string | null, mode: RestoreMode) =>
  invoke<RestoreReport>('plan_restore_file', { data, password, mode });
/** Restore plan for an automatic backup, by its file name. */
export const planRestoreAuto = (name: string, password: string | null, mode: RestoreMode) =>
  invoke<RestoreReport>('plan_restore_auto', { name, password, mode });
/** Applies the last plan (an automatic backup of the vault is taken first). */
export const commitRestore = () => invoke<RestoreReport>('commit_restore');
/** When the last backup outside the vault's folder was made (Unix seconds), and whether to remind. */
export type BackupHealth = { last: number | null; path: string | null; due: boolean; remind: boolean };
export const backupHealth = () => invoke<BackupHealth>('backup_health');
/** "Later" on the backup reminder: not again for a week. */
export const snoozeBackupReminder = () => invoke<void>('snooze_backup_reminder');
/** How a backup compares with the vault (names as the vault has them). */
export type Verification = { matching: EntryRef[]; missing: EntryRef[]; differ: EntryRef[]; only_in_backup: EntryRef[] };
/** "Check this backup" for a file (base64); `password` only for another vault's backup. Changes nothing. */
export const verifyBackup = (data: string, password: string | null) =>
  invoke<Verification>('verify_backup', { data, password });
/**
 * Asks where to save (native dialog, in Rust) and exports every account; null if cancelled.
 * Plain targets need `plainConfirmed`; `aegis-encrypted` needs `password`.
 */
export const exportAccounts = (
  target: ExportTarget,
  password: string | null,
  plainConfirmed: boolean,
  current: string | null,
) => invoke<Exported | null>('export_accounts', { target, password, plainConfirmed, current });

/** Settings → Sync. */
export const syncStatus = () => invoke<SyncView>('sync_status');
/**
 * Asks for the folder (native dialog, in Rust) and starts syncing through it as `name` (null:
 * this computer's name); null if cancelled.
 */
export const syncStart = (name: string | null) => invoke<SyncNews | null>('sync_start', { name });
/** Merges the sync folder now. */
export const syncNow = () => invoke<SyncNews>('sync_now');
/** Stops syncing on this device (the folder and its copies stay). */
export const syncOff = () => invoke<void>('sync_off');
/** Opens the copies sealed under a password changed on another device, with that password. */
export const syncUnlockCopies = (password: string) => invoke<SyncNews>('sync_unlock_copies', { password });
/**
 * Welcome screen: asks for the synced folder (native dialog, in Rust); the vault there becomes
 * this computer's and opens with `password`. Null if cancelled.
 */
export const joinSynced = (password: string, remember: boolean) =>
  invoke<Unlocked | null>('join_synced', { password, remember });

/** Another process (the CLI) changed the vault. */
export const onVaultChanged = (f: () => void): UnlistenFn => on('vault-changed', f);
/** A merge of the sync folder (another device's copy arrived) brought something in. */
export const onSynced = (f: (news: SyncNews) => void): UnlistenFn => on<SyncNews>('vault-synced', f);
/** The vault was locked from Rust (auto-lock, tray, suspend). */
export const onLocked = (f: () => void): UnlistenFn => on('locked', f);

/** One account in the quick pick: its names, never its code. */
export type PickItem = { id: string; name: string; issuer: string; account: string; kind: Kind; favorite: boolean };
/** Whether the quick pick is open (asked when the page loads: `lockstep-app --pick` started it). */
export const paletteIsOpen = () => invoke<boolean>('palette_is_open');
/** The quick pick's list: every account's names, in the list's order (no codes). */
export const paletteItems = () => invoke<PickItem[]>('palette_items');
/** The palette's first frame is drawn: resolves to the milliseconds since it was asked for. */
export const paletteShown = () => invoke<number | null>('palette_shown');
/** Closes the quick pick: the window goes back to what it was (hidden, if it was). */
export const paletteClose = () => invoke<void>('palette_close');
/** The global shortcut or `lockstep-app --pick` opened the quick pick. */
export const onPaletteOpen = (f: () => void): UnlistenFn => on('palette-open', f);

/** One icon the picker offers: the `icon` value to store, where to load it, its name and set. */
export type IconOffer = { value: string; path: string; title: string; source: string };
/** An imported Aegis icon pack. */
export type IconPack = { uuid: string; name: string; version: number; count: number; skipped: number };

/** Icons (imported packs first, then the bundled set) whose name contains `query`. */
export const iconSearch = (query: string) => invoke<IconOffer[]>('icon_search', { query });
/** A PNG or JPEG file (base64) as an entry's icon value, scaled and re-encoded in Rust. */
export const iconFromPicture = (name: string, data: string) => invoke<string>('icon_from_picture', { name, data });
/** The imported icon packs. */
export const iconPacks = () => invoke<IconPack[]>('icon_packs');
/** Imports an Aegis icon pack ZIP (base64). */
export const importIconPack = (data: string) => invoke<IconPack>('import_icon_pack', { data });
/** Removes an imported icon pack; the packs left. */
export const removeIconPack = (uuid: string) => invoke<IconPack[]>('remove_icon_pack', { uuid });
/** A bundled icon as a row draws it inline: its name, brand colour and path data (24 × 24). */
export type Glyph = { title: string; hex: string; path: string };
/** The bundled icon `slug` (a logo path `si/<slug>`), or null when the set has none. */
export const iconGlyph = (slug: string) => invoke<Glyph | null>('icon_glyph', { slug });
/** The URL of an icon path on the `icon:` scheme (one icon per request, served from Rust). */
export const iconSrc = (path: string) => convertFileSrc(path, 'icon');
