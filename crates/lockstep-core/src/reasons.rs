//! The fixed reasons some [`Error`](crate::Error) cases carry, as small enums: `Display` gives the
//! English phrase the CLI prints (inside the error's sentence), `code()` the stable code the app
//! sends for the window's catalog ([`crate::words`]). Reasons that quote a system's or a
//! decoder's own text are not here: they stay strings.

use std::fmt;
use std::path::PathBuf;

/// A unit-only reason enum with, for each case, its code and its English phrase.
macro_rules! reasons {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$case_meta:meta])* $case:ident => $code:literal, $text:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$case_meta])* $case, )+
        }

        impl $name {
            /// Every case, for tests that each has words.
            pub const ALL: &'static [$name] = &[$($name::$case),+];

            /// The stable code of this reason ([`crate::words`]).
            pub fn code(self) -> &'static str {
                match self {
                    $( $name::$case => $code, )+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(match self {
                    $( $name::$case => $text, )+
                })
            }
        }
    };
}

reasons! {
    /// Why an otpauth link is malformed beyond the named parameter errors.
    UriProblem {
        /// A percent-encoded part decodes to bytes that are not UTF-8.
        NotUtf8 => "uri_not_utf8", "percent-encoded text is not valid UTF-8";
        /// Longer than any real link.
        TooLong => "uri_too_long", "the link is too long";
        /// `otpauth:///...`: no type.
        MissingType => "uri_missing_type", "the OTP type is missing";
    }
}

reasons! {
    /// Why a new password (or its absence) is refused.
    PasswordProblem {
        /// Shorter than [`crate::policy::MIN_CHARS`].
        TooShort => "password_too_short", "the password must be at least 8 characters long";
        /// The strength estimate says it is guessable.
        TooEasy => "password_too_easy",
            "the password is too easy to guess: add another word or two, uncommon ones";
        /// An encrypted export was asked for without a password.
        ExportNeedsOne => "export_needs_password", "an encrypted export needs a password";
    }
}

reasons! {
    /// Why a member's name breaks the naming rule.
    MemberNameProblem {
        /// Empty after trimming.
        Empty => "member_name_empty", "a member's name cannot be empty";
        /// Over [`crate::vault::members::MAX_NAME_CHARS`] characters.
        TooLong => "member_name_too_long", "a member's name can be at most 64 characters";
        /// Holds a tab, line break or other control character.
        ControlCharacters => "member_name_control",
            "a member's name cannot hold control characters (tabs, line breaks)";
    }
}

reasons! {
    /// Why a member cannot be removed.
    RemovalRefusal {
        /// The member holds the vault's only password.
        OnlyPassword => "member_only_password",
            "this is the vault's only password; a vault keeps at least one";
        /// The member is the one the vault was opened as.
        Yourself => "member_remove_yourself",
            "you cannot remove yourself: another member (or the recovery key) can";
    }
}

reasons! {
    /// What an operation needed of the entry it was given.
    KindMismatch {
        /// A next code was asked of a TOTP or Steam entry.
        NextCodeNeedsHotp => "next_code_needs_hotp", "only HOTP accounts have a next code";
    }
}

reasons! {
    /// What a commit found missing.
    Pending {
        /// Undo of a deletion this session did not make.
        NotDeletedHere => "nothing_deleted_here", "that account was not deleted here";
        /// A restore without a chosen backup.
        NoRestoreChosen => "no_restore_chosen", "choose a backup to restore first";
    }
}

reasons! {
    /// What an export's or backup's target path is (when it may not be written).
    ProtectedPlace {
        /// The vault file.
        VaultFile => "protected_vault_file", "the vault file itself";
        /// The vault's lock file.
        LockFile => "protected_lock_file", "the vault's lock file";
        /// A link to the vault file.
        VaultFileLink => "protected_vault_link", "the vault file itself (a link to it)";
        /// The automatic backups folder, or something inside it.
        BackupsFolder => "protected_backups_folder", "in the vault's automatic backups folder";
    }
}

reasons! {
    /// Which account field is over its limit. The code is the field's name, which the window
    /// words from its catalog (`error.field.<name>`).
    Field {
        /// The service name.
        Issuer => "issuer", "issuer";
        /// The user name.
        Account => "account", "account";
        /// The note.
        Note => "note", "note";
        /// The number of tags.
        Tags => "tags", "tags";
        /// One tag.
        Tag => "tag", "tag";
        /// The icon.
        Icon => "icon", "icon";
        /// The secret.
        Secret => "secret", "secret";
    }
}

reasons! {
    /// Why an `otpauth-migration://` link (Google Authenticator's export) cannot be decoded.
    MigrationProblem {
        /// Longer than any real export link.
        TooLong => "migration_too_long", "the link is too long";
        /// Not an export link.
        NotMigration => "migration_not_link",
            "it must start with \"otpauth-migration://offline\"";
        /// No `data=`.
        MissingData => "migration_missing_data", "the data parameter is missing";
        /// `data=` is not valid percent-encoding of UTF-8.
        BadPercent => "migration_bad_percent",
            "the data parameter is not valid percent-encoded text";
        /// `data=` is not base64.
        BadBase64 => "migration_bad_base64", "the data parameter is not valid base64";
        /// The decoded bytes are not the export's protobuf.
        NotPayload => "migration_not_payload",
            "the data is not a Google Authenticator export payload";
        /// A text file that is not UTF-8.
        NotText => "migration_not_text", "the text is not UTF-8, so it holds no export link";
        /// A text file with no export link in it.
        NoLink => "migration_no_link", "no otpauth-migration:// link found";
    }
}

/// Why the backups folder is unsafe to use.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BackupsDirProblem {
    /// A file (or something else) stands where the folder should be.
    NotAFolder,
    /// Another user owns it.
    OtherOwner {
        /// Its owner's user id.
        owner: u32,
        /// This process's user id.
        me: u32,
    },
    /// Group or others can write to it.
    WritableByOthers {
        /// Its permission bits (`mode & 0o777`).
        mode: u32,
    },
}

impl BackupsDirProblem {
    /// Every code these give ([`crate::words`]).
    pub const CODES: [&'static str; 3] = [
        "backups_not_a_folder",
        "backups_other_owner",
        "backups_writable_by_others",
    ];

    /// The stable code of this reason.
    pub fn code(&self) -> &'static str {
        match self {
            BackupsDirProblem::NotAFolder => Self::CODES[0],
            BackupsDirProblem::OtherOwner { .. } => Self::CODES[1],
            BackupsDirProblem::WritableByOthers { .. } => Self::CODES[2],
        }
    }
}

impl fmt::Display for BackupsDirProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackupsDirProblem::NotAFolder => f.write_str("it is not a folder"),
            BackupsDirProblem::OtherOwner { owner, me } => {
                write!(
                    f,
                    "it belongs to another user (user id {owner}, you are {me})"
                )
            }
            BackupsDirProblem::WritableByOthers { mode } => {
                write!(f, "other users can write to it (mode {mode:03o})")
            }
        }
    }
}

/// Why the sync folder cannot be used as asked.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SyncProblem {
    /// Joining a folder that holds no vault's copy.
    NothingToJoin {
        /// The folder.
        folder: PathBuf,
    },
    /// Nothing in the folder opens with the password given (joining).
    NothingOpens {
        /// The folder.
        folder: PathBuf,
    },
    /// The sync folder asked for is the vault's own folder.
    VaultsOwnFolder,
    /// The folder holds a copy of another vault.
    AnotherVault {
        /// The folder.
        folder: PathBuf,
        /// The other vault's copy.
        file: String,
    },
    /// A sync action on a vault that does not sync.
    NotSyncing,
    /// A device name breaks the rule.
    BadDeviceName,
    /// The system gives no folder for Lockstep's state.
    NoStateFolder,
    /// The sync settings did not serialise.
    SettingsUnwritable,
}

impl SyncProblem {
    /// Every code these give ([`crate::words`]).
    pub const CODES: [&'static str; 8] = [
        "sync_nothing_to_join",
        "sync_nothing_opens",
        "sync_vaults_own_folder",
        "sync_another_vault",
        "sync_not_syncing",
        "sync_bad_device_name",
        "sync_no_state_folder",
        "sync_settings_unwritable",
    ];

    /// The stable code of this reason.
    pub fn code(&self) -> &'static str {
        Self::CODES[match self {
            SyncProblem::NothingToJoin { .. } => 0,
            SyncProblem::NothingOpens { .. } => 1,
            SyncProblem::VaultsOwnFolder => 2,
            SyncProblem::AnotherVault { .. } => 3,
            SyncProblem::NotSyncing => 4,
            SyncProblem::BadDeviceName => 5,
            SyncProblem::NoStateFolder => 6,
            SyncProblem::SettingsUnwritable => 7,
        }]
    }
}

impl fmt::Display for SyncProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyncProblem::NothingToJoin { folder } => write!(
                f,
                "{} holds no Lockstep vault to join; on the device that has the vault, run \
                 `lockstep sync --folder` with this folder first",
                folder.display()
            ),
            SyncProblem::NothingOpens { folder } => write!(
                f,
                "nothing in {} opens with this password",
                folder.display()
            ),
            SyncProblem::VaultsOwnFolder => {
                f.write_str("choose a folder of its own for syncing, not the vault's folder")
            }
            SyncProblem::AnotherVault { folder, file } => write!(
                f,
                "{} holds another vault's copy ({file}): choose another folder, or join that \
                 vault on a computer that has none",
                folder.display()
            ),
            SyncProblem::NotSyncing => {
                f.write_str("this vault does not sync: start with `lockstep sync --folder DIR`")
            }
            SyncProblem::BadDeviceName => {
                f.write_str("a device name has 1 to 64 characters and no control characters")
            }
            SyncProblem::NoStateFolder => {
                f.write_str("this system has no folder for Lockstep's state")
            }
            SyncProblem::SettingsUnwritable => {
                f.write_str("the sync settings could not be written")
            }
        }
    }
}

/// Why a list of links, a picture or an export format cannot be used (the whole source, before
/// any entry: a peer export's own failures are [`crate::error::ImportFailure`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImportProblem {
    /// A list of links that is not UTF-8 text.
    NotText,
    /// Text with no otpauth link in it.
    NoLinks,
    /// A picture given to a build without the QR reader.
    NoQrReader,
    /// A QR export asked of a build without the QR writer.
    NoQrWriter,
    /// `--format` names no export format.
    UnknownExportFormat {
        /// What was asked for.
        name: String,
        /// The formats there are, comma-separated.
        known: String,
    },
    /// A format the session writes itself was asked of the byte writer (a bug in a shell).
    SessionWritten {
        /// The format's id.
        format: &'static str,
    },
}

impl ImportProblem {
    /// Every code these give ([`crate::words`]).
    pub const CODES: [&'static str; 6] = [
        "links_not_text",
        "no_links",
        "no_qr_reader",
        "no_qr_writer",
        "export_no_such_format",
        "export_session_written",
    ];

    /// The stable code of this reason.
    pub fn code(&self) -> &'static str {
        Self::CODES[match self {
            ImportProblem::NotText => 0,
            ImportProblem::NoLinks => 1,
            ImportProblem::NoQrReader => 2,
            ImportProblem::NoQrWriter => 3,
            ImportProblem::UnknownExportFormat { .. } => 4,
            ImportProblem::SessionWritten { .. } => 5,
        }]
    }
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportProblem::NotText => {
                f.write_str("the file is not UTF-8 text, so it is not a list of otpauth:// links")
            }
            ImportProblem::NoLinks => f.write_str("no otpauth:// links found in the file"),
            ImportProblem::NoQrReader => {
                f.write_str("this build of Lockstep cannot read QR codes in pictures")
            }
            ImportProblem::NoQrWriter => f.write_str("this build of Lockstep cannot draw QR codes"),
            ImportProblem::UnknownExportFormat { name, known } => {
                write!(f, "unknown export format \"{name}\" (one of: {known})")
            }
            ImportProblem::SessionWritten { format } => write!(
                f,
                "the {format} export is written by the vault session, not as bytes"
            ),
        }
    }
}

reasons! {
    /// What is wrong with a vault, backup or sync file that fails its checks.
    Damage {
        /// Shorter than its header says.
        Truncated => "truncated", "the file is truncated";
        /// No bytes at all.
        Empty => "empty", "the file is empty";
        /// The SHA-256 at the end does not match.
        Checksum => "checksum",
            "its checksum does not match (the file was changed, cut short or damaged)";
        /// No key slot, or more than the format allows.
        SlotCount => "slot_count", "the number of key slots is out of range";
        /// Not one password slot (version 3: more than one), or more than one recovery slot.
        SlotMix => "slot_mix",
            "a vault must have one password slot (version 3: more than one) and at most one \
             recovery slot";
        /// A key slot's length does not fit its type.
        SlotLength => "slot_length", "a key slot has the wrong length for its type";
        /// A key slot's public key is not a valid curve point.
        BadPublicKey => "bad_public_key", "a key slot has an invalid public key";
        /// A key slot opens but holds another key than the file's.
        WrongDataKey => "wrong_data_key",
            "a key slot opens with this credential but does not hold the file's data key";
        /// The payload's declared length is out of bounds.
        PayloadLength => "payload_length", "the payload length is out of range";
        /// Bytes follow the payload.
        ExtraBytes => "extra_bytes", "there are extra bytes after the payload";
        /// The payload's AEAD tag does not verify.
        PayloadAuth => "payload_auth", "the payload does not authenticate";
        /// The decrypted payload is not the JSON of a vault.
        NotEntryList => "not_entry_list", "the decrypted payload is not a valid entry list";
        /// An earlier data key in the payload is malformed.
        BadEarlierKey => "bad_earlier_key",
            "the decrypted payload has a malformed earlier data key";
        /// A member's slot id in the payload is malformed.
        BadMemberSlot => "bad_member_slot", "the decrypted payload has a malformed member slot id";
        /// An entry's digits or period are out of range.
        EntryParams => "entry_params",
            "an entry has code parameters out of range (digits or period)";
        /// A sync folder file larger than any vault.
        SyncFileTooLarge => "sync_file_too_large",
            "a file in the sync folder is too large to be a vault";
        /// A backup that is not a Lockstep file at all.
        NotLockstep => "not_lockstep", "it does not start like a Lockstep vault or backup";
    }
}

reasons! {
    /// Why a key slot operation is not possible.
    SlotProblem {
        /// Adding or removing a member in a format-1 vault.
        Format1 => "slot_format_1",
            "this vault is still in format 1: make a new recovery key first \
             (`lockstep recovery-key --rotate`), which moves it to format 2";
        /// The vault has [`crate::vault::format::MAX_SLOTS`] key slots already.
        TooMany => "slot_too_many",
            "a vault holds at most 32 key slots: remove a member or forget a device first";
        /// Re-keying a format-1 slot without its credential.
        V1NeedsCredential => "slot_v1_needs_credential",
            "a version-1 key slot cannot take a new data key without its credential";
        /// The slots would not fit the file format (a bug caught before writing).
        DoNotFit => "slot_do_not_fit",
            "the key slots do not fit the vault format (a bug: nothing was written)";
        /// The vault has no password slot.
        NoPassword => "slot_no_password", "the vault has no password slot";
        /// The vault has no recovery key slot.
        NoRecoveryKey => "slot_no_recovery_key", "the vault has no recovery key";
        /// The entries did not serialise.
        EntriesUnwritable => "slot_entries_unwritable", "the entries could not be serialised";
        /// The sync clocks did not serialise.
        ClocksUnwritable => "slot_clocks_unwritable", "the sync clocks could not be serialised";
        /// The member names did not serialise.
        MembersUnwritable => "slot_members_unwritable",
            "the member names could not be serialised";
        /// The vault file was replaced by another vault while open.
        DifferentVault => "slot_different_vault", "the file now holds a different vault";
        /// A key or copy of another vault was given.
        AnotherVault => "slot_another_vault", "the file belongs to another vault";
        /// No key remembered for this device.
        NotRemembered => "slot_not_remembered",
            "this device is not remembered (run `lockstep remember`)";
        /// The keyring's key does not open the vault.
        KeyringMismatch => "slot_keyring_mismatch",
            "the keyring item for this device does not match the vault";
        /// The keyring item is missing.
        KeyringGone => "slot_keyring_gone",
            "this device's keyring item is gone (run `lockstep remember` again)";
    }
}

/// Why an icon pack cannot be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IconPackProblem {
    /// The ZIP is larger than [`crate::icons::pack::MAX_ZIP_BYTES`].
    TooLarge {
        /// The limit, in MB.
        mb: u64,
    },
    /// Not a ZIP archive.
    NotZip,
    /// No `pack.json` in the ZIP.
    NoManifest,
    /// `pack.json` cannot be read from the ZIP.
    ManifestUnreadable,
    /// `pack.json` is larger than any real one.
    ManifestTooLarge,
    /// `pack.json` is not the JSON of a pack; the JSON parser's message.
    ManifestInvalid(String),
    /// `pack.json` names a file outside the pack.
    BadPath {
        /// The name, cut to 80 characters.
        name: String,
    },
    /// More icons than are taken.
    TooManyIcons {
        /// Icons in the pack.
        count: usize,
        /// [`crate::icons::pack::MAX_ICONS`].
        max: usize,
    },
    /// `pack.json` has no name.
    NoName,
    /// The icons together are larger than the limit.
    IconsTooLarge,
    /// No icon is PNG, JPEG or a drawing-only SVG.
    NoUsableIcon,
    /// The pack's own `pack.json` could not be written; the serialiser's message.
    Unwritable(String),
}

impl IconPackProblem {
    /// Every code these give ([`crate::words`]).
    pub const CODES: [&'static str; 12] = [
        "icon_pack_too_large",
        "icon_pack_not_zip",
        "icon_pack_no_manifest",
        "icon_pack_manifest_unreadable",
        "icon_pack_manifest_too_large",
        "icon_pack_manifest_invalid",
        "icon_pack_bad_path",
        "icon_pack_too_many_icons",
        "icon_pack_no_name",
        "icon_pack_icons_too_large",
        "icon_pack_no_usable_icon",
        "icon_pack_unwritable",
    ];

    /// The stable code of this reason.
    pub fn code(&self) -> &'static str {
        Self::CODES[match self {
            IconPackProblem::TooLarge { .. } => 0,
            IconPackProblem::NotZip => 1,
            IconPackProblem::NoManifest => 2,
            IconPackProblem::ManifestUnreadable => 3,
            IconPackProblem::ManifestTooLarge => 4,
            IconPackProblem::ManifestInvalid(_) => 5,
            IconPackProblem::BadPath { .. } => 6,
            IconPackProblem::TooManyIcons { .. } => 7,
            IconPackProblem::NoName => 8,
            IconPackProblem::IconsTooLarge => 9,
            IconPackProblem::NoUsableIcon => 10,
            IconPackProblem::Unwritable(_) => 11,
        }]
    }
}

impl fmt::Display for IconPackProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IconPackProblem::TooLarge { mb } => write!(f, "the file is larger than {mb} MB"),
            IconPackProblem::NotZip => f.write_str("the file is not a ZIP archive"),
            IconPackProblem::NoManifest => {
                f.write_str("the ZIP has no pack.json (is it an Aegis icon pack?)")
            }
            IconPackProblem::ManifestUnreadable => f.write_str("pack.json cannot be read"),
            IconPackProblem::ManifestTooLarge => f.write_str("pack.json is too large"),
            IconPackProblem::ManifestInvalid(e) => write!(f, "pack.json is not valid: {e}"),
            IconPackProblem::BadPath { name } => write!(
                f,
                "pack.json names the file \"{name}\", which is not a plain path inside the pack"
            ),
            IconPackProblem::TooManyIcons { count, max } => {
                write!(f, "the pack has {count} icons; at most {max} are taken")
            }
            IconPackProblem::NoName => f.write_str("pack.json gives the pack no name"),
            IconPackProblem::IconsTooLarge => {
                f.write_str("the pack's icons are too large altogether")
            }
            IconPackProblem::NoUsableIcon => {
                f.write_str("the pack has no icon that can be used (PNG, JPEG or SVG)")
            }
            IconPackProblem::Unwritable(e) => f.write_str(e),
        }
    }
}

/// Why a picture cannot be an entry's icon.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IconProblem {
    /// Larger than [`crate::icons::picture::MAX_FILE_BYTES`].
    TooLarge {
        /// The limit, in MB.
        mb: usize,
    },
    /// Neither PNG nor JPEG.
    NotPngOrJpeg,
    /// Not a picture at all.
    NotAPicture,
    /// The image library cannot read it; its message.
    Unreadable(String),
    /// The image library cannot encode the small copy; its message.
    Unwritable(String),
}

impl IconProblem {
    /// Every code these give ([`crate::words`]).
    pub const CODES: [&'static str; 5] = [
        "icon_too_large",
        "icon_not_png_or_jpeg",
        "icon_not_a_picture",
        "icon_unreadable",
        "icon_unwritable",
    ];

    /// The stable code of this reason.
    pub fn code(&self) -> &'static str {
        Self::CODES[match self {
            IconProblem::TooLarge { .. } => 0,
            IconProblem::NotPngOrJpeg => 1,
            IconProblem::NotAPicture => 2,
            IconProblem::Unreadable(_) => 3,
            IconProblem::Unwritable(_) => 4,
        }]
    }
}

impl fmt::Display for IconProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IconProblem::TooLarge { mb } => write!(f, "the file is larger than {mb} MB"),
            IconProblem::NotPngOrJpeg => f.write_str("only PNG and JPEG pictures can be icons"),
            IconProblem::NotAPicture => f.write_str("not a picture"),
            IconProblem::Unreadable(e) => write!(f, "the picture cannot be read ({e})"),
            IconProblem::Unwritable(e) => write!(f, "the picture cannot be written again ({e})"),
        }
    }
}
