//! Reading the window as a person sees it and acting with the mouse: window size, hover, right
//! click, bounding boxes, input values, and screenshots kept for the README (`docs/screenshots`).

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::driver::{App, T};

impl App {
    /// Moves the window to the screen's corner and resizes it to `w`×`h` (Xvfb's screen is
    /// 1280×800); waits until the page's viewport has about that size (±40 px: no decorations
    /// under Xvfb without a window manager, but a toolkit may keep a few pixels).
    pub fn resize(&self, w: u32, h: u32) {
        self.post(
            &self.s("/window/rect"),
            json!({"x": 0, "y": 0, "width": w, "height": h}),
        );
        self.until(&format!("a {w}×{h} viewport"), T, |a| {
            let v = a.js("return [window.innerWidth, window.innerHeight]", json!([]));
            let near = |i: usize, want: u32| {
                v[i].as_f64()
                    .is_some_and(|got| (got - f64::from(want)).abs() <= 40.0)
            };
            near(0, w) && near(1, h)
        });
    }

    /// Moves the mouse onto the centre of `el` (W3C pointer action), as a person hovers.
    pub fn hover(&self, el: &str) {
        self.pointer(el, &[]);
    }

    /// Right-clicks the centre of `el`.
    pub fn right_click(&self, el: &str) {
        self.pointer(
            el,
            &[
                json!({"type": "pointerDown", "button": 2}),
                json!({"type": "pointerUp", "button": 2}),
            ],
        );
    }

    fn pointer(&self, el: &str, then: &[Value]) {
        let origin = json!({"element-6066-11e4-a52e-4f735466cecf": el});
        let mut actions =
            vec![json!({"type": "pointerMove", "origin": origin, "x": 0, "y": 0, "duration": 0})];
        actions.extend_from_slice(then);
        self.post(
            &self.s("/actions"),
            json!({"actions": [{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"}, "actions": actions}]}),
        );
        self.call("DELETE", &self.s("/actions"), None);
    }

    /// The element's bounding box in the viewport: `[left, top, right, bottom]`.
    pub fn element_rect(&self, el: &str) -> [f64; 4] {
        let v = self.js(
            "const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]",
            json!([{"element-6066-11e4-a52e-4f735466cecf": el}]),
        );
        let n = |i: usize| v[i].as_f64().unwrap_or(f64::NAN);
        [n(0), n(1), n(2), n(3)]
    }

    /// Whether the element lies wholly inside the viewport.
    pub fn in_viewport(&self, el: &str) -> bool {
        let [l, t, r, b] = self.element_rect(el);
        let size = self.js("return [window.innerWidth, window.innerHeight]", json!([]));
        let (w, h) = (
            size[0].as_f64().unwrap_or(0.0),
            size[1].as_f64().unwrap_or(0.0),
        );
        l >= 0.0 && t >= 0.0 && r <= w && b <= h && r > l && b > t
    }

    /// An input's current value.
    pub fn value(&self, el: &str) -> String {
        self.js(
            "return arguments[0].value",
            json!([{"element-6066-11e4-a52e-4f735466cecf": el}]),
        )
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    /// Saves a screenshot (as [`App::screenshot`]) and, under `cargo xtask test`
    /// (`LOCKSTEP_E2E_README`), copies it to `docs/screenshots/<file>.png` for the README.
    pub fn docs_screenshot(&self, file: &str) -> PathBuf {
        let shot = self.screenshot(file);
        if std::env::var_os("LOCKSTEP_E2E_README").is_some() {
            let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/screenshots");
            let _ = std::fs::create_dir_all(&docs);
            std::fs::copy(&shot, docs.join(format!("{file}.png")))
                .expect("copy the screenshot into docs/screenshots");
        }
        shot
    }
}
