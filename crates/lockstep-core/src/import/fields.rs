//! Serde helpers the typed importers share: secret strings that are wiped when dropped. Owns no
//! format knowledge.

use serde::{Deserialize, Deserializer};
use zeroize::Zeroizing;

/// A string field holding a secret, kept in [`Zeroizing`] from the moment it is read.
pub(crate) fn secret<'de, D: Deserializer<'de>>(d: D) -> Result<Zeroizing<String>, D::Error> {
    String::deserialize(d).map(Zeroizing::new)
}

/// An optional secret string (absent or `null` → `None`).
pub(crate) fn secret_opt<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Zeroizing<String>>, D::Error> {
    Option::<String>::deserialize(d).map(|s| s.map(Zeroizing::new))
}
