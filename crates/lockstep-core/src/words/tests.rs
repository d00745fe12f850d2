//! Each code [`Error::words`] gives, checked against the English sentence `Display` gives.

use super::*;
use crate::error::{Damage, Field};
use std::path::PathBuf;

/// One error of every case that has words, with each one's code and values checked against
/// the English sentence `Display` gives (written here).
#[test]
fn every_code_is_given_once_and_carries_the_values_of_its_sentence() {
    let p = PathBuf::from("/v/vault.lockstep");
    let mut cases: Vec<Error> = vec![
        Error::NotOtpauth,
        Error::UnknownOtpType("totpx".into()),
        Error::MissingSecret,
        Error::BadSecret,
        Error::UnknownAlgorithm("SHA3".into()),
        Error::BadDigits("5".into()),
        Error::BadPeriod("0".into()),
        Error::BadCounter("-1".into()),
        Error::MissingCounter,
        Error::WrongPassword,
        Error::WrongRecoveryKey,
        Error::MalformedRecoveryKey,
        Error::NotAVault(p.clone()),
        Error::UnsupportedVersion {
            found: 9,
            supported: 2,
        },
        Error::UnsupportedSlot(7),
        Error::VaultMissing(p.clone()),
        Error::VaultExists(p.clone()),
        Error::VaultBusy(10),
        Error::MemberExists("Ann".into()),
        Error::NoSuchMember("Bo".into()),
        Error::NoMatch("git".into()),
        Error::Ambiguous {
            query: "g".into(),
            count: 3,
        },
        Error::Duplicate("GitHub (me)".into()),
        Error::Random,
        Error::ImageTooLarge {
            source_name: "a.png".into(),
            w: 20000,
            h: 20000,
            limit: 100,
        },
        Error::NotAnImage("a.txt".into()),
        Error::EmptyImage("b.png".into()),
        Error::CameraUnavailable,
        Error::CameraTimeout { seconds: 60 },
        Error::CameraIncomplete {
            seconds: 60,
            read: 1,
            total: 3,
            missing: "2, 3".into(),
        },
        Error::QrTooLong(5000),
        Error::PasswordNeeded,
        Error::BackupPasswordNeeded,
        Error::WrongBackupPassword,
        Error::VaultTooLarge { size: 10, limit: 5 },
        Error::CredentialsChanged,
        ImportFailure::UnknownFormat {
            known: "a, b".into(),
        }
        .into(),
        ImportFailure::MissingPassword { format: "Aegis" }.into(),
        ImportFailure::WrongPassword { format: "Aegis" }.into(),
        ImportFailure::Cancelled { format: "Aegis" }.into(),
        ImportFailure::BadContent {
            format: "Aegis",
            reason: ImportReason::NoDb,
        }
        .into(),
        ImportFailure::Unsupported {
            format: "Aegis",
            reason: ImportReason::DatabaseVersion { version: 9 },
        }
        .into(),
        ImportFailure::TooCostly {
            format: "Aegis",
            reason: ImportReason::AegisScryptCost {
                n: 1 << 30,
                r: 8,
                p: 1,
            },
        }
        .into(),
        ImportFailure::NoSuchFormat {
            name: "x".into(),
            known: "a, b".into(),
        }
        .into(),
        Error::FieldTooLong {
            field: Field::Issuer,
            len: 300,
            limit: 256,
        },
        Error::CorruptVault(Damage::Checksum),
        Error::CorruptBackup(Damage::NotLockstep),
    ];
    cases.extend(UriProblem::ALL.iter().map(|&r| Error::MalformedUri(r)));
    cases.extend(PasswordProblem::ALL.iter().map(|&r| Error::WeakPassword(r)));
    cases.extend(
        MemberNameProblem::ALL
            .iter()
            .map(|&r| Error::BadMemberName(r)),
    );
    cases.extend(
        RemovalRefusal::ALL
            .iter()
            .map(|&r| Error::MemberRemovalRefused(r)),
    );
    cases.extend(KindMismatch::ALL.iter().map(|&r| Error::WrongKind(r)));
    cases.extend(Pending::ALL.iter().map(|&r| Error::NothingPending(r)));
    cases.extend(
        ProtectedPlace::ALL
            .iter()
            .map(|&what| Error::ProtectedPath {
                path: p.clone(),
                what,
            }),
    );
    cases.extend(
        MigrationProblem::ALL
            .iter()
            .map(|&r| Error::BadMigration(r)),
    );
    let dir = PathBuf::from("/home/me/.local/share/lockstep/backups");
    cases.extend(
        [
            BackupsDirProblem::NotAFolder,
            BackupsDirProblem::OtherOwner { owner: 0, me: 1000 },
            BackupsDirProblem::WritableByOthers { mode: 0o777 },
        ]
        .map(|why| Error::UnsafeBackupsDir {
            path: dir.clone(),
            why,
        }),
    );
    let folder = PathBuf::from("/home/me/Sync");
    cases.extend(
        [
            SyncProblem::NothingToJoin {
                folder: folder.clone(),
            },
            SyncProblem::NothingOpens {
                folder: folder.clone(),
            },
            SyncProblem::VaultsOwnFolder,
            SyncProblem::AnotherVault {
                folder,
                file: "abc.lockstep-sync".into(),
            },
            SyncProblem::NotSyncing,
            SyncProblem::BadDeviceName,
            SyncProblem::NoStateFolder,
            SyncProblem::SettingsUnwritable,
        ]
        .map(Error::SyncFolder),
    );
    cases.extend(
        [
            ImportProblem::NotText,
            ImportProblem::NoLinks,
            ImportProblem::NoQrReader,
            ImportProblem::NoQrWriter,
            ImportProblem::UnknownExportFormat {
                name: "csv".into(),
                known: "aegis, otpauth".into(),
            },
            ImportProblem::SessionWritten { format: "lockstep" },
        ]
        .map(Error::Import),
    );
    cases.extend(SlotProblem::ALL.iter().map(|&r| Error::Slot(r)));
    cases.extend(
        [
            IconPackProblem::TooLarge { mb: 64 },
            IconPackProblem::NotZip,
            IconPackProblem::NoManifest,
            IconPackProblem::ManifestUnreadable,
            IconPackProblem::ManifestTooLarge,
            IconPackProblem::ManifestInvalid("expected value at line 1 column 1".into()),
            IconPackProblem::BadPath {
                name: "../evil.png".into(),
            },
            IconPackProblem::TooManyIcons {
                count: 10_001,
                max: 10_000,
            },
            IconPackProblem::NoName,
            IconPackProblem::IconsTooLarge,
            IconPackProblem::NoUsableIcon,
            IconPackProblem::Unwritable("out of memory".into()),
        ]
        .map(Error::IconPack),
    );
    cases.extend(
        [
            IconProblem::TooLarge { mb: 8 },
            IconProblem::NotPngOrJpeg,
            IconProblem::NotAPicture,
            IconProblem::Unreadable("truncated".into()),
            IconProblem::Unwritable("no memory".into()),
        ]
        .map(|why| Error::BadIcon {
            source_name: "logo.gif".into(),
            why,
        }),
    );
    let mut codes: Vec<&str> = cases.iter().map(|e| e.words().unwrap().code).collect();
    let skipped = [
        EntrySkipped::InTrash,
        EntrySkipped::RowTypes,
        EntrySkipped::RowUnparsable {
            detail: "found record with 2 fields, but the previous record has 5 fields".into(),
        },
    ];
    codes.extend(skipped.iter().map(|s| s.words().code));
    for s in &skipped {
        let sentence = s.to_string();
        for (name, value) in s.words().params {
            let shown = value.as_str().unwrap().to_owned();
            assert!(sentence.contains(&shown), "{name}={shown} in {sentence:?}");
        }
    }
    assert_eq!(codes, super::codes());
    let mut once = codes.clone();
    once.sort_unstable();
    once.dedup();
    assert_eq!(once.len(), codes.len(), "a code given twice");
    // Every value a sentence shows is among the params (the English sentence is Display).
    for e in &cases {
        let w = e.words().unwrap();
        let sentence = e.to_string();
        for (name, value) in &w.params {
            // An import failure's reason is sent as its code (the test below checks those).
            if *name == "why" {
                continue;
            }
            let shown = value
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| value.to_string());
            // A damage is sent as its code, and the sentence shows its phrase.
            let shown = match Damage::ALL
                .iter()
                .find(|d| *name == "reason" && d.code() == shown)
            {
                Some(d) => d.to_string(),
                None => shown,
            };
            assert!(
                sentence.contains(&shown),
                "{}: {name}={shown} in {sentence:?}",
                w.code
            );
        }
    }
    assert_eq!(
        serde_json::to_value(
            Error::Ambiguous {
                query: "g".into(),
                count: 3
            }
            .words()
        )
        .unwrap(),
        json!({"code": "ambiguous", "params": {"query": "g", "count": 3}})
    );
    assert_eq!(
        Error::Io {
            action: "reading",
            path: p,
            source: std::io::Error::other("x")
        }
        .words(),
        None
    );
}

/// The CLI prints `Display`: the reasons' phrases are the sentences it printed while they were
/// strings (written here as they were).
#[test]
fn the_cli_keeps_its_sentences() {
    assert_eq!(
        Error::WeakPassword(PasswordProblem::TooShort).to_string(),
        "the password must be at least 8 characters long"
    );
    assert_eq!(
        Error::FieldTooLong {
            field: Field::Tags,
            len: 40,
            limit: 32
        }
        .to_string(),
        "the tags is too long (40; the most Lockstep stores is 32)"
    );
    assert_eq!(
        Error::ProtectedPath {
            path: "/v/x".into(),
            what: ProtectedPlace::BackupsFolder
        }
        .to_string(),
        "choose another place: /v/x is in the vault's automatic backups folder"
    );
    assert_eq!(
        Error::UnsafeBackupsDir {
            path: "/b".into(),
            why: BackupsDirProblem::WritableByOthers { mode: 0o775 }
        }
        .to_string(),
        "the backups folder /b is unsafe: other users can write to it (mode 775); make it yours \
         and private (`chmod 700`), or move it away so Lockstep creates a new one"
    );
    assert_eq!(
        Error::CorruptBackup(Damage::NotLockstep).to_string(),
        "the backup file is damaged or not a Lockstep backup: it does not start like a Lockstep \
         vault or backup"
    );
    assert_eq!(
        Error::SyncFolder(SyncProblem::AnotherVault {
            folder: "/s".into(),
            file: "a.lockstep".into()
        })
        .to_string(),
        "/s holds another vault's copy (a.lockstep): choose another folder, or join that vault on \
         a computer that has none"
    );
    assert_eq!(
        Error::Slot(SlotProblem::Format1).to_string(),
        "this vault is still in format 1: make a new recovery key first (`lockstep recovery-key \
         --rotate`), which moves it to format 2"
    );
    assert_eq!(
        Error::Import(ImportProblem::UnknownExportFormat {
            name: "csv".into(),
            known: "aegis, otpauth".into()
        })
        .to_string(),
        "unknown export format \"csv\" (one of: aegis, otpauth)"
    );
}

/// An export a peer wrote badly: the failure's code, the format, the reason's code and its
/// values, for real calls; the CLI's sentence as it was (written here).
#[test]
fn an_import_failure_sends_its_reason_as_a_code_with_its_values() {
    let mut codes = ImportReason::CODES.to_vec();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(
        codes.len(),
        ImportReason::CODES.len(),
        "a reason's code given twice"
    );

    let read = |bytes: &[u8], format: &str| {
        crate::import::read_detected(bytes, Some(format), None)
            .map(drop)
            .unwrap_err()
    };
    let e = read(
        br#"{"version": 1, "header": {}, "db": {"version": 9}}"#,
        "aegis",
    );
    assert_eq!(
        e.to_string(),
        "this Aegis export uses something Lockstep does not support: database version 9"
    );
    assert_eq!(
        serde_json::to_value(e.words()).unwrap(),
        json!({"code": "import_unsupported",
               "params": {"format": "Aegis", "why": "database_version", "version": 9}})
    );
    // Where the JSON parser stops, as serde_json itself reports it.
    let cut = br#"{"version": 1, "header""#;
    let parser = serde_json::from_slice::<Value>(cut).unwrap_err();
    let e = read(cut, "aegis");
    assert_eq!(
        e.to_string(),
        format!(
            "this is not a valid Aegis export: the JSON does not parse (line {}, column {})",
            parser.line(),
            parser.column()
        )
    );
    assert_eq!(
        serde_json::to_value(e.words()).unwrap(),
        json!({"code": "import_bad_content",
               "params": {"format": "Aegis", "why": "json_unparsable",
                          "line": parser.line(), "column": parser.column()}})
    );
    // A part that is not base64 is sent as its code too.
    let e = read(
        br#"{"version": 1, "salt": "not base64!", "content": "AAAA"}"#,
        "proton",
    );
    assert_eq!(
        e.to_string(),
        "this is not a valid Proton Authenticator export: the salt is not valid base64"
    );
    assert_eq!(
        serde_json::to_value(e.words()).unwrap(),
        json!({"code": "import_bad_content",
               "params": {"format": "Proton Authenticator", "why": "not_base64", "part": "salt"}})
    );
    // A cost refused before any work: the values are the file's and the format's.
    let e: Error = ImportFailure::TooCostly {
        format: "Aegis",
        reason: ImportReason::TooManyPasswordSlots { count: 9, max: 8 },
    }
    .into();
    assert_eq!(
        e.to_string(),
        "this Aegis export is refused: it has 9 password slots; Aegis writes one, and Lockstep \
         tries at most 8"
    );
    // The phrases written over two source lines read as they did on one.
    assert_eq!(
        ImportReason::AegisScryptCost { n: 1 << 20, r: 8, p: 1 }.to_string(),
        "a password slot asks for scrypt N = 1048576, r = 8, p = 1; Aegis writes N = 32768, r = 8, p = 1"
    );
    assert_eq!(
        ImportReason::EnteArgon2Cost { mem: 1 << 31, ops: 3 }.to_string(),
        "it asks for Argon2id with 2147483648 bytes of memory and 3 passes; Ente uses at most 1 GiB, and at most 1 GiB × 4 passes of work"
    );
    assert_eq!(
        e.words().unwrap().params,
        BTreeMap::from([
            ("format", json!("Aegis")),
            ("why", json!("too_many_password_slots")),
            ("count", json!(9)),
            ("max", json!(8)),
        ])
    );
}
