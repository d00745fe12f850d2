//! Two devices syncing one vault through a folder, each a real `lockstep` with its own folder,
//! vault file and state (as two computers with their own HOME would have), and one shared folder
//! standing in for Syncthing or Nextcloud. Codes are checked against RFC 6238's vectors.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

/// RFC 6238 appendix B, SHA-1 seed: at T = 59 the 8-digit code is 94287082.
const RFC_LINK: &str =
    "otpauth://totp/RFC:vector?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8&issuer=RFC";

struct Device {
    _dir: tempfile::TempDir,
    vault: PathBuf,
}

impl Device {
    fn new() -> Device {
        let dir = tempfile::tempdir().unwrap();
        Device {
            vault: dir.path().join("vault.lockstep"),
            _dir: dir,
        }
    }

    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut c = common::cmd(&self.vault, args);
        c.env("HOME", self.vault.parent().unwrap());
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args, &[]);
        assert!(
            out.status.success(),
            "lockstep {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn change_password(&self, new: &str) {
        let out = self.run(&["passwd"], &[("LOCKSTEP_NEW_PASSWORD", new)]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "passwd: {err}");
    }

    fn init(&self) {
        self.ok(&common::INIT_CHEAP);
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .json(&["list", "--json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                format!(
                    "{}:{}",
                    e["issuer"].as_str().unwrap(),
                    e["account"].as_str().unwrap()
                )
            })
            .collect();
        v.sort();
        v
    }

    fn add(&self, link: &str) {
        self.add_env(link, &[]);
    }

    /// `add -` with the link on standard input and `env` set.
    fn add_env(&self, link: &str, env: &[(&str, &str)]) {
        let mut c = common::cmd(&self.vault, &["add", "-"]);
        for (k, v) in env {
            c.env(k, v);
        }
        c.stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = c.spawn().unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(link.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "add: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn files(folder: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn two_devices_share_adds_edits_deletes_and_a_password_change_through_a_folder() {
    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().join("Sync");
    let folder_s = folder.to_str().unwrap();
    let (a, b) = (Device::new(), Device::new());
    a.init();
    a.add("otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub");
    a.add("otpauth://totp/Telavox:alice?secret=JBSWY3DPEHPK3PXQ&issuer=Telavox");

    // A starts; B, with no vault, joins with the password.
    a.ok(&["sync", "--folder", folder_s, "--name", "laptop"]);
    assert_eq!(files(&folder).len(), 1, "A wrote its own copy");
    let joined = b.run(&["sync", "--folder", folder_s, "--name", "desktop"], &[]);
    assert!(
        joined.status.success(),
        "{}",
        String::from_utf8_lossy(&joined.stderr)
    );
    assert!(String::from_utf8_lossy(&joined.stderr).contains("Joined the vault"));
    assert_eq!(b.names(), a.names());
    assert_eq!(
        files(&folder).len(),
        2,
        "each device writes only its own file"
    );
    // The folder holds no plain text: no account name appears in any file.
    for f in files(&folder) {
        let bytes = std::fs::read(folder.join(&f)).unwrap();
        assert!(
            !bytes.windows(6).any(|w| w == b"GitHub"),
            "{f} holds plain text"
        );
    }

    // B adds an account; A's next command merges it and its code is RFC 6238's.
    b.add(RFC_LINK);
    let report = a.json(&["sync", "--json"]);
    assert_eq!(report["changes"][0]["device"], "desktop");
    assert_eq!(report["changes"][0]["added"][0]["issuer"], "RFC");
    let code = a.json(&["code", "RFC", "--json", "--at", "59"]);
    assert_eq!(code[0]["code"], "94287082");

    // Offline on both: A tags GitHub, B deletes Telavox; then both merge.
    let github = a
        .json(&["list", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["issuer"] == "GitHub")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    a.ok(&["edit", &github, "--tags", "laptop"]);
    b.ok(&["rm", "Telavox", "--yes"]);
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    a.ok(&["sync"]);
    assert_eq!(a.names(), vec!["GitHub:alice", "RFC:vector"]);
    assert_eq!(b.names(), a.names());
    let shown = b.json(&["list", "--json"]);
    let gh = shown
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["issuer"] == "GitHub")
        .unwrap();
    assert_eq!(gh["tags"][0], "laptop", "{gh}");

    // The same account added on both devices becomes one entry.
    let same = "otpauth://totp/Portal:team?secret=JBSWY3DPEHPK3PXR&issuer=Portal";
    a.add(same);
    // A's copy has not reached B yet when B adds the same account.
    let a_copy = a.json(&["sync", "--status", "--json"])["devices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["this_device"] == true)
        .unwrap()["file"]
        .as_str()
        .unwrap()
        .to_owned();
    let away = shared.path().join("in-transit");
    std::fs::rename(&a_copy, &away).unwrap();
    b.add(same);
    std::fs::rename(&away, &a_copy).unwrap();
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    a.ok(&["sync"]);
    assert_eq!(
        a.names().iter().filter(|n| n.starts_with("Portal")).count(),
        1
    );
    assert_eq!(b.names(), a.names());

    // A conflict copy a sync tool made is merged, then moved out of the folder.
    let a_file = Path::new(&a_copy)
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let conflict = a_file.replace(
        ".lockstep",
        ".sync-conflict-20261202-101500-ABCDEFG.lockstep",
    );
    std::fs::copy(folder.join(&a_file), folder.join(&conflict)).unwrap();
    assert_eq!(files(&folder).len(), 3);
    let report = b.json(&["sync", "--json"]);
    assert_eq!(report["tidied"].as_array().unwrap().len(), 1, "{report}");
    assert!(!folder.join(&conflict).exists());
    assert!(b
        .vault
        .parent()
        .unwrap()
        .join("backups")
        .join(format!("sync-conflict-{conflict}"))
        .exists());

    // A changes the password; B's old one still opens B's own file, and says a copy needs the
    // new one; with the new one B takes the new keys, after which the old one opens nothing.
    a.change_password("a brand new passphrase");
    b.add("otpauth://totp/Offline:bob?secret=JBSWY3DPEHPK3PXS&issuer=Offline");
    let out = b.run(&["list"], &[]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("needs the password set on another device")
    );
    let new_pw = [("LOCKSTEP_PASSWORD", "a brand new passphrase")];
    let out = b.run(&["list", "--json"], &new_pw);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("password was changed on another device"));
    let out = b.run(&["list"], &[]);
    assert_eq!(out.status.code(), Some(2), "the old password must fail now");
    // A sees B's offline add with its own (new) password.
    let out = a.run(&["list", "--json"], &new_pw);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Offline"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Stopping leaves the folder; `sync` then says the vault does not sync.
    let out = b.run(&["sync", "--off"], &new_pw);
    assert!(out.status.success());
    let out = b.run(&["sync"], &new_pw);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not sync"));
}

#[test]
fn a_folder_with_another_vault_or_nothing_to_join_is_refused_and_changes_nothing() {
    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().join("Sync");
    let folder_s = folder.to_str().unwrap();
    let (a, b, c) = (Device::new(), Device::new(), Device::new());
    // Nothing to join.
    std::fs::create_dir_all(&folder).unwrap();
    let out = c.run(&["sync", "--folder", folder_s], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds no Lockstep vault"));
    assert!(!c.vault.exists());
    for d in [&a, &b] {
        d.init();
    }
    a.ok(&["sync", "--folder", folder_s]);
    // Another vault's device may not start in the same folder.
    let before = std::fs::read(&b.vault).unwrap();
    let out = b.run(&["sync", "--folder", folder_s], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("another vault"));
    assert_eq!(std::fs::read(&b.vault).unwrap(), before);
    // A wrong password joins nothing.
    let out = c.run(
        &["sync", "--folder", folder_s],
        &[("LOCKSTEP_PASSWORD", "not the password at all")],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("opens with this password"));
    assert!(!c.vault.exists());
}

/// A second Secret Service for the second device: its own D-Bus bus and gnome-keyring, as a
/// second computer has. Stopped (with its keyring) when dropped.
struct OtherKeyring {
    bus: std::process::Child,
    address: String,
    _dir: tempfile::TempDir,
}

impl OtherKeyring {
    fn start() -> OtherKeyring {
        use std::os::unix::fs::PermissionsExt;
        use std::process::{Command, Stdio};
        let dir = tempfile::tempdir().unwrap();
        let address = format!("unix:path={}", dir.path().join("bus").display());
        let bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile"])
            .arg(format!("--address={address}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon runs");
        for _ in 0..100 {
            if dir.path().join("bus").exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let runtime = dir.path().join("runtime");
        std::fs::create_dir_all(&runtime).unwrap();
        std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700)).unwrap();
        let mut daemon = Command::new("gnome-keyring-daemon")
            .args(["--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("XDG_RUNTIME_DIR", &runtime)
            .env_remove("GNOME_KEYRING_CONTROL")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon runs");
        {
            use std::io::Write;
            let _ = daemon.stdin.take().unwrap().write_all(b"second keyring");
        }
        daemon.wait().unwrap();
        // Wait until the Secret Service has its name on this bus.
        for _ in 0..100 {
            let out = Command::new("secret-tool")
                .args(["search", "--all", "service", "none"])
                .env("DBUS_SESSION_BUS_ADDRESS", &address)
                .output()
                .unwrap();
            if out.status.success() || String::from_utf8_lossy(&out.stderr).is_empty() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        OtherKeyring {
            bus,
            address,
            _dir: dir,
        }
    }
}

impl Drop for OtherKeyring {
    fn drop(&mut self) {
        let _ = self.bus.kill();
        let _ = self.bus.wait();
    }
}

/// Both devices remembered in their own keyrings: remembering one does not forget the other, and
/// a password changed on one reaches the other through the folder without any password there.
#[test]
fn remembered_devices_keep_working_across_a_password_change_on_the_other() {
    if std::env::var_os("LOCKSTEP_KEYRING_TESTS").is_none() {
        eprintln!("skipped: no test keyring; run through `cargo xtask test`");
        return;
    }
    let other = OtherKeyring::start();
    let b_bus = [("DBUS_SESSION_BUS_ADDRESS", other.address.as_str())];
    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().join("Sync");
    let folder_s = folder.to_str().unwrap();
    let (a, b) = (Device::new(), Device::new());
    a.init();
    a.add("otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub");
    a.ok(&["sync", "--folder", folder_s, "--name", "laptop"]);
    let out = b.run(&["sync", "--folder", folder_s, "--name", "desktop"], &b_bus);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(a.run(&["remember"], &[]).status.success());
    let out = b.run(&["remember"], &b_bus);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let without_password = |d: &Device, env: &[(&str, &str)]| {
        let mut c = common::cmd(&d.vault, &["list", "--json"]);
        c.env_remove("LOCKSTEP_PASSWORD");
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().unwrap()
    };
    // A is still remembered after B remembered itself.
    let out = without_password(&a, &[]);
    assert!(
        out.status.success(),
        "A: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A changes the password and adds an account; B, remembered, needs no password to get both.
    a.change_password("a brand new passphrase");
    let new_pw = [("LOCKSTEP_PASSWORD", "a brand new passphrase")];
    a.add_env(
        "otpauth://totp/Telavox:alice?secret=JBSWY3DPEHPK3PXQ&issuer=Telavox",
        &new_pw,
    );
    let out = without_password(&b, &b_bus);
    assert!(
        out.status.success(),
        "B: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Telavox"));
    // B now has the new keys: the old password opens nothing, the new one does.
    assert_eq!(b.run(&["list"], &b_bus).status.code(), Some(2));
    assert!(b.run(&["list"], &[b_bus[0], new_pw[0]]).status.success());

    // B forgets itself; A stays remembered.
    assert!(b.run(&["forget"], &[b_bus[0], new_pw[0]]).status.success());
    let out = without_password(&a, &[]);
    assert!(
        out.status.success(),
        "A after B forgot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!without_password(&b, &b_bus).status.success());
}
