//! Syncing a vault through a folder the person already syncs (Syncthing, Nextcloud, Dropbox, a
//! network share), with no server of ours (docs/sync.md). Each device writes only its own
//! encrypted copy, `<device>.lockstep`, into the folder and merges the others' copies on read
//! ([`merge`]); conflict copies made by sync tools are merged and tidied away ([`folder`]). The
//! session ([`crate::session::Session`]) does the file work; this module is the rules.

pub mod folder;
pub mod merge;

pub use folder::Config;
pub use merge::{join, stamp, Clocks, Hlc, Joined, SyncMeta, Tomb};
