//! Using the window without a pointer, and what assistive technology reads: keys WebDriver sends
//! (Tab, Shift+Tab, Space, Delete... beside [`crate::keys`]), moving the focus with Tab while
//! checking that each control it lands on shows it, and the computed role and name of an element.

use serde_json::{json, Value};

use crate::driver::{keys, App};

/// More W3C WebDriver key codes (the common ones are in [`crate::keys`]).
pub mod more_keys {
    pub const SPACE: &str = "\u{E00D}";
    pub const DELETE: &str = "\u{E017}";
    pub const HOME: &str = "\u{E011}";
    pub const END: &str = "\u{E010}";
}

/// What the focused element looks like: enough to tell whether a person sees where the focus is.
#[derive(Debug, Clone)]
pub struct Focus {
    /// `data-testid`, else `tag#id`, else the tag: for messages.
    pub what: String,
    pub testid: Option<String>,
    pub outline: String,
    pub box_shadow: String,
    /// Contrast between the focus outline's colour and what is behind it (WCAG formula), when
    /// the outline is a solid colour; 0 when there is none.
    pub contrast: f64,
    /// Whether the focus is shown: an outline at least 1 px wide with a contrast of 3:1 or more
    /// against the background behind it, or a box shadow.
    pub visible: bool,
}

/// Reads the focused element's focus indicator. The background is the first opaque one among the
/// element's ancestors (the outline is drawn outside the element, over its parent), with
/// translucent ones blended over it, as the page draws them.
const FOCUS_JS: &str = r#"
const el = document.activeElement;
if (!el || el === document.body || el === document.documentElement) return null;
const parse = (c) => {
  const m = /rgba?\(([^)]+)\)/.exec(c || '');
  if (!m) return null;
  const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
  return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
};
const layers = [];
for (let n = el.parentElement; n; n = n.parentElement) {
  const c = parse(getComputedStyle(n).backgroundColor);
  if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
}
let bg = { r: 255, g: 255, b: 255 };
for (const c of layers.reverse()) {
  bg = { r: c.r * c.a + bg.r * (1 - c.a), g: c.g * c.a + bg.g * (1 - c.a), b: c.b * c.a + bg.b * (1 - c.a) };
}
const lum = (c) => {
  const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
};
const s = getComputedStyle(el);
const width = parseFloat(s.outlineWidth) || 0;
const oc = parse(s.outlineColor);
let contrast = 0;
if (s.outlineStyle !== 'none' && width >= 1 && oc && oc.a > 0) {
  const col = { r: oc.r * oc.a + bg.r * (1 - oc.a), g: oc.g * oc.a + bg.g * (1 - oc.a), b: oc.b * oc.a + bg.b * (1 - oc.a) };
  const [hi, lo] = [lum(col), lum(bg)].sort((a, b) => b - a);
  contrast = (hi + 0.05) / (lo + 0.05);
}
const auto = s.outlineStyle === 'auto' && width >= 1;
return {
  what: el.dataset.testid || (el.id ? el.tagName.toLowerCase() + '#' + el.id : el.tagName.toLowerCase()),
  testid: el.dataset.testid || null,
  outline: s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor,
  box_shadow: s.boxShadow,
  contrast,
  visible: contrast >= 3 || auto || (s.boxShadow && s.boxShadow !== 'none'),
};
"#;

impl App {
    /// The focused element and its focus indicator; `None` when nothing has the focus.
    pub fn focus(&self) -> Option<Focus> {
        let v = self.js(FOCUS_JS, json!([]));
        if v.is_null() {
            return None;
        }
        let s = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
        Some(Focus {
            what: s("what"),
            testid: v["testid"].as_str().map(str::to_owned),
            outline: s("outline"),
            box_shadow: s("box_shadow"),
            contrast: v["contrast"].as_f64().unwrap_or(0.0),
            visible: v["visible"].as_bool().unwrap_or(false),
        })
    }

    /// The focused element, which must show its focus; panics otherwise (saving a screenshot).
    pub fn visible_focus(&self, context: &str) -> Focus {
        let Some(f) = self.focus() else {
            self.screenshot("no-focus");
            panic!("{context}: nothing has the keyboard focus");
        };
        if !f.visible {
            self.screenshot("focus-not-visible");
            panic!(
                "{context}: the focus on {} is not visible (outline {}, contrast {:.2}, box-shadow {})",
                f.what, f.outline, f.contrast, f.box_shadow
            );
        }
        f
    }

    /// Presses one key (with modifiers before it, e.g. `&[keys::SHIFT, keys::TAB]`).
    pub fn key(&self, keys: &[&str]) {
        self.press(keys);
        // The page handles the key in its event loop; let it (and its re-render) run.
        std::thread::sleep(std::time::Duration::from_millis(60));
    }

    /// Presses Tab (or Shift+Tab with `back`) until the element with `data-testid=testid` has the
    /// focus, checking at every stop that the focus is visible; at most `max` presses. Returns
    /// the `data-testid`s passed on the way.
    pub fn tab_to(&self, testid: &str, back: bool, max: usize) -> Vec<String> {
        let mut seen = Vec::new();
        for _ in 0..max {
            if back {
                self.key(&[keys::SHIFT, keys::TAB]);
            } else {
                self.key(&[keys::TAB]);
            }
            let f = self.visible_focus(&format!("tabbing to {testid}"));
            if f.testid.as_deref() == Some(testid) {
                return seen;
            }
            seen.push(f.what);
        }
        self.screenshot("tab-not-reached");
        panic!("{testid} not reached with {max} presses of Tab; passed {seen:?}");
    }

    /// The accessible role of an element as the browser computes it (WebDriver "Get Computed
    /// Role").
    pub fn computed_role(&self, el: &str) -> String {
        self.call("GET", &self.s(&format!("/element/{el}/computedrole")), None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The accessible name of an element as the browser computes it (WebDriver "Get Computed
    /// Label"): what a screen reader says for it.
    pub fn computed_label(&self, el: &str) -> String {
        self.call(
            "GET",
            &self.s(&format!("/element/{el}/computedlabel")),
            None,
        )
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    /// An attribute of the first element matching `css`, read in the page (`None`: no such
    /// element or attribute).
    pub fn attr_of(&self, css: &str, name: &str) -> Option<String> {
        let v: Value = self.js(
            "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null",
            json!([css, name]),
        );
        v.as_str().map(str::to_owned)
    }
}
