//! The app's preferences (not secrets): auto-lock, clipboard timeout, theme, language, backups kept. A small JSON file in
//! the config directory (`~/.config/lockstep/app-settings.json`); unknown or missing fields fall
//! back to the defaults, so a damaged file never stops the app.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Light, dark, or follow the system.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Follow the desktop's preference.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// Every preference of the window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Lock after this many minutes without input; 0 = never.
    pub auto_lock_minutes: u32,
    /// Clear a copied code from the clipboard after this many seconds if unchanged; 0 = never.
    pub clipboard_seconds: u32,
    /// Colour scheme.
    pub theme: Theme,
    /// Show the next code during the last seconds of a period.
    pub show_next_code: bool,
    /// Closing the window hides it to the tray instead of quitting.
    pub close_to_tray: bool,
    /// Lock when the system suspends (logind's PrepareForSleep, where the platform has it).
    pub lock_on_suspend: bool,
    /// A global shortcut that shows the window with search focused ("" = off, the default),
    /// in the Tauri accelerator syntax, e.g. `Ctrl+Shift+L`.
    pub global_shortcut: String,
    /// How many automatic backups to keep beside the vault (at least 1).
    pub keep_backups: u32,
    /// The window's language: `system` (follow the system locale) or one of
    /// `crate::i18n::SETTING_VALUES`; anything else reads as `system`.
    pub language: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            auto_lock_minutes: 5,
            clipboard_seconds: 30,
            theme: Theme::System,
            show_next_code: true,
            close_to_tray: false,
            lock_on_suspend: true,
            global_shortcut: String::new(),
            keep_backups: lockstep_core::session::KEEP_DEFAULT as u32,
            language: "system".into(),
        }
    }
}

/// Longest auto-lock and clipboard delays accepted (a day, an hour).
const MAX_AUTO_LOCK_MINUTES: u32 = 24 * 60;
const MAX_CLIPBOARD_SECONDS: u32 = 60 * 60;
/// Most automatic backups kept (each is a copy of the vault file).
const MAX_KEEP_BACKUPS: u32 = 1000;

impl Settings {
    /// Where the settings live: `LOCKSTEP_SETTINGS`, else the platform config directory.
    pub fn default_path() -> Option<PathBuf> {
        if let Some(p) = std::env::var_os("LOCKSTEP_SETTINGS") {
            return Some(PathBuf::from(p));
        }
        directories::ProjectDirs::from("", "", "lockstep")
            .map(|d| d.config_dir().join("app-settings.json"))
    }

    /// Reads the file; defaults when it is missing or unreadable.
    pub fn load(path: &Path) -> Settings {
        std::fs::read(path)
            .ok()
            .and_then(|b| serde_json::from_slice::<Settings>(&b).ok())
            .unwrap_or_default()
            .clamped()
    }

    /// Writes the file (creating its folder).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        std::fs::write(path, json)
    }

    /// Keeps the delays and the backup count within bounds, and the language one Lockstep speaks.
    pub fn clamped(mut self) -> Settings {
        self.auto_lock_minutes = self.auto_lock_minutes.min(MAX_AUTO_LOCK_MINUTES);
        self.clipboard_seconds = self.clipboard_seconds.min(MAX_CLIPBOARD_SECONDS);
        self.global_shortcut = self.global_shortcut.trim().chars().take(64).collect();
        self.keep_backups = self.keep_backups.clamp(1, MAX_KEEP_BACKUPS);
        if !crate::i18n::SETTING_VALUES.contains(&self.language.as_str()) {
            self.language = "system".into();
        }
        self
    }

    /// How many automatic backups to keep, for `lockstep_core::backup`.
    pub fn keep(&self) -> usize {
        usize::try_from(self.keep_backups).unwrap_or(usize::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_fields_take_defaults_and_delays_are_bounded() {
        let s: Settings = serde_json::from_str(r#"{"theme":"dark","clipboard_seconds":99999}"#)
            .map(Settings::clamped)
            .unwrap();
        assert_eq!(s.theme, Theme::Dark);
        assert_eq!(s.auto_lock_minutes, 5);
        assert_eq!(s.clipboard_seconds, MAX_CLIPBOARD_SECONDS);
        assert_eq!(s.keep_backups, 10);
        let s: Settings = serde_json::from_str(r#"{"keep_backups":0}"#)
            .map(Settings::clamped)
            .unwrap();
        assert_eq!(s.keep(), 1, "at least one automatic backup is kept");
    }

    #[test]
    fn the_language_is_system_or_one_lockstep_speaks() {
        let read = |json: &str| {
            serde_json::from_str::<Settings>(json)
                .map(Settings::clamped)
                .unwrap()
                .language
        };
        assert_eq!(read("{}"), "system");
        assert_eq!(read(r#"{"language":"sv"}"#), "sv");
        assert_eq!(read(r#"{"language":"de"}"#), "de");
        assert_eq!(read(r#"{"language":"fr"}"#), "system");
        assert_eq!(read(r#"{"language":"SV"}"#), "system");
    }

    #[test]
    fn an_unreadable_file_gives_defaults() {
        let dir = std::env::temp_dir().join(format!("lockstep-settings-{}", std::process::id()));
        let path = dir.join("s.json");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(&path, b"{not json").unwrap();
        assert_eq!(Settings::load(&path), Settings::default());
        let _ = std::fs::remove_dir_all(dir);
    }
}
