//! A plain text list of `otpauth://` links, one per line, in the vault's display order — what
//! nearly every authenticator can import (and [`crate::import::otpauth_list`] reads back).
//! Loses: tags, notes, favorites and icons. Secrets are in clear text.

use zeroize::Zeroizing;

use crate::uri;
use crate::vault::Entry;

/// The link list, newline-terminated.
pub fn list(entries: &[Entry]) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(entries.len() * 120));
    for e in entries {
        out.push_str(&uri::format(&e.to_account()));
        out.push('\n');
    }
    out
}
