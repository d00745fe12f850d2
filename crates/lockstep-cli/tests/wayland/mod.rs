//! A headless Wayland session for tests, made of real parts: its own D-Bus bus (with no service
//! files, so nothing is activated behind the test's back), sway with two outputs on the headless
//! wlroots backend, PipeWire, xdg-desktop-portal-wlr and xdg-desktop-portal. Every process gets a
//! clean environment and is killed when the `Session` is dropped. The test gives the picture the
//! second output shows as its wallpaper, and owns what is asserted.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The longest any one step may take (a daemon coming up, the code appearing on the screen).
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Where the portal programs live on Debian (and Fedora); some distributions use /usr/lib.
const LIBEXEC: &[&str] = &["/usr/libexec", "/usr/lib"];

/// The programs the session runs (and python3 with segno, which tests draw codes with).
pub struct Tools {
    sway: PathBuf,
    pipewire: PathBuf,
    dbus_daemon: PathBuf,
    dbus_send: PathBuf,
    pub python: PathBuf,
    portal: PathBuf,
    portal_wlr: PathBuf,
    /// sway refuses to run as root; as root it is started through setpriv as nobody.
    setpriv: Option<PathBuf>,
}

/// Finds every tool, or lists the missing ones with their apt packages.
pub fn tools() -> Result<Tools, Vec<String>> {
    let mut missing = Vec::new();
    let mut need = |found: Option<PathBuf>, what: &str, package: &str| {
        if found.is_none() {
            missing.push(format!("{what} (apt package {package})"));
        }
        found.unwrap_or_default()
    };
    let root = is_root();
    let tools = Tools {
        sway: need(on_path("sway"), "sway", "sway"),
        pipewire: need(on_path("pipewire"), "pipewire", "pipewire-bin"),
        dbus_daemon: need(on_path("dbus-daemon"), "dbus-daemon", "dbus-daemon"),
        dbus_send: need(on_path("dbus-send"), "dbus-send", "dbus-bin"),
        python: need(python_with_segno(), "python3 with segno", "python3-segno"),
        portal: need(
            libexec("xdg-desktop-portal"),
            "xdg-desktop-portal",
            "xdg-desktop-portal",
        ),
        portal_wlr: need(
            libexec("xdg-desktop-portal-wlr"),
            "xdg-desktop-portal-wlr",
            "xdg-desktop-portal-wlr",
        ),
        setpriv: root.then(|| need(on_path("setpriv"), "setpriv", "util-linux")),
    };
    // Run by sway and by the wlr backend, not by the test.
    need(on_path("swaybg"), "swaybg", "swaybg");
    need(on_path("grim"), "grim", "grim");
    // xdg-desktop-portal (1.16) offers the Screenshot interface only when some backend
    // implements Access (for its permission dialog), which the wlr backend does not.
    need(
        access_backend(),
        "a portal backend with Access",
        "xdg-desktop-portal-gtk",
    );
    if missing.is_empty() {
        Ok(tools)
    } else {
        Err(missing)
    }
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

fn libexec(name: &str) -> Option<PathBuf> {
    LIBEXEC
        .iter()
        .map(|dir| Path::new(dir).join(name))
        .find(|p| p.is_file())
}

fn python_with_segno() -> Option<PathBuf> {
    let python = on_path("python3")?;
    Command::new(&python)
        .args(["-c", "import segno"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
        .then_some(python)
}

/// A `.portal` file of a backend that implements org.freedesktop.impl.portal.Access.
fn access_backend() -> Option<PathBuf> {
    fs::read_dir("/usr/share/xdg-desktop-portal/portals")
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            fs::read_to_string(p)
                .is_ok_and(|text| text.contains("org.freedesktop.impl.portal.Access;"))
        })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// A child process with its log file; killed when dropped.
struct Daemon {
    name: &'static str,
    child: Child,
    log: PathBuf,
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// sway, PipeWire, the portal frontend and its wlr backend on a private bus; stopped on drop,
/// newest first.
pub struct Session {
    dir: PathBuf,
    run: PathBuf,
    bus: String,
    wayland: String,
    daemons: Vec<Daemon>,
}

impl Drop for Session {
    fn drop(&mut self) {
        while let Some(daemon) = self.daemons.pop() {
            drop(daemon);
        }
    }
}

impl Session {
    pub fn start(tools: &Tools, dir: &Path, qr: &Path) -> Session {
        let run = dir.join("run");
        for sub in ["run", "home", "config", "data"] {
            fs::create_dir_all(dir.join(sub)).expect("mkdir");
        }
        set_mode(&run, 0o700);
        let mut s = Session {
            dir: dir.to_owned(),
            run,
            bus: String::new(),
            wayland: String::new(),
            daemons: Vec::new(),
        };
        s.start_bus(tools);
        s.start_sway(tools, qr);
        // xdg-desktop-portal-wlr needs PipeWire at start (for its ScreenCast half) or it exits.
        let mut pipewire = Command::new(&tools.pipewire);
        s.env(&mut pipewire);
        s.spawn("pipewire", &mut pipewire);
        let socket = s.run.join("pipewire-0");
        s.wait_until("PipeWire's socket", || socket.exists());
        // The backend must own its name before the frontend starts: the frontend reads the
        // backend's Screenshot version once, when it starts.
        let mut wlr = Command::new(&tools.portal_wlr);
        s.env(&mut wlr).args(["--loglevel", "INFO"]);
        s.spawn("xdg-desktop-portal-wlr", &mut wlr);
        s.wait_for_name(tools, "org.freedesktop.impl.portal.desktop.wlr");
        let mut portal = Command::new(&tools.portal);
        s.env(&mut portal).arg("--verbose");
        s.spawn("xdg-desktop-portal", &mut portal);
        s.wait_for_name(tools, "org.freedesktop.portal.Desktop");
        s
    }

    /// A bus with no service files: nothing is started behind the test's back.
    fn start_bus(&mut self, tools: &Tools) {
        let socket = self.dir.join("bus");
        let config = self.dir.join("bus.conf");
        fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
                socket.display()
            ),
        )
        .expect("bus.conf");
        let mut bus = Command::new(&tools.dbus_daemon);
        self.base_env(&mut bus)
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--nosyslog"]);
        self.spawn("dbus-daemon", &mut bus);
        self.bus = format!("unix:path={}", socket.display());
        self.wait_until("the D-Bus socket", || socket.exists());
    }

    /// Two 640x480 outputs side by side: a blank one, and one with the code in its middle.
    fn start_sway(&mut self, tools: &Tools, qr: &Path) {
        let config = self.dir.join("sway.conf");
        fs::write(
            &config,
            format!(
                "xwayland disable\n\
                 output HEADLESS-1 resolution 640x480 position 0 0 bg #ffffff solid_color\n\
                 output HEADLESS-2 resolution 640x480 position 640 0 bg \"{}\" center #ffffff\n",
                qr.display()
            ),
        )
        .expect("sway.conf");
        let mut sway = match &tools.setpriv {
            Some(setpriv) => {
                // nobody (65534) must reach the config and picture, and own the runtime dir.
                set_mode(&self.dir, 0o755);
                std::os::unix::fs::chown(&self.run, Some(65534), Some(65534)).expect("chown");
                let mut c = Command::new(setpriv);
                c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                    .arg(&tools.sway);
                c
            }
            None => Command::new(&tools.sway),
        };
        self.base_env(&mut sway)
            .arg("--config")
            .arg(&config)
            .env("WLR_BACKENDS", "headless")
            .env("WLR_HEADLESS_OUTPUTS", "2")
            .env("WLR_LIBINPUT_NO_DEVICES", "1")
            .env("WLR_RENDERER", "pixman");
        self.spawn("sway", &mut sway);
        // sway names its socket wayland-1 (or the next free number) in XDG_RUNTIME_DIR.
        let run = self.run.clone();
        let socket = || {
            fs::read_dir(&run).ok()?.flatten().find_map(|e| {
                let name = e.file_name().into_string().ok()?;
                let n = name.strip_prefix("wayland-")?;
                n.bytes().all(|b| b.is_ascii_digit()).then_some(name)
            })
        };
        self.wait_until("sway's Wayland socket", || socket().is_some());
        self.wayland = socket().expect("just seen");
    }

    /// A clean environment: nothing of the developer's session (DISPLAY, WAYLAND_DISPLAY, their
    /// bus, their config) leaks in.
    fn base_env<'a>(&self, cmd: &'a mut Command) -> &'a mut Command {
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.join("home"))
            .env("XDG_CONFIG_HOME", self.dir.join("config"))
            .env("XDG_DATA_HOME", self.dir.join("data"))
            .env("XDG_RUNTIME_DIR", &self.run)
    }

    /// The Wayland session's environment, as a desktop gives it to its apps.
    pub fn env<'a>(&self, cmd: &'a mut Command) -> &'a mut Command {
        self.base_env(cmd)
            .env("WAYLAND_DISPLAY", &self.wayland)
            .env("XDG_SESSION_TYPE", "wayland")
            .env("XDG_CURRENT_DESKTOP", "sway")
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus)
    }

    fn spawn(&mut self, name: &'static str, cmd: &mut Command) {
        let log = self.dir.join(format!("{name}.log"));
        let file = fs::File::create(&log).expect("log file");
        let child = cmd
            .stdin(Stdio::null())
            .stdout(file.try_clone().expect("log file"))
            .stderr(file)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        self.daemons.push(Daemon { name, child, log });
    }

    /// Polls `ready` every 20 ms; fails with every log when it takes longer than TIMEOUT or a
    /// daemon dies first.
    fn wait_until(&mut self, what: &str, mut ready: impl FnMut() -> bool) {
        let start = Instant::now();
        while !ready() {
            let dead = self
                .daemons
                .iter_mut()
                .find_map(|d| Some((d.name, d.child.try_wait().ok()??)));
            if let Some((name, status)) = dead {
                panic!(
                    "{name} exited ({status}) while waiting for {what}{}",
                    self.logs()
                );
            }
            if start.elapsed() > TIMEOUT {
                panic!("no {what} after {TIMEOUT:?}{}", self.logs());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_for_name(&mut self, tools: &Tools, name: &str) {
        let (send, bus) = (tools.dbus_send.clone(), self.bus.clone());
        self.wait_until(&format!("owner of {name} on the bus"), || {
            Command::new(&send)
                .arg(format!("--bus={bus}"))
                .args([
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                ])
                .arg(format!("string:{name}"))
                .output()
                .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"))
        });
    }

    /// The end of every daemon's log, for failure messages.
    pub fn logs(&self) -> String {
        let mut all = String::new();
        for d in &self.daemons {
            let text = fs::read_to_string(&d.log).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            let tail = lines[lines.len().saturating_sub(25)..].join("\n");
            all.push_str(&format!("\n--- {} ---\n{tail}", d.name));
        }
        all
    }
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
}
