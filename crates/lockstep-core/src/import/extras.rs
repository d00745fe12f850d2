//! Reading the groups, tags, notes and favourites of peer formats that were already imported
//! before issue 17 (Aegis, 2FAS, andOTP, Ente, Proton) into [`Extras`], kept apart from those
//! importers so their code stays as it was. Only organisation data: never secrets.

use serde_json::Value;

use super::common::text;
use super::Extras;

/// Aegis: `groups` (database v3: uuids named in the database's `groups`), or `group` (v2: a
/// name); `note`; `favorite`; `icon` (base64) with `icon_mime`, when PNG or JPEG.
pub(crate) fn aegis(entry: &Value, db: &Value) -> Extras {
    let mut x = Extras {
        note: text(entry, "note"),
        favorite: entry.get("favorite").and_then(Value::as_bool) == Some(true),
        icon: aegis_icon(entry),
        ..Extras::default()
    };
    if let Some(group) = entry.get("group").and_then(Value::as_str) {
        x.tag(group);
    }
    let named = db.get("groups").and_then(Value::as_array);
    for uuid in entry
        .get("groups")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if let Some(g) = named
            .into_iter()
            .flatten()
            .find(|g| g.get("uuid").and_then(Value::as_str) == Some(uuid))
        {
            x.tag(&text(g, "name"));
        }
    }
    x
}

/// An Aegis entry's PNG or JPEG icon as a picture value; `None` for none, an SVG (a picture in
/// the vault is never SVG: docs/vault-format.md, "Icons") or one that does not decode.
#[cfg(feature = "qr")]
fn aegis_icon(entry: &Value) -> Option<String> {
    let mime = entry
        .get("icon_mime")
        .and_then(Value::as_str)
        .unwrap_or("image/png");
    if !matches!(mime, "image/png" | "image/jpeg") {
        return None;
    }
    let b64 = entry.get("icon").and_then(Value::as_str)?;
    let bytes = data_encoding::BASE64.decode(b64.trim().as_bytes()).ok()?;
    crate::icons::picture::from_file("icon", &bytes).ok()
}

#[cfg(not(feature = "qr"))]
fn aegis_icon(_entry: &Value) -> Option<String> {
    None
}

/// 2FAS: the service's `groupId`, named in the backup's top-level `groups`.
pub(crate) fn twofas(service: &Value, root: &Value) -> Extras {
    let mut x = Extras::default();
    let id = text(service, "groupId");
    if !id.is_empty() {
        if let Some(g) = root
            .get("groups")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|g| text(g, "id") == id)
        {
            x.tag(&text(g, "name"));
        }
    }
    x
}

/// andOTP: `tags`, a list of names.
pub(crate) fn andotp(entry: &Value) -> Extras {
    let mut x = Extras::default();
    for t in entry
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        x.tag(t);
    }
    x
}

/// Ente: the link's `codeDisplay` parameter (URL-encoded JSON `{pinned, tags, note, …}`).
pub(crate) fn ente(link: &str) -> Extras {
    let mut x = Extras::default();
    let Some((_, query)) = link.split_once('?') else {
        return x;
    };
    let display = query
        .split('&')
        .filter_map(|p| p.split_once('='))
        .filter(|(k, _)| k.eq_ignore_ascii_case("codeDisplay"))
        .find_map(|(_, v)| {
            serde_json::from_str::<Value>(
                &percent_encoding::percent_decode_str(&v.replace('+', " ")).decode_utf8_lossy(),
            )
            .ok()
        });
    if let Some(d) = display {
        x.note = text(&d, "note");
        x.favorite = d.get("pinned").and_then(Value::as_bool) == Some(true);
        for t in d
            .get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            x.tag(t);
        }
    }
    x
}

/// Proton Authenticator: the entry's `note`.
pub(crate) fn proton(entry: &Value) -> Extras {
    Extras {
        note: text(entry, "note"),
        ..Extras::default()
    }
}
