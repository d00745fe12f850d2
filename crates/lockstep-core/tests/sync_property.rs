//! Issue 15's property test: three simulated devices sync one vault through a folder that
//! delivers files late, out of order and sometimes as conflict copies. Each of 1,000 seeded
//! schedules runs random adds (some of the same account on two devices), edits, deletes, moves,
//! favorites, HOTP advances, password changes and members added and removed through the real [`Session`] and real files;
//! once delivery settles, every device must hold the same entries, no acknowledged add may be
//! lost, no deleted entry may come back, and no HOTP counter may go back.
//!
//! Reproduce one schedule: `LOCKSTEP_SYNC_SEED=<seed> LOCKSTEP_SYNC_SCHEDULES=1 cargo test -p
//! lockstep-core --test sync_property`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use lockstep_core::entry::Patch;
use lockstep_core::session::{self, Change, Credential, KdfParams, Options, Session, Store};
use lockstep_core::{uri, Error, Kind};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;
use zeroize::Zeroizing;

const DEVICES: usize = 3;

fn trace(what: std::fmt::Arguments) {
    if std::env::var_os("LOCKSTEP_SYNC_TRACE").is_some() {
        eprintln!("{what}");
    }
}

struct Device {
    vault: PathBuf,
    /// This device's view of the shared folder.
    folder: PathBuf,
}

/// A file on its way from one device's folder to another's.
struct Delivery {
    to: usize,
    name: String,
    bytes: Vec<u8>,
}

struct World {
    rng: StdRng,
    devices: Vec<Device>,
    /// Passwords ever set, newest last (a person on another device types the newest one they know).
    passwords: Vec<String>,
    in_flight: Vec<Delivery>,
    /// What each device last published, so a new version is sent once.
    sent: Vec<HashMap<String, Vec<u8>>>,
    conflicts: usize,
    /// Each device's own file in its folder, once it syncs.
    own: Vec<Option<PathBuf>>,
    /// Each device's open session, as the app keeps one (dropped now and then: the CLI opens one
    /// per command).
    sessions: Vec<Option<Session>>,
    // The oracle.
    acked_adds: HashSet<Uuid>,
    deleted: HashSet<Uuid>,
    hotp_used: HashMap<Uuid, u64>,
    /// Accounts (link) added so far, to add the same account on another device.
    links: Vec<String>,
}

fn secret(rng: &mut StdRng) -> String {
    const B32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    (0..16).map(|_| B32[rng.gen_range(0..32)] as char).collect()
}

impl World {
    fn new(root: &Path, seed: u64) -> World {
        let devices = (0..DEVICES)
            .map(|i| {
                let d = root.join(format!("device{i}"));
                std::fs::create_dir_all(d.join("folder")).unwrap();
                Device {
                    vault: d.join("vault.lockstep"),
                    folder: d.join("folder"),
                }
            })
            .collect();
        World {
            rng: StdRng::seed_from_u64(seed),
            devices,
            passwords: vec!["first correct horse battery".into()],
            in_flight: Vec::new(),
            sent: vec![HashMap::new(); DEVICES],
            conflicts: 0,
            own: vec![None; DEVICES],
            sessions: (0..DEVICES).map(|_| None).collect(),
            acked_adds: HashSet::new(),
            deleted: HashSet::new(),
            hotp_used: HashMap::new(),
            links: Vec::new(),
        }
    }

    fn store(&self, d: usize) -> Store {
        Store::new(&self.devices[d].vault)
    }

    /// Opens device `d` as a person would: with the newest password they know, else older ones.
    fn open(&self, d: usize) -> Session {
        let mut last = None;
        for (i, pw) in self.passwords.iter().enumerate().rev() {
            let cred = Credential::Password(Zeroizing::new(pw.clone()));
            match Session::open(self.store(d), Some(cred), Options::default()) {
                Ok(mut s) => {
                    // Copies sealed under another password (changed, or a member's): the people
                    // at this device know the team's passwords and give another.
                    let mut locked = s.take_sync_report().is_some_and(|r| !r.locked.is_empty());
                    for (j, other) in self.passwords.iter().enumerate().rev() {
                        if !locked {
                            break;
                        }
                        if j == i {
                            continue;
                        }
                        let cred = Credential::Password(Zeroizing::new(other.clone()));
                        locked = !s.sync_with(&cred).unwrap().locked.is_empty();
                    }
                    return s;
                }
                Err(e @ (Error::WrongPassword | Error::CredentialsChanged)) => last = Some(e),
                Err(e) => panic!("device {d} cannot open: {e}"),
            }
        }
        panic!("device {d}: no password opens it ({last:?})")
    }

    /// Queues a new version of a device's own file for the other devices.
    fn publish(&mut self, d: usize) {
        let Some(own) = self.own[d].clone() else {
            return;
        };
        let Ok(bytes) = std::fs::read(&own) else {
            return;
        };
        let name = own.file_name().unwrap().to_string_lossy().into_owned();
        if self.sent[d].get(&name) == Some(&bytes) {
            return;
        }
        self.sent[d].insert(name.clone(), bytes.clone());
        for to in (0..DEVICES).filter(|&t| t != d) {
            self.in_flight.push(Delivery {
                to,
                name: name.clone(),
                bytes: bytes.clone(),
            });
        }
    }

    /// Delivers some files in flight, in random order; some arrive as conflict copies.
    fn deliver(&mut self, all: bool) {
        self.in_flight.sort_by_key(|_| self.rng.gen::<u32>());
        let mut keep = Vec::new();
        for msg in std::mem::take(&mut self.in_flight) {
            if !all && self.rng.gen_bool(0.5) {
                keep.push(msg);
                continue;
            }
            let folder = &self.devices[msg.to].folder;
            let name = if !all && self.rng.gen_bool(0.1) {
                self.conflicts += 1;
                let stem = msg.name.trim_end_matches(".lockstep");
                format!(
                    "{stem}.sync-conflict-20261202-0000{:02}-SIM.lockstep",
                    self.conflicts % 100
                )
            } else {
                msg.name
            };
            trace(format_args!("deliver to {}: {name}", msg.to));
            std::fs::write(folder.join(name), &msg.bytes).unwrap();
        }
        self.in_flight = keep;
    }

    /// Device `d`'s session, after it merged what arrived (as the app does when the folder
    /// changes, and every command on open). A copy it cannot open means the password changed on
    /// another device: the person unlocks again with the new one.
    fn session(&mut self, d: usize) -> Session {
        let mut s = match self.sessions[d].take() {
            Some(s) if self.rng.gen_bool(0.8) => s,
            _ => {
                trace(format_args!("dev {d} opens"));
                return self.open(d);
            }
        };
        let report = s.sync_now().unwrap();
        trace(format_args!("dev {d} sync: {:?}", report));
        if report.locked.is_empty() {
            s
        } else {
            drop(s);
            self.open(d)
        }
    }

    fn step(&mut self, d: usize) {
        let mut s = self.session(d);
        let ids: Vec<(Uuid, Kind)> = s.entries().iter().map(|e| (e.id, e.kind)).collect();
        let op = self.rng.gen_range(0..100);
        match op {
            0..=24 => {
                let link = if !self.links.is_empty() && self.rng.gen_bool(0.2) {
                    self.links[self.rng.gen_range(0..self.links.len())].clone()
                } else {
                    let n = self.links.len();
                    let kind = if self.rng.gen_bool(0.3) {
                        "hotp"
                    } else {
                        "totp"
                    };
                    let link = format!(
                        "otpauth://{kind}/Issuer{n}:user{n}@example.com?secret={}&issuer=Issuer{n}&counter=0",
                        secret(&mut self.rng)
                    );
                    self.links.push(link.clone());
                    link
                };
                match s.apply(Change::Add(Box::new(uri::parse(&link).unwrap()))) {
                    Ok(a) => {
                        trace(format_args!(
                            "dev {d} add {:?}",
                            a.added
                                .iter()
                                .map(|e| (e.id, e.display_name()))
                                .collect::<Vec<_>>()
                        ));
                        self.acked_adds.extend(a.added.iter().map(|e| e.id))
                    }
                    Err(Error::Duplicate(_)) => {}
                    Err(e) => panic!("add: {e}"),
                }
            }
            25..=44 if !ids.is_empty() => {
                let (id, _) = ids[self.rng.gen_range(0..ids.len())];
                let patch = match self.rng.gen_range(0..5) {
                    0 => Patch {
                        note: Some(format!("note {}", self.rng.gen::<u16>())),
                        ..Patch::default()
                    },
                    1 => Patch {
                        tags: Some(vec![format!("t{}", self.rng.gen_range(0..5))]),
                        ..Patch::default()
                    },
                    2 => Patch {
                        favorite: Some(self.rng.gen_bool(0.5)),
                        ..Patch::default()
                    },
                    3 => Patch {
                        issuer: Some(format!("Renamed{}", self.rng.gen_range(0..50))),
                        ..Patch::default()
                    },
                    // An icon choice is content too (docs/vault-format.md, "Icons").
                    _ => Patch {
                        icon: Some(["si:gitlab", "letter", ""][self.rng.gen_range(0..3)])
                            .map(|v| (!v.is_empty()).then(|| v.to_owned())),
                        ..Patch::default()
                    },
                };
                trace(format_args!("dev {d} edit {id}"));
                s.apply(Change::Edit { id, patch }).unwrap();
            }
            45..=59 if !ids.is_empty() => {
                let (id, _) = ids[self.rng.gen_range(0..ids.len())];
                trace(format_args!("dev {d} delete {id}"));
                s.apply(Change::Delete(id)).unwrap();
                self.deleted.insert(id);
            }
            60..=69 if ids.len() > 1 => {
                let (id, _) = ids[self.rng.gen_range(0..ids.len())];
                let to = self.rng.gen_range(0..ids.len());
                trace(format_args!("dev {d} move {id} {to}"));
                s.apply(Change::Move { id, to }).unwrap();
            }
            70..=84 => {
                if let Some((id, _)) = ids.iter().find(|(_, k)| *k == Kind::Hotp) {
                    let a = s.apply(Change::AdvanceHotp(vec![*id])).unwrap();
                    for (id, _, used) in a.codes {
                        let seen = self.hotp_used.entry(id).or_insert(0);
                        *seen = (*seen).max(used + 1);
                    }
                }
            }
            85..=87 => {
                let name = format!("member{}", self.rng.gen_range(0..1000));
                let pw = format!("member password {} is long", self.passwords.len() + 1);
                trace(format_args!("dev {d} member add {name}"));
                match s.apply(Change::AddMember {
                    name,
                    password: Zeroizing::new(pw.clone()),
                }) {
                    Ok(_) => self.passwords.push(pw),
                    Err(Error::MemberExists(_)) => {}
                    Err(e) => panic!("member add: {e}"),
                }
            }
            88..=89 => {
                let others: Vec<String> = s
                    .members()
                    .into_iter()
                    .filter(|m| !m.is_you)
                    .map(|m| m.name)
                    .collect();
                if !others.is_empty() {
                    let name = others[self.rng.gen_range(0..others.len())].clone();
                    trace(format_args!("dev {d} member remove {name}"));
                    match s.apply(Change::RemoveMember { name }) {
                        Ok(_) | Err(Error::MemberRemovalRefused(_)) => {}
                        Err(e) => panic!("member remove: {e}"),
                    }
                }
            }
            90..=93 => {
                let pw = format!("password number {} is long", self.passwords.len() + 1);
                trace(format_args!("dev {d} passwd {pw}"));
                s.apply(Change::SetPassword {
                    password: Zeroizing::new(pw.clone()),
                    kdf: KdfParams::CHEAPEST,
                })
                .unwrap();
                self.passwords.push(pw);
            }
            _ => {
                // A device that only opens (merges what arrived and writes its copy).
            }
        }
        self.sessions[d] = Some(s);
        self.publish(d);
    }

    /// Delivers everything and lets every device merge, until nothing moves.
    fn settle(&mut self) {
        for _ in 0..4 {
            self.deliver(true);
            // A sync tool ends with each file's latest version everywhere, whatever order the
            // versions travelled in.
            for d in 0..DEVICES {
                self.sent[d].clear();
                self.publish(d);
            }
            self.deliver(true);
            for d in 0..DEVICES {
                let s = self.session(d);
                self.sessions[d] = Some(s);
                self.publish(d);
            }
        }
        self.deliver(true);
        for d in 0..DEVICES {
            self.sessions[d] = None;
            drop(self.open(d));
        }
    }

    fn check(&self, seed: u64) {
        let mut states = Vec::new();
        for d in 0..DEVICES {
            let s = self.open(d);
            let entries: BTreeMap<Uuid, String> = s
                .entries()
                .iter()
                .map(|e| {
                    (
                        e.id,
                        format!(
                            "{}|{}|{:?}|{}|{:?}|{}|{}|{}|{:?}|{}",
                            e.issuer,
                            e.account,
                            e.tags,
                            e.note,
                            e.icon,
                            e.favorite,
                            e.position,
                            e.counter,
                            e.kind,
                            e.secret.expose().len()
                        ),
                    )
                })
                .collect();
            let order: Vec<Uuid> = s.entries().iter().map(|e| e.id).collect();
            // No deleted entry comes back.
            for id in &self.deleted {
                assert!(
                    !entries.contains_key(id),
                    "seed {seed}: deleted {id} is back on device {d}"
                );
            }
            // No acknowledged add is lost: it is there, was deleted, or became the same account
            // under another id that is there or was deleted.
            for id in &self.acked_adds {
                if entries.contains_key(id) || self.deleted.contains(id) {
                    continue;
                }
                assert!(
                    self.merged_duplicate(&s, *id),
                    "seed {seed}: acknowledged add {id} is lost on device {d}"
                );
            }
            // No HOTP counter goes back.
            for (id, used) in &self.hotp_used {
                if let Some(e) = s.entries().iter().find(|e| e.id == *id) {
                    assert!(
                        e.counter >= *used,
                        "seed {seed}: HOTP counter of {id} went back on device {d}"
                    );
                }
            }
            states.push((entries, order));
        }
        for d in 1..DEVICES {
            assert_eq!(
                states[d].0, states[0].0,
                "seed {seed}: device {d} differs from device 0"
            );
            assert_eq!(
                states[d].1, states[0].1,
                "seed {seed}: device {d}'s order differs"
            );
        }
    }

    /// `id` was merged into another entry as the same account added twice (its tomb names the
    /// survivor), and that one is there or was deleted.
    fn merged_duplicate(&self, s: &Session, id: Uuid) -> bool {
        s.merged_into(id).is_some_and(|to| {
            s.entries().iter().any(|e| e.id == to)
                || self.deleted.contains(&to)
                || self.merged_duplicate(s, to)
        })
    }
}

fn run(seed: u64, steps: usize) -> World {
    let dir = tempfile::tempdir().unwrap();
    let mut w = World::new(dir.path(), seed);
    // Device 0 makes the vault and starts syncing; the others join from their copy of the folder.
    session::create(&w.store(0), &w.passwords[0], KdfParams::CHEAPEST).unwrap();
    let mut s = w.open(0);
    s.start_sync(&w.devices[0].folder.clone(), Some("device 0"))
        .unwrap();
    w.own[0] = Some(s.sync_config().unwrap().own_file());
    drop(s);
    w.publish(0);
    w.deliver(true);
    for d in 1..DEVICES {
        let cred = Credential::Password(Zeroizing::new(w.passwords[0].clone()));
        session::join_folder(
            &w.store(d),
            &w.devices[d].folder,
            &cred,
            Some(&format!("device {d}")),
        )
        .unwrap();
        let s = w.open(d);
        w.own[d] = Some(s.sync_config().unwrap().own_file());
        drop(s);
        w.publish(d);
    }
    for _ in 0..steps {
        let d = w.rng.gen_range(0..DEVICES);
        w.step(d);
        if w.rng.gen_bool(0.4) {
            w.deliver(false);
        }
    }
    w.settle();
    w.check(seed);
    w
}

#[test]
fn three_devices_converge_over_a_late_reordering_folder() {
    let state = tempfile::tempdir().unwrap();
    std::env::set_var("LOCKSTEP_STATE_DIR", state.path());
    let first: u64 = std::env::var("LOCKSTEP_SYNC_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261202);
    let schedules: u64 = std::env::var("LOCKSTEP_SYNC_SCHEDULES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    // Two threads (CI has two cores); each schedule is its own world.
    let threads: Vec<_> = (0..2u64)
        .map(|t| {
            std::thread::spawn(move || {
                let (mut adds, mut deletes, mut conflicts) = (0, 0, 0);
                for seed in (first..first + schedules).filter(|s| s % 2 == t) {
                    let w = run(seed, 12);
                    adds += w.acked_adds.len();
                    deletes += w.deleted.len();
                    conflicts += w.conflicts;
                }
                (adds, deletes, conflicts)
            })
        })
        .collect();
    let (mut adds, mut deletes, mut conflicts) = (0, 0, 0);
    for t in threads {
        let (a, d, c) = t
            .join()
            .expect("a schedule failed (its seed is in the message above)");
        adds += a;
        deletes += d;
        conflicts += c;
    }
    // The schedules did exercise what they claim to.
    assert!(adds > schedules as usize, "{adds} adds");
    assert!(deletes > schedules as usize / 4, "{deletes} deletes");
    assert!(conflicts > 0, "no conflict copies were delivered");
}
