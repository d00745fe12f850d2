//! The reasons that carry values (a folder, a count, a file's name, a library's message): each
//! enum's `Display` is the CLI's English phrase, `code()` its catalog code, and
//! `crate::words` sends the values beside it.

use std::fmt;
use std::path::PathBuf;

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
