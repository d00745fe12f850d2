//! The few words Rust shows itself (the tray menu), from the window's message catalogs
//! (`ui/src/locales/*.json`: build.rs copies their `tray.*` messages into the binary), and the
//! system's preferred languages for the "system" language setting. The window's own text is
//! looked up in TypeScript.

/// The values the `language` setting takes: `system`, or a language the catalogs hold.
pub const SETTING_VALUES: [&str; 4] = ["system", "en", "sv", "de"];

/// `(language, [(key, message)])`: the catalogs' `tray.*` plain-string messages.
const CATALOGS: &[(&str, &[(&str, &str)])] = include!(concat!(env!("OUT_DIR"), "/tray_words.rs"));

/// The system's preferred languages, most wanted first, in gettext's order: `LANGUAGE` (a
/// colon-separated list), then the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set; the
/// "C"/"POSIX" locale and empty values count as none. Tags keep their region (`sv_SE`), without
/// the encoding or modifier.
pub fn system_locales() -> Vec<String> {
    locales_from(|name| std::env::var(name).ok())
}

fn locales_from(var: impl Fn(&str) -> Option<String>) -> Vec<String> {
    let clean = |tag: &str| -> Option<String> {
        let tag = tag.split(['.', '@']).next().unwrap_or("").trim();
        (!tag.is_empty() && tag != "C" && tag != "POSIX").then(|| tag.replace('_', "-"))
    };
    let mut out: Vec<String> = Vec::new();
    // gettext ignores LANGUAGE when the locale is "C".
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|n| var(n).filter(|v| !v.is_empty()));
    if let Some(list) = var("LANGUAGE").filter(|_| locale.as_deref().and_then(clean).is_some()) {
        out.extend(list.split(':').filter_map(clean));
    }
    out.extend(locale.as_deref().and_then(clean));
    out.dedup();
    out
}

/// Which catalog a setting selects: the language itself, or for `system` (and anything unknown)
/// the first preferred language Lockstep speaks, English when none. Same rule as the UI's
/// `resolveLanguage` (ui/src/lib/i18n.svelte.ts).
pub fn resolve(setting: &str, preferred: &[String]) -> &'static str {
    let known = |tag: &str| CATALOGS.iter().map(|(l, _)| *l).find(|l| *l == tag);
    known(setting)
        .or_else(|| {
            preferred.iter().find_map(|tag| {
                let base = tag
                    .split(['-', '_'])
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                known(&base)
            })
        })
        .unwrap_or("en")
}

/// The message `key` in `lang` with `{name}` placeholders filled (English when the language
/// lacks it, the key itself when no catalog has it). Only the tray's plain-string messages.
pub fn tr(lang: &str, key: &str, params: &[(&str, &str)]) -> String {
    let find = |l: &str| {
        let (_, words) = CATALOGS.iter().find(|(c, _)| *c == l)?;
        words.iter().find(|(k, _)| *k == key).map(|(_, m)| *m)
    };
    let message = find(lang).or_else(|| find("en")).unwrap_or(key);
    params.iter().fold(message.to_owned(), |m, (name, value)| {
        m.replace(&format!("{{{name}}}"), value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// The whole catalogs, for the checks below (the binary holds only the tray's words).
    fn catalogs() -> HashMap<&'static str, serde_json::Map<String, serde_json::Value>> {
        [
            ("en", include_str!("../../ui/src/locales/en.json")),
            ("sv", include_str!("../../ui/src/locales/sv.json")),
            ("de", include_str!("../../ui/src/locales/de.json")),
        ]
        .into_iter()
        .map(|(lang, json)| (lang, serde_json::from_str(json).expect("a valid catalog")))
        .collect()
    }

    #[test]
    fn the_binary_holds_every_tray_word_of_every_catalog() {
        let all = catalogs();
        assert_eq!(CATALOGS.len(), all.len());
        for (lang, words) in CATALOGS {
            let mut tray: Vec<(&str, &str)> = all[lang]
                .iter()
                .filter(|(k, _)| k.starts_with("tray."))
                .map(|(k, v)| (k.as_str(), v.as_str().expect("a plain string")))
                .collect();
            let mut words = words.to_vec();
            tray.sort();
            words.sort();
            assert_eq!(tray.len(), 4, "{lang}");
            assert_eq!(words, tray, "{lang}");
        }
    }

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_system_locale_is_read_in_gettext_order() {
        assert_eq!(locales_from(env(&[("LANG", "sv_SE.UTF-8")])), ["sv-SE"]);
        assert_eq!(
            locales_from(env(&[("LANG", "en_US.UTF-8"), ("LANGUAGE", "de:sv")])),
            ["de", "sv", "en-US"]
        );
        assert_eq!(
            locales_from(env(&[
                ("LANG", "en_US.UTF-8"),
                ("LC_MESSAGES", "de_AT@euro")
            ])),
            ["de-AT"]
        );
        assert_eq!(
            locales_from(env(&[("LC_ALL", "C"), ("LANGUAGE", "sv")])),
            Vec::<String>::new()
        );
        assert_eq!(locales_from(env(&[])), Vec::<String>::new());
    }

    #[test]
    fn a_setting_picks_its_language_and_system_the_first_spoken_one() {
        let pref = |tags: &[&str]| tags.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        assert_eq!(resolve("de", &pref(&["sv-SE"])), "de");
        assert_eq!(resolve("system", &pref(&["fr-FR", "sv-SE"])), "sv");
        assert_eq!(resolve("system", &pref(&["fr-FR"])), "en");
        assert_eq!(resolve("system", &[]), "en");
    }

    #[test]
    fn the_tray_words_exist_in_every_language() {
        for lang in ["en", "sv", "de"] {
            for key in ["tray.toggle", "tray.lock", "tray.copy", "tray.quit"] {
                let m = tr(lang, key, &[("name", "GitHub")]);
                assert_ne!(m, key, "{lang}: {key}");
                assert!(!m.contains('{'), "{lang}: {key}: {m}");
            }
        }
        assert_eq!(tr("sv", "tray.lock", &[]), "Lås");
        assert_eq!(
            tr("de", "tray.copy", &[("name", "GitHub")]),
            "GitHub kopieren"
        );
        assert_eq!(tr("en", "no.such.key", &[]), "no.such.key");
    }

    /// The serde name of a value that serialises as a string (an enum's variant name).
    fn name(v: impl serde::Serialize) -> String {
        serde_json::to_value(v)
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Every kind of data Rust sends for the window to word (password advice, unlock notices)
    /// has its catalog key in every language, and the words the UI composes sync news from
    /// exist. A variant added in Rust without words fails here (the UI's maps are checked by
    /// TypeScript's exhaustive types and i18n.test.ts).
    #[test]
    fn every_structured_kind_rust_sends_has_catalog_words() {
        use lockstep_core::policy::{Suggestion, Warning};
        use lockstep_core::session::Notice;
        // Each notice once; the match makes a new variant fail to compile until it is listed.
        let notices = [
            Notice::RolledBack {
                generation: 1,
                seen: 2,
            },
            Notice::BackupFailed { detail: "x".into() },
            Notice::KeysFromSync,
            Notice::SyncFailed { detail: "x".into() },
            Notice::SyncWriteFailed { detail: "x".into() },
            Notice::DeviceExpired,
        ];
        for n in &notices {
            match n {
                Notice::RolledBack { .. }
                | Notice::BackupFailed { .. }
                | Notice::KeysFromSync
                | Notice::SyncFailed { .. }
                | Notice::SyncWriteFailed { .. }
                | Notice::DeviceExpired => {}
            }
        }
        let mut keys: Vec<String> = Warning::ALL
            .iter()
            .map(|w| format!("advice.warning.{}", name(w)))
            .chain(
                Suggestion::ALL
                    .iter()
                    .map(|s| format!("advice.suggestion.{}", name(s))),
            )
            .chain(notices.iter().map(|n| {
                let v = serde_json::to_value(n).unwrap();
                format!("notice.{}", v["kind"].as_str().unwrap())
            }))
            .collect();
        keys.extend(
            [
                "unlock.remember_failed",
                "sync.news_from",
                "sync.news_added",
                "sync.news_updated",
                "sync.news_removed",
                "sync.news_keys",
            ]
            .map(String::from),
        );
        assert_eq!(keys.len(), 14 + 14 + 6 + 6);
        // Every error code the core gives values for, and the app's own
        // (`crate::problem::AppProblem`), has its sentence in the window's map
        // (ui/src/lib/errors.ts `CODES`)...
        let errors_ts = include_str!("../../ui/src/lib/errors.ts");
        let map = &errors_ts[errors_ts.find("const CODES").expect("CODES in errors.ts")..];
        let map = &map[..map.find("\n};").expect("the end of CODES")];
        let mut codes = lockstep_core::words::codes();
        codes.extend(crate::problem::AppProblem::CODES);
        for code in &codes {
            assert!(
                map.contains(&format!("\n  {code}: (")),
                "errors.ts has no words for {code}"
            );
        }
        assert_eq!(map.matches(": (").count(), codes.len());
        // ... and the keys it looks up.
        keys.extend(
            map.split("t('")
                .skip(1)
                .filter_map(|rest| rest.split('\'').next())
                .map(String::from),
        );
        // Reasons worded one by one in their own map of errors.ts: a field too long, a damaged
        // file, an import failure's reason and a part of an export.
        let mut per_reason = |map: &str, prefix: &str, codes: &[&str]| {
            let section = &errors_ts[errors_ts.find(map).unwrap_or_else(|| panic!("{map}"))..];
            for code in codes {
                let key = format!("{prefix}.{code}");
                assert!(
                    section.contains(&format!("t('{key}'")),
                    "errors.ts has no {key}"
                );
                keys.push(key);
            }
        };
        use lockstep_core::reasons::{Damage, EncodedPart, Field, ImportReason};
        per_reason(
            "const FIELD_TOO_LONG",
            "error.code.field_too_long",
            &Field::ALL.iter().map(|f| f.code()).collect::<Vec<_>>(),
        );
        per_reason(
            "const DAMAGE",
            "error.code.damage",
            &Damage::ALL.iter().map(|d| d.code()).collect::<Vec<_>>(),
        );
        per_reason(
            "const IMPORT_REASON",
            "error.code.import_reason",
            ImportReason::CODES,
        );
        per_reason(
            "const IMPORT_PART",
            "error.code.import_part",
            &EncodedPart::ALL
                .iter()
                .map(|p| p.code())
                .collect::<Vec<_>>(),
        );
        assert_eq!(keys.len(), 14 + 14 + 6 + 6 + 123 + 21 + 7 + 17 + 91 + 19);
        let all = catalogs();
        for lang in ["en", "sv", "de"] {
            let missing: Vec<&String> = keys
                .iter()
                .filter(|k| !all[lang].contains_key(k.as_str()))
                .collect();
            assert!(missing.is_empty(), "{lang}.json lacks {missing:?}");
        }
        // One known case against its English sentence, written here.
        assert_eq!(
            all["en"][&format!("advice.warning.{}", name(Warning::Top100))],
            "This is a top-100 common password."
        );
    }
}
