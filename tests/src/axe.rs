//! axe-core in the real window: the checker's source, read from `ui/node_modules/axe-core` at test
//! time (`npm ci` puts it there; nothing is copied into the repository), is sent as the body of a
//! WebDriver "execute script", so it runs as automation and the page's CSP (`script-src 'self'`,
//! no eval, no inline script) stays as it ships. [`App::axe`] runs every rule of the default set
//! on the page as it is now and fails on any violation of serious or critical impact.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{json, Value};

use crate::driver::App;

/// The impacts that fail a check (axe's scale: minor, moderate, serious, critical).
pub const FAILING: [&str; 2] = ["serious", "critical"];

/// Where `npm ci` puts axe-core's browser build.
pub fn axe_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/node_modules/axe-core/axe.min.js")
}

fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = axe_path();
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (axe-core is a dev dependency of ui/: `npm ci` in ui/, which `cargo xtask test` runs)",
                path.display()
            )
        })
    })
}

/// One element that breaks one rule.
#[derive(Clone, Debug)]
pub struct Violation {
    pub rule: String,
    pub impact: String,
    /// The element's CSS selector path, as axe gives it (one per frame / shadow root level).
    pub target: String,
    pub help: String,
    pub help_url: String,
    /// What axe says to fix on this element.
    pub summary: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "[{}] {}: {}\n    target: {}\n    {}\n    {}",
            self.impact,
            self.rule,
            self.help,
            self.target,
            self.summary.replace('\n', "\n    "),
            self.help_url
        )
    }
}

impl App {
    /// Puts axe into the page unless it is there already (the app is one page: it stays until
    /// the window reloads).
    pub fn inject_axe(&self) {
        let here = self.js("return typeof window.axe === 'object'", json!([]));
        if here.as_bool() == Some(true) {
            return;
        }
        // The source is the body of the script WebDriver runs: executed as automation, like every
        // other script a test sends, not as a script of the page's own (which the CSP forbids).
        let script = format!("{}\n;return typeof window.axe;", axe_source());
        let v = self.js(&script, json!([]));
        assert_eq!(
            v.as_str(),
            Some("object"),
            "axe-core did not load in the window"
        );
    }

    /// Every violation axe finds in the window now, whatever its impact, one per element.
    pub fn axe_violations(&self) -> Vec<Violation> {
        self.inject_axe();
        // Async script: axe.run is a promise. The result comes back as JSON text.
        let script = r#"
            const done = arguments[arguments.length - 1];
            window.axe.run(document, { resultTypes: ['violations'] })
              .then((r) => done(JSON.stringify(r.violations.flatMap((v) => v.nodes.map((n) => ({
                rule: v.id, impact: n.impact || v.impact || '', help: v.help, help_url: v.helpUrl,
                target: n.target.map((t) => Array.isArray(t) ? t.join(' >>> ') : String(t)).join(' | '),
                summary: n.failureSummary || '',
              }))))))
              .catch((e) => done('error: ' + (e && e.message || e)));
        "#;
        let v = self.post(
            &self.s("/execute/async"),
            json!({"script": script, "args": []}),
        );
        let text = v.as_str().unwrap_or_default();
        assert!(!text.starts_with("error:"), "axe.run failed: {text}");
        let list: Vec<Value> =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("axe's result: {e}: {text}"));
        let s = |n: &Value, k: &str| n[k].as_str().unwrap_or_default().to_owned();
        list.iter()
            .map(|n| Violation {
                rule: s(n, "rule"),
                impact: s(n, "impact"),
                target: s(n, "target"),
                help: s(n, "help"),
                help_url: s(n, "help_url"),
                summary: s(n, "summary"),
            })
            .collect()
    }

    /// Runs axe on the window as it is and returns the violations of serious or critical impact
    /// on `screen`, printing every violation found (the lesser ones as notes).
    pub fn axe_check(&self, screen: &str) -> Vec<String> {
        let found = self.axe_violations();
        let (failing, notes): (Vec<_>, Vec<_>) = found
            .iter()
            .partition(|v| FAILING.contains(&v.impact.as_str()));
        for v in &notes {
            eprintln!(
                "axe note on {screen}: [{}] {} at {}",
                v.impact, v.rule, v.target
            );
        }
        for v in &failing {
            eprintln!("axe FAILS on {screen}: {v}");
        }
        failing.iter().map(|v| format!("{screen}: {v}")).collect()
    }

    /// The theme the window draws now, as App.svelte sets it from the setting
    /// (`<html data-theme>`): `light`, `dark` or `system`.
    pub fn theme(&self) -> String {
        self.js(
            "return document.documentElement.dataset.theme || ''",
            json!([]),
        )
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    /// Draws the window in `theme` (`light` or `dark`), as the Theme setting does (App.svelte
    /// puts the setting on `<html data-theme>`), and waits until the page's colours follow.
    pub fn draw_theme(&self, theme: &str) {
        let dark = self.js(
            "document.documentElement.dataset.theme = arguments[0]; \
             return getComputedStyle(document.documentElement).colorScheme",
            json!([theme]),
        );
        assert_eq!(
            dark.as_str(),
            Some(theme),
            "the window's colour scheme did not follow the theme"
        );
    }
}

/// A walk through the window's screens: each is checked in both themes, and every failure is
/// kept, so one run reports every screen's violations, not only the first.
pub struct Audit<'a> {
    app: &'a App,
    failures: Vec<String>,
    screens: usize,
}

impl<'a> Audit<'a> {
    pub fn new(app: &'a App) -> Audit<'a> {
        Audit {
            app,
            failures: Vec::new(),
            screens: 0,
        }
    }

    /// Runs axe on the window as it is now in the light theme, then in the dark one, then puts
    /// back the theme it had.
    pub fn screen(&mut self, name: &str) {
        let app = self.app;
        let was = app.theme();
        let start = std::time::Instant::now();
        for theme in ["light", "dark"] {
            app.draw_theme(theme);
            self.failures
                .extend(app.axe_check(&format!("{name} ({theme})")));
        }
        app.js(
            "document.documentElement.dataset.theme = arguments[0]",
            json!([was]),
        );
        self.screens += 1;
        eprintln!("axe: {name}: both themes in {:?}", start.elapsed());
    }

    /// Panics with every failure found, one block each, if there is any; else says how many
    /// screens passed.
    pub fn finish(self) {
        assert!(
            self.failures.is_empty(),
            "{} axe violation(s) of serious or critical impact:\n\n{}",
            self.failures.len(),
            self.failures.join("\n\n")
        );
        eprintln!(
            "axe: {} screens, no serious or critical violation in either theme",
            self.screens
        );
    }
}
