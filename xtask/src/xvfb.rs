//! A headless X server for the duration of a run; stopped on drop (so also on failure).

use crate::util::{err, header, scratch_dir, tail, wait_timeout, Res};
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const DISPLAYS: std::ops::RangeInclusive<u32> = 99..=120;
const SCREEN: &str = "1280x800x24";
const START_TIMEOUT: Duration = Duration::from_secs(15);

pub struct Xvfb {
    child: Child,
    number: u32,
}

impl Xvfb {
    /// Starts `Xvfb :N` on the first free display in 99..=120 and waits until it accepts
    /// connections (its socket exists).
    pub fn start() -> Res<Xvfb> {
        let mut last_log = None;
        for number in DISPLAYS {
            if socket(number).exists() || lock(number).exists() {
                continue; // taken (or left behind by a crashed server: leave it alone)
            }
            header(&format!("starting Xvfb :{number} ({SCREEN})"));
            let log_path = scratch_dir()?.join(format!("xvfb-{number}.log"));
            let log = File::create(&log_path)
                .or_else(|e| err(format!("cannot create {}: {e}", log_path.display())))?;
            let log2 = log
                .try_clone()
                .or_else(|e| err(format!("cannot reuse {}: {e}", log_path.display())))?;
            let child = Command::new("Xvfb")
                .arg(format!(":{number}"))
                .args(["-screen", "0", SCREEN, "-nolisten", "tcp"])
                .stdin(Stdio::null())
                .stdout(log)
                .stderr(log2)
                .spawn()
                .or_else(|e| err(format!("cannot start Xvfb (package xvfb): {e}")))?;
            let mut xvfb = Xvfb { child, number };
            match xvfb.wait_ready()? {
                true => return Ok(xvfb),
                // Lost a race for this display (another server took it): try the next one.
                false => last_log = Some(log_path),
            }
        }
        let detail = last_log
            .map(|log| format!("; last Xvfb log ({}):\n{}", log.display(), tail(&log, 15)))
            .unwrap_or_default();
        err(format!(
            "no free X display in :{}..:{}{detail}",
            DISPLAYS.start(),
            DISPLAYS.end()
        ))
    }

    /// The DISPLAY value, e.g. ":99".
    pub fn display(&self) -> String {
        format!(":{}", self.number)
    }

    /// Ok(true) once ready, Ok(false) if the server exited (display taken), Err on timeout.
    fn wait_ready(&mut self) -> Res<bool> {
        let start = Instant::now();
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) => return Ok(false),
                Ok(None) => {}
                Err(e) => return err(format!("cannot wait for Xvfb: {e}")),
            }
            if socket(self.number).exists() {
                return Ok(true);
            }
            if start.elapsed() > START_TIMEOUT {
                return err(format!(
                    "Xvfb :{} did not start within {START_TIMEOUT:?}",
                    self.number
                ));
            }
            thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Xvfb {
    /// SIGTERM (so Xvfb removes its lock file and socket), SIGKILL if it lingers.
    fn drop(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        header(&format!("stopping Xvfb :{}", self.number));
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        if let Ok(Some(_)) = wait_timeout(&mut self.child, Duration::from_secs(5)) {
            return;
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        // Killed hard: it could not clean up after itself.
        let _ = fs::remove_file(lock(self.number));
        let _ = fs::remove_file(socket(self.number));
    }
}

fn socket(number: u32) -> PathBuf {
    Path::new("/tmp/.X11-unix").join(format!("X{number}"))
}

fn lock(number: u32) -> PathBuf {
    PathBuf::from(format!("/tmp/.X{number}-lock"))
}
