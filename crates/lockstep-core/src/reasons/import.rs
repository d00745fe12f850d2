//! Why a peer's export cannot be imported (inside `ImportFailure::BadContent`, `Unsupported`
//! and `TooCostly`), as one enum: `Display` is the phrase the CLI prints after the failure's
//! lead, unchanged; `code()` the catalog code the window words it by
//! (`error.code.import_reason.<code>`), with the values beside it (`values()`). A part of a file
//! that is not valid base64 or hex is named by [`EncodedPart`], worded by its own phrase. An
//! entry left out while the rest is read says why with [`EntrySkipped`].

use std::fmt;

use serde_json::{json, Value};

/// A reason enum whose cases may carry values: each case's code and its English phrase, a
/// format string over the case's fields.
macro_rules! valued_reasons {
    (
        $(#[$meta:meta])*
        $name:ident {
            $(
                $(#[$case_meta:meta])*
                $case:ident $({ $($field:ident: $ty:ty),+ })? => $code:literal, $text:literal;
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$case_meta])* $case $({ $(#[allow(missing_docs)] $field: $ty),+ })?, )+
        }

        impl $name {
            /// Every code these give ([`crate::words`]).
            pub const CODES: &'static [&'static str] = &[$($code),+];

            /// The stable code of this reason.
            pub fn code(&self) -> &'static str {
                match self {
                    $( $name::$case { .. } => $code, )+
                }
            }

            /// The values its phrase shows, by placeholder name.
            pub fn values(&self) -> Vec<(&'static str, Value)> {
                match self {
                    $( $name::$case $({ $($field),+ })? => {
                        vec![$($( (stringify!($field), json!($field)) ),+)?]
                    } )+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    $( $name::$case $({ $($field),+ })? => write!(f, $text), )+
                }
            }
        }
    };
}

reasons! {
    /// A part of an export that should be base64 or hex and is not. The code is sent as the
    /// reason's `part` value and worded by `error.code.import_part.<code>`.
    EncodedPart {
        /// Microsoft Authenticator: an account's key.
        TheKey => "the_key", "the key";
        /// TOTP Authenticator: an entry's key.
        AKey => "a_key", "a key";
        /// Aegis: a key slot's salt.
        SlotSalt => "slot_salt", "a slot's salt";
        /// Aegis: a key slot's wrapped key.
        SlotKey => "slot_key", "a slot's key";
        /// Aegis: a key slot's tag.
        SlotTag => "slot_tag", "a slot's tag";
        /// Aegis: a key slot's nonce.
        SlotNonce => "slot_nonce", "a slot's nonce";
        /// Aegis: the encrypted database.
        Db => "db", "db";
        /// Aegis: the database's tag.
        DbTag => "db_tag", "the db tag";
        /// Aegis: the database's nonce.
        DbNonce => "db_nonce", "the db nonce";
        /// Authy: a token's IV.
        UniqueIv => "unique_iv", "unique_iv";
        /// Authy: a token's encrypted secret.
        EncryptedSecret => "encrypted_secret", "the encrypted secret";
        /// Proton, Ente, 2FAS: the salt.
        Salt => "salt", "the salt";
        /// Proton: the encrypted content.
        Content => "content", "the content";
        /// Steam: a whole file (an encrypted .maFile).
        File => "file", "file";
        /// Steam: an account's shared_secret.
        SharedSecret => "shared_secret", "shared_secret";
        /// Ente: the stream's header.
        EncryptionNonce => "encryption_nonce", "encryptionNonce";
        /// Ente: the encrypted stream.
        EncryptedData => "encrypted_data", "encryptedData";
        /// 2FAS: the ciphertext.
        Ciphertext => "ciphertext", "the ciphertext";
        /// 2FAS: the IV.
        Iv => "iv", "the IV";
    }
}

impl serde::Serialize for EncodedPart {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

valued_reasons! {
    /// Why a peer's export is refused: its content is not what the format's app writes, it uses
    /// something this build does not read, or it asks for more work than that app ever does.
    ImportReason {
        /// Every JSON format: where the parser stops (never what it found: it may be a secret).
        JsonUnparsable { line: usize, column: usize } => "json_unparsable",
            "the JSON does not parse (line {line}, column {column})";
        /// Argon2id parameters outside the bounds Lockstep derives with.
        Argon2Cost { m_kib: u64, t: u64, p: u32 } => "argon2_cost",
            "Argon2id cost m = {m_kib} KiB, t = {t}, p = {p} is outside what Lockstep accepts";
        /// Argon2 refuses the parameters; its message.
        Argon2Params { detail: String } => "argon2_params", "{detail}";
        /// The key derivation failed; the library's message.
        KeyDerivation { detail: String } => "key_derivation_failed",
            "key derivation failed ({detail})";
        /// A PBKDF2 iteration count outside what Lockstep derives with.
        Pbkdf2Range { iterations: i64, max: u32 } => "pbkdf2_range",
            "{iterations} PBKDF2 iterations is outside 1..={max}";
        /// scrypt parameters outside what Lockstep derives with.
        ScryptCost { n: i64, r: i64, p: i64 } => "scrypt_cost",
            "scrypt cost N = {n}, r = {r}, p = {p} is outside what Lockstep accepts";
        /// A part of the file that should be base64 is not.
        NotBase64 { part: EncodedPart } => "not_base64", "{part} is not valid base64";
        /// A part of the file that should be hex is not.
        NotHex { part: EncodedPart } => "not_hex", "{part} is not valid hex";
        /// Any import: the file is larger than `MAX_IMPORT_BYTES`.
        FilesTooLarge { mib: usize } => "files_too_large", "files over {mib} MiB";
        /// Authy, Battle.net, Steam: the file is not UTF-8 text.
        FileNotText => "file_not_text", "the file is not text";
        /// FreeOTP's preferences file is not UTF-8 text.
        FileNotUtf8 => "file_not_utf8", "the file is not UTF-8 text";
        /// A JSON export without its list (the key it is under).
        NoList { key: &'static str } => "no_list", "there is no {key} list";
        /// Raivo, Duo, LastPass: an account lacks a field or has one of the wrong type.
        AccountFields => "account_fields", "an account does not have the expected fields";
        /// TOTP Authenticator, Stratum: an entry lacks a field or has one of the wrong type.
        EntryFields => "entry_fields", "an entry does not have the expected fields";
        /// Ente, Proton: an export version this build does not read.
        ExportVersion { version: i64 } => "export_version", "export version {version}";
        /// Aegis: a vault version other than 1.
        AegisVaultVersion => "aegis_vault_version", "only vault version 1 is known";
        /// Aegis: no header.
        NoHeader => "no_header", "there is no header";
        /// Aegis: no db.
        NoDb => "no_db", "there is no db";
        /// Aegis: an encrypted backup without key slots.
        NoKeySlots => "no_key_slots", "the encrypted backup has no key slots";
        /// Aegis: only biometric key slots.
        OnlyBiometricSlots => "only_biometric_slots",
            "the backup has no password slot (only biometric ones)";
        /// Aegis: more password slots than Lockstep tries.
        TooManyPasswordSlots { count: usize, max: usize } => "too_many_password_slots",
            "it has {count} password slots; Aegis writes one, and Lockstep tries at most {max}";
        /// Aegis: a password slot's scrypt cost above what Aegis writes.
        AegisScryptCost { n: i64, r: i64, p: i64 } => "aegis_scrypt_cost",
            "a password slot asks for scrypt N = {n}, r = {r}, p = {p}; Aegis writes N = 32768, \
             r = 8, p = 1";
        /// Aegis: the database's tag does not verify.
        DbNotAuthentic => "db_not_authentic", "the encrypted database does not authenticate";
        /// Aegis: the decrypted database is not JSON.
        DecryptedDbNotJson => "decrypted_db_not_json", "the decrypted database is not JSON";
        /// Aegis: a database version this build does not read.
        DatabaseVersion { version: i64 } => "database_version", "database version {version}";
        /// Aegis: the database has no version.
        NoDatabaseVersion => "no_database_version", "the database has no version";
        /// Aegis: the database has no entries.
        NoEntryList => "no_entry_list", "the database has no entry list";
        /// andOTP: the decrypted backup is not JSON.
        DecryptedBackupNotJson => "decrypted_backup_not_json", "the decrypted backup is not JSON";
        /// andOTP: too short for an encrypted backup.
        TooShortForEncrypted => "too_short_for_encrypted",
            "the file is too short to be an encrypted backup";
        /// andOTP: more PBKDF2 iterations than andOTP writes.
        AndOtpIterations { iterations: u32, max: u32 } => "andotp_iterations",
            "it asks for {iterations} PBKDF2 iterations; andOTP writes at most {max}";
        /// andOTP: the backup is not a list.
        BackupNotEntryList => "backup_not_entry_list", "the backup is not a list of entries";
        /// Authenticator Plus: not a ZIP archive.
        NotZip => "not_zip", "the file is not a readable ZIP archive";
        /// Authenticator Plus: no Accounts.txt in the archive.
        NoAccountsTxt => "no_accounts_txt", "the archive has no Accounts.txt";
        /// Authenticator Plus: Accounts.txt cannot be read.
        AccountsTxtUnreadable => "accounts_txt_unreadable",
            "Accounts.txt cannot be read from the archive";
        /// Authenticator Plus: Accounts.txt does not unpack.
        AccountsTxtDamaged => "accounts_txt_damaged", "Accounts.txt is damaged";
        /// Authenticator Plus: Accounts.txt over 4 MiB.
        AccountsTxtTooLarge => "accounts_txt_too_large", "an Accounts.txt over 4 MiB";
        /// Authy: the preferences file does not parse.
        PrefsUnparsable => "prefs_unparsable", "the preferences file does not parse";
        /// Authy: the token list is not a JSON list.
        TokenListNotJson => "token_list_not_json", "the token list is not a JSON list";
        /// Authy: a token lacks a field or has one of the wrong type.
        TokenFields => "token_fields", "a token does not have the expected fields";
        /// Authy: a PBKDF2 iteration count outside what Authy writes.
        AuthyIterations { iterations: i64, max: i64 } => "authy_iterations",
            "{iterations} PBKDF2 iterations (Authy writes at most {max})";
        /// Authy: a token's unique_iv is not 16 bytes.
        UniqueIv => "unique_iv", "unique_iv is not 16 bytes of hex or base64";
        /// Authy: the key or IV has the wrong length.
        KeyOrIvLength => "key_or_iv_length", "the key or IV has the wrong length";
        /// Battle.net: not an Android preferences file.
        NotAndroidPrefs => "not_android_prefs", "the file is not an Android preferences file";
        /// Battle.net: no device secret.
        NoDeviceSecret => "no_device_secret", "there is no AUTHENTICATOR_DEVICE_SECRET";
        /// Battle.net: the serial is not masked hex.
        SerialNotMaskedHex => "serial_not_masked_hex", "the serial is not masked hex";
        /// Bitwarden: an encrypted export.
        BitwardenEncrypted => "bitwarden_encrypted",
            "encrypted Bitwarden exports; export as unencrypted JSON or CSV";
        /// Bitwarden: the CSV header does not parse; the CSV parser's message.
        CsvHeader { detail: String } => "csv_header", "the CSV header does not parse ({detail})";
        /// Bitwarden: the CSV has no login_totp column.
        NoTotpColumn => "no_totp_column", "the CSV has no login_totp column";
        /// Duo: the file is not a list.
        FileNotAccountList => "file_not_account_list", "the file is not a list of accounts";
        /// Ente: no kdfParams or encryptedData.
        NoKdfParams => "no_kdf_params", "the JSON has no kdfParams/encryptedData";
        /// Ente: no memLimit.
        NoMemLimit => "no_mem_limit", "memLimit is missing";
        /// Ente: no opsLimit.
        NoOpsLimit => "no_ops_limit", "opsLimit is missing";
        /// Ente: the nonce is not 24 bytes.
        NonceLength => "nonce_length", "encryptionNonce is not 24 bytes";
        /// Ente: encryptedData is too short.
        DataTooShort => "data_too_short", "encryptedData is too short";
        /// Ente: an Argon2id cost above what Ente uses.
        EnteArgon2Cost { mem: u64, ops: u64 } => "ente_argon2_cost",
            "it asks for Argon2id with {mem} bytes of memory and {ops} passes; Ente uses at most \
             1 GiB, and at most 1 GiB × 4 passes of work";
        /// Ente: the secretstream's tag is not the final one.
        StreamTag => "stream_tag", "the encrypted stream has an unexpected tag";
        /// Ente: the decrypted export is not UTF-8 text.
        ExportNotUtf8 => "export_not_utf8", "the export is not UTF-8 text";
        /// Ente: the export holds no line.
        ExportEmpty => "export_empty", "the export is empty";
        /// FreeOTP: no masterKey.
        NoMasterKey => "no_master_key", "the backup has no masterKey";
        /// FreeOTP: masterKey is not JSON.
        MasterKeyNotJson => "master_key_not_json", "masterKey is not JSON";
        /// FreeOTP: the Java serialisation repeats references beyond the budget.
        RepeatedReferences => "repeated_references",
            "its entries repeat the same text by reference far more than a real backup does";
        /// FreeOTP: a key derivation Lockstep does not know.
        OtherKdf => "other_kdf", "a key derivation other than PBKDF2 with HMAC-SHA1/256/512";
        /// FreeOTP: the master key has no salt.
        MasterKeyNoSalt => "master_key_no_salt", "the master key has no salt";
        /// FreeOTP: more PBKDF2 iterations than FreeOTP writes.
        FreeOtpIterations { iterations: i64, writes: i64 } => "freeotp_iterations",
            "it asks for {iterations} PBKDF2 iterations; FreeOTP writes {writes}";
        /// FreeOTP: the master key's encrypted key is missing.
        MasterKeyMissing => "master_key_missing", "the master key is missing";
        /// FreeOTP: a token's secret does not decrypt.
        TokenSecretUndecryptable => "token_secret_undecryptable",
            "a token's secret does not decrypt with the master key";
        /// FreeOTP: the Java-serialised map is damaged.
        JavaMapDamaged => "java_map_damaged", "the Java-serialised map is damaged";
        /// FreeOTP: a preferences file without its map.
        NoTokenMap => "no_token_map", "there is no <map> of tokens";
        /// FreeOTP: a token is not a JSON object.
        TokenNotObject => "token_not_object", "a token is not a JSON object";
        /// Microsoft Authenticator: no accounts table.
        NoAccountsTable => "no_accounts_table",
            "the database has no accounts table with secret keys";
        /// Proton: no version.
        NoVersion => "no_version", "there is no version";
        /// Proton: the encrypted content is too short.
        ContentTooShort => "content_too_short", "the encrypted content is too short";
        /// Proton: the decrypted export is not JSON.
        DecryptedExportNotJson => "decrypted_export_not_json", "the decrypted export is not JSON";
        /// Raivo: the export is not a list.
        ExportNotAccountList => "export_not_account_list", "the export is not a list of accounts";
        /// Microsoft Authenticator, Stratum: not an SQLite database.
        NotSqlite => "not_sqlite", "the file is not an SQLite database";
        /// Microsoft Authenticator, Stratum: the database does not open.
        SqliteUnopenable => "sqlite_unopenable", "the SQLite database cannot be opened";
        /// Steam: an encrypted .maFile.
        SteamEncrypted => "steam_encrypted",
            "encrypted .maFiles (remove the encryption in Steam Desktop Authenticator first)";
        /// Steam: an account without its secret or name.
        SteamAccountFields => "steam_account_fields",
            "an account has no shared_secret or account_name";
        /// Stratum: no Authenticators list.
        NotStratumJson => "not_stratum_json",
            "the backup is not the JSON Authenticator Pro writes (no Authenticators list)";
        /// Stratum: no authenticator table.
        NoAuthenticatorTable => "no_authenticator_table", "the database has no authenticator table";
        /// Stratum: a row's columns have other types.
        RowTypes => "row_types", "a row's columns have unexpected types";
        /// Stratum: the encrypted backup is too short.
        EncryptedTooShort => "encrypted_too_short", "the encrypted backup is too short";
        /// Stratum: the legacy backup is cut short.
        LegacyTruncated => "legacy_truncated", "the legacy encrypted backup has a truncated body";
        /// Stratum: the legacy IV has the wrong length.
        LegacyIvLength => "legacy_iv_length", "the legacy IV has the wrong length";
        /// TOTP Authenticator: not base64 of whole AES blocks.
        NotAesBlocks => "not_aes_blocks", "the backup is not base64 of whole AES blocks";
        /// TOTP Authenticator: a key in another encoding.
        KeyEncoding => "key_encoding",
            "an entry's key has an encoding other than base 16, 32 or 64";
        /// 2FAS: no schemaVersion.
        NoSchemaVersion => "no_schema_version", "there is no schemaVersion";
        /// 2FAS: a schema version this build does not read.
        SchemaVersion { version: i64 } => "schema_version", "schema version {version}";
        /// 2FAS: the decrypted services are not a list.
        ServicesNotList => "services_not_list", "the decrypted services are not a list";
        /// 2FAS: servicesEncrypted is not ciphertext:salt:IV.
        ServicesEncryptedParts => "services_encrypted_parts",
            "servicesEncrypted does not have three parts";
        /// 2FAS: the decrypted services are not JSON.
        ServicesNotJson => "services_not_json", "the decrypted services are not JSON";
    }
}

valued_reasons! {
    /// Why one entry of a source was left out while the rest was read: the entry is in the
    /// app's trash, or the file's parser refuses just that row. Its code is the entry's error
    /// code ([`crate::words::codes`]).
    EntrySkipped {
        /// Ente: a line of its trash.
        InTrash => "entry_in_trash", "in Ente's trash, so not imported";
        /// Microsoft Authenticator: a row whose columns have other types.
        RowTypes => "entry_row_types", "the row's columns have unexpected types";
        /// Bitwarden: a CSV row the CSV parser refuses; its message.
        RowUnparsable { detail: String } => "entry_row_unparsable",
            "the row does not parse ({detail})";
    }
}
