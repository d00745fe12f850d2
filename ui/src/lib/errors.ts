/**
 * The words for an error from Rust. Most core errors come with their code and values
 * (`ApiError.words`, `lockstep_core::words`): the catalog's sentence for that code. Otherwise the
 * window shows a catalog message by the error's `kind` (api.ts `ApiError`) where one sentence
 * fits every error of that kind, and where the core's English message carries free text (a
 * system error, a decoder's reason), a translated lead with that message as `{detail}`: in
 * English the core's sentence unchanged. See ARCHITECTURE.md, "UI text".
 */
import type { ApiError, ErrorCode, ImportError, PlaceCode } from './api';
import { sentence } from './fields';
import { t } from './i18n.svelte';

type Params = Record<string, string | number>;

/** The account fields `field_too_long` names (`lockstep_core::reasons::Field`), each with its sentence. */
type AccountField = 'issuer' | 'account' | 'note' | 'tags' | 'tag' | 'icon' | 'secret';
const FIELD_TOO_LONG: Record<AccountField, (p: Params) => string> = {
  issuer: (p) => t('error.code.field_too_long.issuer', p),
  account: (p) => t('error.code.field_too_long.account', p),
  note: (p) => t('error.code.field_too_long.note', p),
  tags: (p) => t('error.code.field_too_long.tags', p),
  tag: (p) => t('error.code.field_too_long.tag', p),
  icon: (p) => t('error.code.field_too_long.icon', p),
  secret: (p) => t('error.code.field_too_long.secret', p),
};

/** What is wrong with a damaged file (`lockstep_core::reasons::Damage`), as a phrase. */
type Damage =
  | 'truncated'
  | 'empty'
  | 'checksum'
  | 'slot_count'
  | 'slot_mix'
  | 'slot_length'
  | 'bad_public_key'
  | 'wrong_data_key'
  | 'payload_length'
  | 'extra_bytes'
  | 'payload_auth'
  | 'not_entry_list'
  | 'bad_earlier_key'
  | 'bad_member_slot'
  | 'entry_params'
  | 'sync_file_too_large'
  | 'not_lockstep';
const DAMAGE: Record<Damage, () => string> = {
  truncated: () => t('error.code.damage.truncated'),
  empty: () => t('error.code.damage.empty'),
  checksum: () => t('error.code.damage.checksum'),
  slot_count: () => t('error.code.damage.slot_count'),
  slot_mix: () => t('error.code.damage.slot_mix'),
  slot_length: () => t('error.code.damage.slot_length'),
  bad_public_key: () => t('error.code.damage.bad_public_key'),
  wrong_data_key: () => t('error.code.damage.wrong_data_key'),
  payload_length: () => t('error.code.damage.payload_length'),
  extra_bytes: () => t('error.code.damage.extra_bytes'),
  payload_auth: () => t('error.code.damage.payload_auth'),
  not_entry_list: () => t('error.code.damage.not_entry_list'),
  bad_earlier_key: () => t('error.code.damage.bad_earlier_key'),
  bad_member_slot: () => t('error.code.damage.bad_member_slot'),
  entry_params: () => t('error.code.damage.entry_params'),
  sync_file_too_large: () => t('error.code.damage.sync_file_too_large'),
  not_lockstep: () => t('error.code.damage.not_lockstep'),
};
const damage = (reason: string | number | undefined) => DAMAGE[reason as Damage]();

/** Why a peer's export is refused (`lockstep_core::reasons::ImportReason`), as a phrase. */
type ImportReason =
  | 'json_unparsable'
  | 'argon2_cost'
  | 'argon2_params'
  | 'key_derivation_failed'
  | 'pbkdf2_range'
  | 'scrypt_cost'
  | 'not_base64'
  | 'not_hex'
  | 'files_too_large'
  | 'file_not_text'
  | 'file_not_utf8'
  | 'no_list'
  | 'account_fields'
  | 'entry_fields'
  | 'export_version'
  | 'aegis_vault_version'
  | 'no_header'
  | 'no_db'
  | 'no_key_slots'
  | 'only_biometric_slots'
  | 'too_many_password_slots'
  | 'aegis_scrypt_cost'
  | 'db_not_authentic'
  | 'decrypted_db_not_json'
  | 'database_version'
  | 'no_database_version'
  | 'no_entry_list'
  | 'decrypted_backup_not_json'
  | 'too_short_for_encrypted'
  | 'andotp_iterations'
  | 'backup_not_entry_list'
  | 'not_zip'
  | 'no_accounts_txt'
  | 'accounts_txt_unreadable'
  | 'accounts_txt_damaged'
  | 'accounts_txt_too_large'
  | 'prefs_unparsable'
  | 'token_list_not_json'
  | 'token_fields'
  | 'authy_iterations'
  | 'unique_iv'
  | 'key_or_iv_length'
  | 'not_android_prefs'
  | 'no_device_secret'
  | 'serial_not_masked_hex'
  | 'bitwarden_encrypted'
  | 'csv_header'
  | 'no_totp_column'
  | 'file_not_account_list'
  | 'no_kdf_params'
  | 'no_mem_limit'
  | 'no_ops_limit'
  | 'nonce_length'
  | 'data_too_short'
  | 'ente_argon2_cost'
  | 'stream_tag'
  | 'export_not_utf8'
  | 'export_empty'
  | 'no_master_key'
  | 'master_key_not_json'
  | 'repeated_references'
  | 'other_kdf'
  | 'master_key_no_salt'
  | 'freeotp_iterations'
  | 'master_key_missing'
  | 'token_secret_undecryptable'
  | 'java_map_damaged'
  | 'no_token_map'
  | 'token_not_object'
  | 'no_accounts_table'
  | 'no_version'
  | 'content_too_short'
  | 'decrypted_export_not_json'
  | 'export_not_account_list'
  | 'not_sqlite'
  | 'sqlite_unopenable'
  | 'steam_encrypted'
  | 'steam_account_fields'
  | 'not_stratum_json'
  | 'no_authenticator_table'
  | 'row_types'
  | 'encrypted_too_short'
  | 'legacy_truncated'
  | 'legacy_iv_length'
  | 'not_aes_blocks'
  | 'key_encoding'
  | 'no_schema_version'
  | 'schema_version'
  | 'services_not_list'
  | 'services_encrypted_parts'
  | 'services_not_json';
const IMPORT_REASON: Record<ImportReason, (p: Params) => string> = {
  json_unparsable: (p) => t('error.code.import_reason.json_unparsable', p),
  argon2_cost: (p) => t('error.code.import_reason.argon2_cost', p),
  argon2_params: (p) => t('error.code.import_reason.argon2_params', p),
  key_derivation_failed: (p) => t('error.code.import_reason.key_derivation_failed', p),
  pbkdf2_range: (p) => t('error.code.import_reason.pbkdf2_range', p),
  scrypt_cost: (p) => t('error.code.import_reason.scrypt_cost', p),
  not_base64: (p) => t('error.code.import_reason.not_base64', p),
  not_hex: (p) => t('error.code.import_reason.not_hex', p),
  files_too_large: (p) => t('error.code.import_reason.files_too_large', p),
  file_not_text: () => t('error.code.import_reason.file_not_text'),
  file_not_utf8: () => t('error.code.import_reason.file_not_utf8'),
  no_list: (p) => t('error.code.import_reason.no_list', p),
  account_fields: () => t('error.code.import_reason.account_fields'),
  entry_fields: () => t('error.code.import_reason.entry_fields'),
  export_version: (p) => t('error.code.import_reason.export_version', p),
  aegis_vault_version: () => t('error.code.import_reason.aegis_vault_version'),
  no_header: () => t('error.code.import_reason.no_header'),
  no_db: () => t('error.code.import_reason.no_db'),
  no_key_slots: () => t('error.code.import_reason.no_key_slots'),
  only_biometric_slots: () => t('error.code.import_reason.only_biometric_slots'),
  too_many_password_slots: (p) => t('error.code.import_reason.too_many_password_slots', p),
  aegis_scrypt_cost: (p) => t('error.code.import_reason.aegis_scrypt_cost', p),
  db_not_authentic: () => t('error.code.import_reason.db_not_authentic'),
  decrypted_db_not_json: () => t('error.code.import_reason.decrypted_db_not_json'),
  database_version: (p) => t('error.code.import_reason.database_version', p),
  no_database_version: () => t('error.code.import_reason.no_database_version'),
  no_entry_list: () => t('error.code.import_reason.no_entry_list'),
  decrypted_backup_not_json: () => t('error.code.import_reason.decrypted_backup_not_json'),
  too_short_for_encrypted: () => t('error.code.import_reason.too_short_for_encrypted'),
  andotp_iterations: (p) => t('error.code.import_reason.andotp_iterations', p),
  backup_not_entry_list: () => t('error.code.import_reason.backup_not_entry_list'),
  not_zip: () => t('error.code.import_reason.not_zip'),
  no_accounts_txt: () => t('error.code.import_reason.no_accounts_txt'),
  accounts_txt_unreadable: () => t('error.code.import_reason.accounts_txt_unreadable'),
  accounts_txt_damaged: () => t('error.code.import_reason.accounts_txt_damaged'),
  accounts_txt_too_large: () => t('error.code.import_reason.accounts_txt_too_large'),
  prefs_unparsable: () => t('error.code.import_reason.prefs_unparsable'),
  token_list_not_json: () => t('error.code.import_reason.token_list_not_json'),
  token_fields: () => t('error.code.import_reason.token_fields'),
  authy_iterations: (p) => t('error.code.import_reason.authy_iterations', p),
  unique_iv: () => t('error.code.import_reason.unique_iv'),
  key_or_iv_length: () => t('error.code.import_reason.key_or_iv_length'),
  not_android_prefs: () => t('error.code.import_reason.not_android_prefs'),
  no_device_secret: () => t('error.code.import_reason.no_device_secret'),
  serial_not_masked_hex: () => t('error.code.import_reason.serial_not_masked_hex'),
  bitwarden_encrypted: () => t('error.code.import_reason.bitwarden_encrypted'),
  csv_header: (p) => t('error.code.import_reason.csv_header', p),
  no_totp_column: () => t('error.code.import_reason.no_totp_column'),
  file_not_account_list: () => t('error.code.import_reason.file_not_account_list'),
  no_kdf_params: () => t('error.code.import_reason.no_kdf_params'),
  no_mem_limit: () => t('error.code.import_reason.no_mem_limit'),
  no_ops_limit: () => t('error.code.import_reason.no_ops_limit'),
  nonce_length: () => t('error.code.import_reason.nonce_length'),
  data_too_short: () => t('error.code.import_reason.data_too_short'),
  ente_argon2_cost: (p) => t('error.code.import_reason.ente_argon2_cost', p),
  stream_tag: () => t('error.code.import_reason.stream_tag'),
  export_not_utf8: () => t('error.code.import_reason.export_not_utf8'),
  export_empty: () => t('error.code.import_reason.export_empty'),
  no_master_key: () => t('error.code.import_reason.no_master_key'),
  master_key_not_json: () => t('error.code.import_reason.master_key_not_json'),
  repeated_references: () => t('error.code.import_reason.repeated_references'),
  other_kdf: () => t('error.code.import_reason.other_kdf'),
  master_key_no_salt: () => t('error.code.import_reason.master_key_no_salt'),
  freeotp_iterations: (p) => t('error.code.import_reason.freeotp_iterations', p),
  master_key_missing: () => t('error.code.import_reason.master_key_missing'),
  token_secret_undecryptable: () => t('error.code.import_reason.token_secret_undecryptable'),
  java_map_damaged: () => t('error.code.import_reason.java_map_damaged'),
  no_token_map: () => t('error.code.import_reason.no_token_map'),
  token_not_object: () => t('error.code.import_reason.token_not_object'),
  no_accounts_table: () => t('error.code.import_reason.no_accounts_table'),
  no_version: () => t('error.code.import_reason.no_version'),
  content_too_short: () => t('error.code.import_reason.content_too_short'),
  decrypted_export_not_json: () => t('error.code.import_reason.decrypted_export_not_json'),
  export_not_account_list: () => t('error.code.import_reason.export_not_account_list'),
  not_sqlite: () => t('error.code.import_reason.not_sqlite'),
  sqlite_unopenable: () => t('error.code.import_reason.sqlite_unopenable'),
  steam_encrypted: () => t('error.code.import_reason.steam_encrypted'),
  steam_account_fields: () => t('error.code.import_reason.steam_account_fields'),
  not_stratum_json: () => t('error.code.import_reason.not_stratum_json'),
  no_authenticator_table: () => t('error.code.import_reason.no_authenticator_table'),
  row_types: () => t('error.code.import_reason.row_types'),
  encrypted_too_short: () => t('error.code.import_reason.encrypted_too_short'),
  legacy_truncated: () => t('error.code.import_reason.legacy_truncated'),
  legacy_iv_length: () => t('error.code.import_reason.legacy_iv_length'),
  not_aes_blocks: () => t('error.code.import_reason.not_aes_blocks'),
  key_encoding: () => t('error.code.import_reason.key_encoding'),
  no_schema_version: () => t('error.code.import_reason.no_schema_version'),
  schema_version: (p) => t('error.code.import_reason.schema_version', p),
  services_not_list: () => t('error.code.import_reason.services_not_list'),
  services_encrypted_parts: () => t('error.code.import_reason.services_encrypted_parts'),
  services_not_json: () => t('error.code.import_reason.services_not_json'),
};

/** A part of an export that is not valid base64 or hex (`lockstep_core::reasons::Part`). */
type ImportPart =
  | 'the_key'
  | 'a_key'
  | 'slot_salt'
  | 'slot_key'
  | 'slot_tag'
  | 'slot_nonce'
  | 'db'
  | 'db_tag'
  | 'db_nonce'
  | 'unique_iv'
  | 'encrypted_secret'
  | 'salt'
  | 'content'
  | 'file'
  | 'shared_secret'
  | 'encryption_nonce'
  | 'encrypted_data'
  | 'ciphertext'
  | 'iv';
const IMPORT_PART: Record<ImportPart, () => string> = {
  the_key: () => t('error.code.import_part.the_key'),
  a_key: () => t('error.code.import_part.a_key'),
  slot_salt: () => t('error.code.import_part.slot_salt'),
  slot_key: () => t('error.code.import_part.slot_key'),
  slot_tag: () => t('error.code.import_part.slot_tag'),
  slot_nonce: () => t('error.code.import_part.slot_nonce'),
  db: () => t('error.code.import_part.db'),
  db_tag: () => t('error.code.import_part.db_tag'),
  db_nonce: () => t('error.code.import_part.db_nonce'),
  unique_iv: () => t('error.code.import_part.unique_iv'),
  encrypted_secret: () => t('error.code.import_part.encrypted_secret'),
  salt: () => t('error.code.import_part.salt'),
  content: () => t('error.code.import_part.content'),
  file: () => t('error.code.import_part.file'),
  shared_secret: () => t('error.code.import_part.shared_secret'),
  encryption_nonce: () => t('error.code.import_part.encryption_nonce'),
  encrypted_data: () => t('error.code.import_part.encrypted_data'),
  ciphertext: () => t('error.code.import_part.ciphertext'),
  iv: () => t('error.code.import_part.iv'),
};

/** The reason of an import failure, worded from its code (`why`) and values (a `part` by its own phrase). */
function importReason(p: Params): string {
  const values = p.part === undefined ? p : { ...p, part: IMPORT_PART[p.part as ImportPart]() };
  return IMPORT_REASON[p.why as ImportReason](values);
}

/** The catalog's sentence for each code the core gives values for (src-tauri's i18n test checks the list). */
const CODES: Record<ErrorCode, (p: Params) => string> = {
  not_otpauth: () => t('error.code.not_otpauth'),
  unknown_otp_type: (p) => t('error.code.unknown_otp_type', p),
  missing_secret: () => t('error.code.missing_secret'),
  bad_secret: () => t('error.code.bad_secret'),
  unknown_algorithm: (p) => t('error.code.unknown_algorithm', p),
  bad_digits: (p) => t('error.code.bad_digits', p),
  bad_period: (p) => t('error.code.bad_period', p),
  bad_counter: (p) => t('error.code.bad_counter', p),
  missing_counter: () => t('error.code.missing_counter'),
  wrong_password: () => t('error.wrong_password'),
  wrong_recovery_key: () => t('error.wrong_recovery_key'),
  malformed_recovery_key: () => t('error.code.malformed_recovery_key'),
  not_a_vault: (p) => t('error.code.not_a_vault', p),
  unsupported_version: (p) => t('error.code.unsupported_version', p),
  unsupported_slot: (p) => t('error.code.unsupported_slot', p),
  vault_missing: (p) => t('error.code.vault_missing', p),
  vault_exists: (p) => t('error.code.vault_exists', p),
  vault_busy: (p) => t('error.code.vault_busy', p),
  member_exists: (p) => t('error.code.member_exists', p),
  no_such_member: (p) => t('error.code.no_such_member', p),
  no_match: (p) => t('error.code.no_match', p),
  ambiguous: (p) => t('error.code.ambiguous', p),
  duplicate: (p) => t('error.code.duplicate', p),
  random: () => t('error.code.random'),
  image_too_large: (p) => t('error.code.image_too_large', p),
  not_an_image: (p) => t('error.code.not_an_image', p),
  empty_image: (p) => t('error.code.empty_image', p),
  camera_unavailable: () => t('error.code.camera_unavailable'),
  camera_timeout: (p) => t('error.code.camera_timeout', p),
  camera_incomplete: (p) => t('error.code.camera_incomplete', p),
  qr_too_long: (p) => t('error.code.qr_too_long', p),
  password_needed: () => t('error.password_needed'),
  backup_password_needed: () => t('error.code.backup_password_needed'),
  wrong_backup_password: () => t('error.code.wrong_backup_password'),
  vault_too_large: (p) => t('error.code.vault_too_large', p),
  credentials_changed: () => t('error.code.credentials_changed'),
  import_unknown_format: (p) => t('error.code.import_unknown_format', p),
  import_missing_password: (p) => t('error.code.import_missing_password', p),
  import_wrong_password: (p) => t('error.code.import_wrong_password', p),
  import_cancelled: (p) => t('error.code.import_cancelled', p),
  import_bad_content: (p) => t('error.code.import_bad_content', { format: p.format, reason: importReason(p) }),
  import_unsupported: (p) => t('error.code.import_unsupported', { format: p.format, reason: importReason(p) }),
  import_too_costly: (p) => t('error.code.import_too_costly', { format: p.format, reason: importReason(p) }),
  import_no_such_format: (p) => t('error.code.import_no_such_format', p),
  uri_not_utf8: () => t('error.code.uri_not_utf8'),
  uri_too_long: () => t('error.code.uri_too_long'),
  uri_missing_type: () => t('error.code.uri_missing_type'),
  password_too_short: (p) => t('error.code.password_too_short', p),
  password_too_easy: () => t('error.code.password_too_easy'),
  export_needs_password: () => t('error.code.export_needs_password'),
  member_name_empty: () => t('error.code.member_name_empty'),
  member_name_too_long: (p) => t('error.code.member_name_too_long', p),
  member_name_control: () => t('error.code.member_name_control'),
  member_only_password: () => t('error.code.member_only_password'),
  member_remove_yourself: () => t('error.code.member_remove_yourself'),
  next_code_needs_hotp: () => t('error.code.next_code_needs_hotp'),
  nothing_deleted_here: () => t('error.code.nothing_deleted_here'),
  no_restore_chosen: () => t('error.code.no_restore_chosen'),
  protected_vault_file: (p) => t('error.code.protected_vault_file', p),
  protected_lock_file: (p) => t('error.code.protected_lock_file', p),
  protected_vault_link: (p) => t('error.code.protected_vault_link', p),
  protected_backups_folder: (p) => t('error.code.protected_backups_folder', p),
  field_too_long: (p) => FIELD_TOO_LONG[p.field as AccountField](p),
  migration_too_long: () => t('error.code.migration_too_long'),
  migration_not_link: () => t('error.code.migration_not_link'),
  migration_missing_data: () => t('error.code.migration_missing_data'),
  migration_bad_percent: () => t('error.code.migration_bad_percent'),
  migration_bad_base64: () => t('error.code.migration_bad_base64'),
  migration_not_payload: () => t('error.code.migration_not_payload'),
  migration_not_text: () => t('error.code.migration_not_text'),
  migration_no_link: () => t('error.code.migration_no_link'),
  backups_not_a_folder: (p) => t('error.code.backups_not_a_folder', p),
  backups_other_owner: (p) => t('error.code.backups_other_owner', p),
  backups_writable_by_others: (p) => t('error.code.backups_writable_by_others', p),
  sync_nothing_to_join: (p) => t('error.code.sync_nothing_to_join', p),
  sync_nothing_opens: (p) => t('error.code.sync_nothing_opens', p),
  sync_vaults_own_folder: () => t('error.code.sync_vaults_own_folder'),
  sync_another_vault: (p) => t('error.code.sync_another_vault', p),
  sync_not_syncing: () => t('error.code.sync_not_syncing'),
  sync_bad_device_name: () => t('error.code.sync_bad_device_name'),
  sync_no_state_folder: () => t('error.code.sync_no_state_folder'),
  sync_settings_unwritable: () => t('error.code.sync_settings_unwritable'),
  links_not_text: () => t('error.code.links_not_text'),
  no_links: () => t('error.code.no_links'),
  no_qr_reader: () => t('error.code.no_qr_reader'),
  no_qr_writer: () => t('error.code.no_qr_writer'),
  export_no_such_format: (p) => t('error.code.export_no_such_format', p),
  export_session_written: (p) => t('error.code.export_session_written', p),
  corrupt_vault: (p) => t('error.code.corrupt_vault', { reason: damage(p.reason) }),
  corrupt_backup: (p) => t('error.code.corrupt_backup', { reason: damage(p.reason) }),
  slot_format_1: () => t('error.code.slot_format_1'),
  slot_too_many: (p) => t('error.code.slot_too_many', p),
  slot_v1_needs_credential: () => t('error.code.slot_v1_needs_credential'),
  slot_do_not_fit: () => t('error.code.slot_do_not_fit'),
  slot_no_password: () => t('error.code.slot_no_password'),
  slot_no_recovery_key: () => t('error.code.slot_no_recovery_key'),
  slot_entries_unwritable: () => t('error.code.slot_entries_unwritable'),
  slot_clocks_unwritable: () => t('error.code.slot_clocks_unwritable'),
  slot_members_unwritable: () => t('error.code.slot_members_unwritable'),
  slot_different_vault: () => t('error.code.slot_different_vault'),
  slot_another_vault: () => t('error.code.slot_another_vault'),
  slot_not_remembered: () => t('error.code.slot_not_remembered'),
  slot_keyring_mismatch: () => t('error.code.slot_keyring_mismatch'),
  slot_keyring_gone: () => t('error.code.slot_keyring_gone'),
  icon_pack_too_large: (p) => t('error.code.icon_pack_too_large', p),
  icon_pack_not_zip: () => t('error.code.icon_pack_not_zip'),
  icon_pack_no_manifest: () => t('error.code.icon_pack_no_manifest'),
  icon_pack_manifest_unreadable: () => t('error.code.icon_pack_manifest_unreadable'),
  icon_pack_manifest_too_large: () => t('error.code.icon_pack_manifest_too_large'),
  icon_pack_manifest_invalid: (p) => t('error.code.icon_pack_manifest_invalid', p),
  icon_pack_bad_path: (p) => t('error.code.icon_pack_bad_path', p),
  icon_pack_too_many_icons: (p) => t('error.code.icon_pack_too_many_icons', p),
  icon_pack_no_name: () => t('error.code.icon_pack_no_name'),
  icon_pack_icons_too_large: () => t('error.code.icon_pack_icons_too_large'),
  icon_pack_no_usable_icon: () => t('error.code.icon_pack_no_usable_icon'),
  icon_pack_unwritable: (p) => t('error.code.icon_pack_unwritable', p),
  icon_too_large: (p) => t('error.code.icon_too_large', p),
  icon_not_png_or_jpeg: (p) => t('error.code.icon_not_png_or_jpeg', p),
  icon_not_a_picture: (p) => t('error.code.icon_not_a_picture', p),
  icon_unreadable: (p) => t('error.code.icon_unreadable', p),
  icon_unwritable: (p) => t('error.code.icon_unwritable', p),
  entry_in_trash: () => t('error.code.entry_in_trash'),
  entry_row_types: () => t('error.code.entry_row_types'),
  entry_row_unparsable: (p) => t('error.code.entry_row_unparsable', p),
  app_task_failed: (p) => t('error.code.app_task_failed', p),
  app_file_unreadable: () => t('error.code.app_file_unreadable'),
  app_picture_unreadable: () => t('error.code.app_picture_unreadable'),
  app_no_home_for_vault: () => t('error.code.app_no_home_for_vault'),
  app_no_qr_code: () => t('error.code.app_no_qr_code'),
  app_no_recovery_key_made: () => t('error.code.app_no_recovery_key_made'),
  app_settings_unsaved: (p) => t('error.code.app_settings_unsaved', p),
  app_camera_no_start: (p) => t('error.code.app_camera_no_start', p),
  app_chosen_file_unusable: (p) => t('error.code.app_chosen_file_unusable', p),
  app_confirm_plain_export: () => t('error.code.app_confirm_plain_export'),
  app_backup_unreadable: (p) => t('error.code.app_backup_unreadable', p),
  app_not_automatic_backup: () => t('error.code.app_not_automatic_backup'),
  app_backup_gone: () => t('error.code.app_backup_gone'),
  app_no_packs_folder: () => t('error.code.app_no_packs_folder'),
  app_bad_shortcut: (p) => t('error.code.app_bad_shortcut', p),
  app_shortcuts_unavailable: (p) => t('error.code.app_shortcuts_unavailable', p),
  app_shortcut_taken: (p) => t('error.code.app_shortcut_taken', p),
  app_shortcut_unreleased: (p) => t('error.code.app_shortcut_unreleased', p),
  app_clipboard_unopened: (p) => t('error.code.app_clipboard_unopened', p),
  app_clipboard_unwritable: (p) => t('error.code.app_clipboard_unwritable', p),
  app_sync_password_opens_nothing: () => t('error.code.app_sync_password_opens_nothing'),
};

/** Kinds whose every message says the same thing: the catalog's sentence replaces the core's. */
const GENERIC = {
  wrong_password: () => t('error.wrong_password'),
  locked: () => t('error.locked'),
  password_needed: () => t('error.password_needed'),
  busy: () => t('error.busy'),
  not_found: () => t('error.not_found'),
  wrong_recovery_key: () => t('error.wrong_recovery_key'),
  confirm_password: () => t('error.confirm_password'),
} satisfies Partial<Record<ApiError['kind'], () => string>>;

/** Kinds whose message carries a detail: a lead in the reader's language, the core's detail after it. */
const WITH_DETAIL: Record<Exclude<ApiError['kind'], keyof typeof GENERIC>, (detail: string) => string> = {
  weak_password: (detail) => t('error.weak_password', { detail }),
  import_password: (detail) => t('error.import_password', { detail }),
  backup_password: (detail) => t('error.backup_password', { detail }),
  backup: (detail) => t('error.backup', { detail }),
  bad_input: (detail) => t('error.bad_input', { detail }),
  vault: (detail) => t('error.vault', { detail }),
  keyring: (detail) => t('error.keyring', { detail }),
  system: (detail) => t('error.system', { detail }),
};

/** A sentence (or two) for a person about an error from a command. */
export function errorText(e: ApiError): string {
  const worded = e.words && CODES[e.words.code];
  if (worded) return worded(e.words?.params ?? {}).replace(/([.!?])\.$/, '$1');
  if (e.kind in GENERIC) return GENERIC[e.kind as keyof typeof GENERIC]();
  const withDetail = WITH_DETAIL[e.kind as keyof typeof WITH_DETAIL];
  return withDetail ? withDetail(sentence(e.message)) : sentence(e.message);
}

/** Where in a source an entry was (`import::Place`), each with its words. */
const PLACES: Record<PlaceCode, (p: Params) => string> = {
  entry: (p) => t('import.place.entry', p),
  entry_named: (p) => t('import.place.entry_named', p),
  account: (p) => t('import.place.account', p),
  account_named: (p) => t('import.place.account_named', p),
  line: (p) => t('import.place.line', p),
  row: (p) => t('import.place.row', p),
  token: (p) => t('import.place.token', p),
  qr_code: () => t('import.place.qr_code'),
  authenticator: () => t('import.place.authenticator'),
};

/**
 * Where an unreadable entry was, in the reader's language, with the file's name before it when
 * the entry came from one of several; `start` capitalises a place that begins a sentence.
 */
export function placeText(e: ImportError, start = false): string {
  const worded = e.place && PLACES[e.place.code];
  if (!worded || !e.place) return e.context;
  const place = worded(e.place.params);
  const source = e.place.params.source;
  if (source !== undefined) return `${source}: ${place}`;
  return start ? place.charAt(0).toUpperCase() + place.slice(1) : place;
}

/** An entry of an import that could not be read: where, then why (the core's English when it has no words). */
export function importErrorText(e: ImportError): string {
  const worded = e.words && CODES[e.words.code];
  const why = worded ? worded(e.words?.params ?? {}).replace(/([.!?])\.$/, '$1') : sentence(e.message);
  return `${placeText(e, true)}: ${why}`;
}
