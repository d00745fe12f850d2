//! What the quick pick (the palette) shows: every account's names, in the list's order, and
//! nothing else. No code and no secret goes to the palette: a pick copies through
//! [`AppState::code_to_copy`] in Rust, as a click in the list does; the palette filters with the
//! core's one search rule through [`AppState::search`].

use serde::Serialize;
use uuid::Uuid;

use super::AppState;
use crate::error::Result;

/// One account in the palette: its names and type, never its code.
#[derive(Debug, Serialize)]
pub struct PickItem {
    /// The entry.
    pub id: Uuid,
    /// `issuer (account)`, as the core names it.
    pub name: String,
    /// Service name.
    pub issuer: String,
    /// Account name.
    pub account: String,
    /// totp, hotp or steam.
    pub kind: &'static str,
    /// Favorites are listed first, as in the window.
    pub favorite: bool,
}

impl AppState {
    /// Every account of the open vault for the palette, in the list's order.
    pub fn pick_items(&self) -> Result<Vec<PickItem>> {
        self.with_open(|s| {
            Ok(s.entries()
                .iter()
                .map(|e| PickItem {
                    id: e.id,
                    name: e.display_name(),
                    issuer: e.issuer.clone(),
                    account: e.account.clone(),
                    kind: e.kind.as_str(),
                    favorite: e.favorite,
                })
                .collect())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{with_link, LINK};
    use crate::error::Error;

    /// The palette's list carries names, in the codes list's order, and no code or secret; a
    /// locked vault gives none.
    #[test]
    fn the_palette_gets_names_only() {
        let dir = tempfile::tempdir().unwrap();
        let (st, id) = with_link(&dir);
        let items = st.pick_items().unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(
            (items[0].id, items[0].name.as_str()),
            (id, "ACME (me@example.com)")
        );
        let codes = st.codes(lockstep_core::session::now()).unwrap();
        let json = serde_json::to_string(&items).unwrap();
        assert!(!json.contains(&codes.entries[0].code), "{json}");
        assert!(!json.contains("JBSWY3DP"), "{json}");
        let copied = st.code_to_copy(id).unwrap();
        let expected = lockstep_core::uri::parse(LINK).unwrap().otp;
        let now = lockstep_core::session::now();
        assert!(
            *copied == expected.code_at(now) || *copied == expected.code_at(now - 1),
            "{}",
            copied.as_str()
        );
        st.lock();
        assert!(matches!(st.pick_items(), Err(Error::Locked(_))));
    }
}
