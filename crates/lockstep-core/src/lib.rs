//! Lockstep's core: every rule of the domain. OTP codes ([`otp`]), otpauth links ([`uri`]), the
//! encrypted vault and its file ([`vault`]), imports of URI lists ([`import`]). No UI, no CLI.
#![forbid(unsafe_code)]
#![deny(rustdoc::broken_intra_doc_links)]

pub mod backup;
pub mod entry;
pub mod error;
pub mod export;
pub mod icons;
pub mod import;
pub mod migration;
pub mod otp;
pub mod policy;
pub mod process;
#[cfg(feature = "qr")]
pub mod qr;
pub mod reasons;
pub mod session;
pub mod sync;
pub mod uri;
pub mod vault;
pub mod words;

pub use error::{Category, Error, Result};
pub use otp::{Algorithm, Kind, OtpParams, Secret};
pub use uri::Account;
pub use vault::{Credential, Entry, KdfParams, RecoveryKey, Store, Unlocked, Vault};
