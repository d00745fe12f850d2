//! The fixed reasons some [`Error`](crate::Error) cases carry, as small enums: `Display` gives the
//! English phrase the CLI prints (inside the error's sentence), `code()` the stable code the app
//! sends for the window's catalog ([`crate::words`]). Text that is wholly a system's or a
//! library's (an I/O error, the keyring's message) is not here: it stays a string in its error
//! case. The reasons that carry values (a path, a count, a library's message) are in
//! `valued.rs`; why a peer's export is refused, in `import.rs`.

use std::fmt;

mod valued;

pub use import::{EncodedPart, EntrySkipped, ImportReason};
pub use valued::{BackupsDirProblem, IconPackProblem, IconProblem, ImportProblem, SyncProblem};

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

// After the macro, which it uses.
mod import;

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
