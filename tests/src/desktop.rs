//! The desktop around the window, read and driven as a person's tools would: processes (pgrep,
//! pkill), X11 windows (xdotool), the clipboard (xclip), native file dialogs.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `pgrep -f` pattern for command lines starting with `prefix`.
fn cmdline_pattern(prefix: &str) -> String {
    format!("^{}", prefix.replace('.', "\\."))
}

/// Whether a process whose command line starts with `prefix` is running.
pub fn running(prefix: &str) -> bool {
    Command::new("pgrep")
        .args(["-f", &cmdline_pattern(prefix)])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Ends the processes whose command line starts with `prefix`: SIGTERM, up to 5 s to exit,
/// then SIGKILL.
pub(crate) fn end_processes(prefix: &str) {
    let pattern = cmdline_pattern(prefix);
    if !running(prefix) {
        return;
    }
    let _ = Command::new("pkill")
        .args(["-TERM", "-f", &pattern])
        .status();
    let start = Instant::now();
    while running(prefix) && start.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(50));
    }
    if running(prefix) {
        let _ = Command::new("pkill")
            .args(["-KILL", "-f", &pattern])
            .status();
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Runs xdotool with `args`; its output.
fn xdotool(args: &[&str]) -> std::process::Output {
    Command::new("xdotool")
        .args(args)
        .stderr(Stdio::null())
        .output()
        .expect("run xdotool (cargo xtask test installs it)")
}

/// The ids of the mapped X11 windows whose name matches the regex `title` (xdotool).
pub fn visible_windows(title: &str) -> Vec<String> {
    let out = xdotool(&["search", "--onlyvisible", "--name", title]);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The X11 clipboard's text (xclip), or "" when empty.
pub fn clipboard() -> String {
    Command::new("xclip")
        .args(["-o", "-selection", "clipboard"])
        .stderr(Stdio::null())
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

/// Waits (up to 20 s) for a window titled `title` on the X display; returns its id.
fn wait_for_window(title: &str) -> String {
    let start = Instant::now();
    loop {
        if let Some(id) = visible_windows(title).into_iter().next() {
            return id;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no window titled {title:?} appeared"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Answers the native GTK folder dialog titled `title` as a person would with the keyboard: waits
/// for it, opens its location field (Ctrl+L), types the folder's full path and presses Return.
/// GTK completes a folder's name with "/", and Return on "dir/" goes into the folder instead of
/// choosing it: the path is typed with its "/" and that one character erased. If the dialog went
/// into the folder anyway, Return on an empty location chooses the folder it shows.
pub fn answer_folder_dialog(title: &str, dir: &Path) {
    let id = wait_for_window(title);
    std::thread::sleep(Duration::from_millis(800));
    let location = |text: &str| {
        xdotool(&["windowfocus", &id]);
        std::thread::sleep(Duration::from_millis(200));
        xdotool(&["key", "--clearmodifiers", "ctrl+l"]);
        std::thread::sleep(Duration::from_millis(200));
        xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
        xdotool(&["key", "BackSpace"]);
        if !text.is_empty() {
            xdotool(&["type", "--delay", "30", text]);
            std::thread::sleep(Duration::from_millis(500));
            xdotool(&["key", "BackSpace"]);
        }
        std::thread::sleep(Duration::from_millis(300));
        xdotool(&["key", "Return"]);
        std::thread::sleep(Duration::from_millis(1500));
    };
    location(&format!("{}/", dir.display()));
    if !visible_windows(title).is_empty() {
        location("");
    }
}

/// Answers the native GTK file dialog titled `title` as a person would with the keyboard: waits
/// for its window on the X display (xdotool), focuses it, selects the name field's text, types
/// the full `path` and presses Return.
pub fn answer_file_dialog(title: &str, path: &Path) {
    let id = wait_for_window(title);
    // Let GTK map the dialog and give its name field the focus.
    std::thread::sleep(Duration::from_millis(800));
    xdotool(&["windowfocus", &id]);
    std::thread::sleep(Duration::from_millis(200));
    xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
    xdotool(&["type", "--delay", "30", &path.display().to_string()]);
    std::thread::sleep(Duration::from_millis(300));
    xdotool(&["key", "Return"]);
}
