//! Vault benchmarks (docs/performance.md, "Vault"): load and save of a 1,000-entry vault with the
//! KDF excluded, unlock with the default Argon2id cost, codes for 1,000 entries, and unlock of a
//! vault with members (a password slot each: a wrong password costs one Argon2id run per member).
//! Run with `cargo bench -p lockstep-core --bench vault` (or `cargo xtask bench`).

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use lockstep_core::vault::{Envelope, KdfParams, Store, Unlocked};
use lockstep_core::{Credential, Entry, Secret, Vault};
use zeroize::Zeroizing;

const ENTRIES: usize = 1_000;
const PASSWORD: &str = "correct horse battery staple";
/// A fixed clock: 2026-01-01T00:00:00Z.
const NOW: u64 = 1_767_225_600;
/// The least cost `init` accepts; used where the KDF is not what is measured.
const CHEAP: KdfParams = KdfParams::CHEAPEST;

/// A vault of `ENTRIES` realistic TOTP accounts (20-byte secrets, a tag, a note on some).
fn vault_with_entries(kdf: KdfParams) -> Unlocked {
    let (mut u, _recovery) = Unlocked::create(PASSWORD, kdf).expect("create a vault");
    for i in 0..ENTRIES {
        let secret: Vec<u8> = (0..20u32)
            .map(|j| (i as u32).wrapping_mul(31).wrapping_add(j * 7) as u8)
            .collect();
        let link = format!(
            "otpauth://totp/Issuer%20{i}:user{i}%40example.com?secret={}&issuer=Issuer%20{i}",
            &*Secret::from_bytes(secret).expect("20 bytes").to_base32()
        );
        let mut e = Entry::from_account(lockstep_core::uri::parse(&link).expect("valid"), NOW)
            .expect("valid entry");
        e.tags = vec!["work".into()];
        if i % 10 == 0 {
            e.note = "backup codes are in the drawer".into();
        }
        u.vault.push(e);
    }
    u
}

fn load_and_save(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::new(dir.path().join("vault.lockstep"));
    let mut unlocked = vault_with_entries(CHEAP);
    let guard = store.lock().expect("lock");
    store.save(&guard, &mut unlocked).expect("save");
    let bytes = std::fs::read(store.path()).expect("read back");
    let env = Envelope::parse(&bytes, store.path()).expect("parse");
    // The KDF runs once here, outside the measurements: load and save reuse the data key.
    let data_key = env.unlock_password(PASSWORD.as_bytes()).expect("unlock");
    eprintln!("1,000-entry vault file: {} bytes", bytes.len());

    let mut g = c.benchmark_group("vault_1000");
    g.bench_function("load (parse + decrypt + JSON)", |b| {
        b.iter(|| {
            let env = Envelope::parse(black_box(&bytes), Path::new("vault")).expect("parse");
            let u = Unlocked::open_with_key(&env, data_key.clone()).expect("open");
            assert_eq!(u.vault.entries.len(), ENTRIES);
            u
        })
    });
    // Where load's time goes.
    g.bench_function("load: parse only (checksum, bounds)", |b| {
        b.iter(|| Envelope::parse(black_box(&bytes), Path::new("vault")).expect("parse"))
    });
    g.bench_function("load: payload AES-GCM only", |b| {
        b.iter(|| env.open_payload(black_box(&data_key)).expect("open"))
    });
    let plain = env.open_payload(&data_key).expect("open");
    g.bench_function("load: JSON to entries only", |b| {
        b.iter(|| serde_json::from_slice::<Vault>(black_box(&plain)).expect("entries"))
    });
    g.bench_function("seal + to_bytes (in memory)", |b| {
        b.iter(|| unlocked.seal(NOW).expect("seal").to_bytes())
    });
    g.bench_function("save (seal + to_bytes + atomic write)", |b| {
        b.iter(|| store.save(&guard, &mut unlocked).expect("save"))
    });
    // The floor of `save` on this disk: the same bytes through temp file, fsync, rename and
    // directory fsync, with no crypto (what docs/vault-format.md, "Atomic save", requires).
    let floor_dir = tempfile::tempdir().expect("temp dir");
    g.bench_function("write + fsync + rename + fsync dir only", |b| {
        b.iter(|| {
            let tmp = floor_dir.path().join(".vault.tmp");
            let mut f = std::fs::File::create(&tmp).expect("create");
            std::io::Write::write_all(&mut f, &bytes).expect("write");
            f.sync_all().expect("fsync");
            drop(f);
            std::fs::rename(&tmp, floor_dir.path().join("vault")).expect("rename");
            std::fs::File::open(floor_dir.path())
                .and_then(|d| d.sync_all())
                .expect("fsync dir");
        })
    });
    g.bench_function("codes for 1,000 entries", |b| {
        b.iter(|| {
            unlocked
                .vault
                .entries
                .iter()
                .map(|e| e.otp().code_at(black_box(NOW)))
                .collect::<Vec<_>>()
        })
    });
    g.finish();
}

fn unlock_default(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::new(dir.path().join("vault.lockstep"));
    let mut unlocked = vault_with_entries(KdfParams::DEFAULT);
    let guard = store.lock().expect("lock");
    store.save(&guard, &mut unlocked).expect("save");
    drop(guard);
    let credential = Credential::Password(Zeroizing::new(PASSWORD.to_owned()));

    let mut g = c.benchmark_group("vault_unlock");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(10));
    g.bench_function("unlock 1,000 entries, Argon2id m=64MiB t=3 p=4", |b| {
        b.iter(|| store.unlock(&credential).expect("unlock"))
    });
    g.finish();
}

/// Docs/performance.md, "Members": unlock with the default cost when the vault has 1 (the owner),
/// 3 and 5 password slots: the last member's password (every slot tried, the last opens) and a
/// wrong password (every slot tried, none opens).
fn unlock_members(c: &mut Criterion) {
    let mut g = c.benchmark_group("vault_members");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(10));
    for members in [1usize, 3, 5] {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::new(dir.path().join("vault.lockstep"));
        let (mut unlocked, _) = Unlocked::create(PASSWORD, KdfParams::DEFAULT).expect("create");
        let mut last = PASSWORD.to_owned();
        for i in 1..members {
            last = format!("member {i} of the team, {PASSWORD}");
            unlocked
                .add_member(&format!("member {i}"), &last, NOW)
                .expect("add a member");
        }
        let guard = store.lock().expect("lock");
        store.save(&guard, &mut unlocked).expect("save");
        drop(guard);
        let right = Credential::Password(Zeroizing::new(last));
        let wrong = Credential::Password(Zeroizing::new("not anyone's password".to_owned()));
        g.bench_function(
            format!("{members} password slots: the last member's password"),
            |b| b.iter(|| store.unlock(&right).expect("unlock")),
        );
        g.bench_function(format!("{members} password slots: a wrong password"), |b| {
            b.iter(|| store.unlock(&wrong).expect_err("wrong"))
        });
    }
    g.finish();
}

criterion_group!(benches, load_and_save, unlock_default, unlock_members);
criterion_main!(benches);
