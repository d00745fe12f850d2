//! End-to-end harness: starts the built Lockstep app through `tauri-driver` (WebDriver over
//! WebKitWebDriver) with its own vault, settings and config folders, and talks W3C WebDriver over
//! plain HTTP. Tests act as a person: click, type, read the screen, save a screenshot.
//!
//! The tests run only when `LOCKSTEP_E2E_APP` names the app binary (set by `cargo xtask test`,
//! which also provides Xvfb, a private D-Bus session and gnome-keyring); otherwise they skip.
//!
//! One module per job: [`driver`] (the app under WebDriver), [`home`] (a test's private home),
//! [`desktop`] (processes, X11 windows, clipboard, file dialogs), [`look`] (window size, pointer,
//! bounding boxes, README screenshots), [`sample`] (shared test data), [`axe`] (axe-core run in
//! the window), [`keyboard`] (keys, visible focus, computed roles and names).

pub mod axe;
pub mod desktop;
pub mod driver;
pub mod home;
pub mod keyboard;
pub mod look;
pub mod sample;

pub use desktop::{answer_file_dialog, answer_folder_dialog, clipboard, running, visible_windows};
pub use driver::{keys, screenshot_dir, App, Config, Rect, T};
pub use home::Home;
pub use sample::{cli_output, make_vault, qr_fixture, run_cli};
