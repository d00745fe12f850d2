//! Android `SharedPreferences` XML files (`shared_prefs/*.xml`), as `XmlSerializer` writes them:
//! `<map>` holding `<string name="k">escaped text</string>`, `<string name="k" />`, and
//! `<boolean|int|long|float name="k" value="v" />`. Several peer apps keep their secrets in
//! such files (Battle.net, Authy, Duo). This module only reads the name/value pairs; what they mean
//! belongs to each importer. `<set>` values are skipped.

use zeroize::Zeroizing;

/// One preference: its name and its value as text (entities decoded), wiped when dropped.
pub(crate) struct Pref {
    /// The `name` attribute.
    pub name: String,
    /// The element text (`<string>`) or `value` attribute (other types).
    pub value: Zeroizing<String>,
}

/// Is this text an Android preferences file (a `<map>` root)?
pub(crate) fn looks_like(text: &str) -> bool {
    let t = text.trim_start();
    let t = match t.strip_prefix("<?xml") {
        Some(rest) => rest.split_once("?>").map_or("", |(_, r)| r).trim_start(),
        None => t,
    };
    t.starts_with("<map>") || t.starts_with("<map/>") || t.starts_with("<map ")
}

/// The preferences of the file, in order; `None` when it is not a `<map>` of preferences.
pub(crate) fn parse(text: &str) -> Option<Vec<Pref>> {
    if !looks_like(text) {
        return None;
    }
    let mut out = Vec::new();
    let mut rest = &text[text.find("<map")?..];
    rest = &rest[rest.find('>')? + 1..];
    loop {
        let start = rest.find('<')?;
        rest = &rest[start..];
        if rest.starts_with("</map") {
            return Some(out);
        }
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = &after[after.find("-->")? + 3..];
            continue;
        }
        let end = rest.find('>')?;
        let tag = &rest[1..end];
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let (element, attrs) = tag.split_once(char::is_whitespace).unwrap_or((tag, ""));
        let name = attr(attrs, "name").unwrap_or_default();
        rest = &rest[end + 1..];
        match (element, self_closing) {
            ("set", false) => {
                rest = &rest[rest.find("</set>")? + 6..];
            }
            ("string", false) => {
                let close = rest.find("</string>")?;
                out.push(Pref {
                    name: unescape(&name),
                    value: Zeroizing::new(unescape(&rest[..close])),
                });
                rest = &rest[close + 9..];
            }
            ("string", true) => out.push(Pref {
                name: unescape(&name),
                value: Zeroizing::new(String::new()),
            }),
            (_, true) => out.push(Pref {
                name: unescape(&name),
                value: Zeroizing::new(unescape(&attr(attrs, "value").unwrap_or_default())),
            }),
            _ => return None,
        }
    }
}

/// The value of the preference `name`, if present.
pub(crate) fn get<'a>(prefs: &'a [Pref], name: &str) -> Option<&'a str> {
    prefs
        .iter()
        .find(|p| p.name == name)
        .map(|p| p.value.as_str())
}

fn attr(attrs: &str, key: &str) -> Option<String> {
    let mut rest = attrs;
    while let Some(eq) = rest.find('=') {
        let k = rest[..eq].trim();
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let close = after[1..].find(quote)? + 1;
        if k == key {
            return Some(after[1..close].to_owned());
        }
        rest = &after[close + 1..];
    }
    None
}

/// Decodes the five XML entities and numeric character references; anything else stays as is.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&i| i <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescape_handles_entities_and_stray_ampersands() {
        assert_eq!(
            unescape("a&quot;b&amp;c&#65;&#x42;&bogus d & e"),
            "a\"b&cAB&bogus d & e"
        );
    }

    #[test]
    fn reads_strings_empty_strings_and_typed_values() {
        let xml = "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n  \
            <string name=\"a\">x &amp; &lt;y&gt; &#65;&#x42;</string>\n  <string name=\"e\" />\n  \
            <!-- c -->\n  <set name=\"s\"><string>i</string></set>\n  \
            <long name=\"n\" value=\"15\" />\n</map>\n";
        let prefs = parse(xml).unwrap();
        assert_eq!(get(&prefs, "a"), Some("x & <y> AB"));
        assert_eq!(get(&prefs, "e"), Some(""));
        assert_eq!(get(&prefs, "n"), Some("15"));
        assert_eq!(get(&prefs, "s"), None);
        assert!(parse("<map><string name=\"a\">unclosed").is_none());
        assert!(parse("<other/>").is_none());
        assert!(parse("<map/>").is_none() || parse("<map/>").is_some_and(|p| p.is_empty()));
    }
}
