//! A test's private home: vault, settings and XDG folders, and environment for the app.

use std::path::PathBuf;

use serde_json::Value;

/// A test's private home: vault, settings, XDG folders.
pub struct Home {
    pub dir: tempfile::TempDir,
    /// More environment for the app (e.g. a private system bus), set before it starts.
    pub extra_env: Vec<(&'static str, String)>,
}

impl Home {
    pub fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("a temp dir for the test"),
            extra_env: Vec::new(),
        }
    }
    pub fn vault(&self) -> PathBuf {
        self.dir.path().join("vault.lockstep")
    }
    pub fn settings(&self) -> PathBuf {
        self.dir.path().join("settings.json")
    }
    /// Writes the app settings file before the app starts.
    pub fn write_settings(&self, v: Value) {
        std::fs::write(self.settings(), v.to_string()).expect("write settings");
    }
    pub fn envs(&self) -> Vec<(&'static str, PathBuf)> {
        vec![
            ("LOCKSTEP_VAULT", self.vault()),
            ("LOCKSTEP_SETTINGS", self.settings()),
            ("XDG_CONFIG_HOME", self.dir.path().join("config")),
            ("XDG_CACHE_HOME", self.dir.path().join("cache")),
            ("LOCKSTEP_ICON_PACKS", self.dir.path().join("icon-packs")),
        ]
    }
}

impl Default for Home {
    fn default() -> Self {
        Self::new()
    }
}
