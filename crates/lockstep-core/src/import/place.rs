//! Where in a source an entry that could not be read was: the CLI prints it in English
//! (`Display`, the import error's `context`), the window words it from `import.place.<code>`.

use std::fmt;

use serde_json::json;

use crate::words::Words;

/// Where an entry is in its source.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Place {
    /// The `index`th entry (from 0) of an export, with its name when it has one.
    Entry {
        /// From 0.
        index: usize,
        /// The issuer or name the export gives it; may be empty.
        name: String,
    },
    /// The `index`th account (from 0) of a Google Authenticator export, with its name.
    Account {
        /// From 0.
        index: usize,
        /// "issuer: name", "name", or empty.
        name: String,
    },
    /// A line of a text file, from 1.
    Line(usize),
    /// A row of a CSV file, from 1 (the header is row 1).
    Row(usize),
    /// A named token of a FreeOTP preferences file.
    Token(String),
    /// A QR code's text.
    QrCode,
    /// The one authenticator of a Battle.net export.
    Authenticator,
}

impl Place {
    /// Every code [`Place::words`] gives.
    pub const CODES: [&'static str; 9] = [
        "entry",
        "entry_named",
        "account",
        "account_named",
        "line",
        "row",
        "token",
        "qr_code",
        "authenticator",
    ];

    /// This place as a code and values for the window's catalog (`import.place.<code>`).
    pub fn words(&self) -> Words {
        let (code, params) = match self {
            Place::Entry { index, name } | Place::Account { index, name } => {
                let entry = matches!(self, Place::Entry { .. });
                let number = ("number", json!(index + 1));
                match (entry, name.is_empty()) {
                    (true, true) => ("entry", vec![number]),
                    (true, false) => ("entry_named", vec![number, ("name", json!(name))]),
                    (false, true) => ("account", vec![number]),
                    (false, false) => ("account_named", vec![number, ("name", json!(name))]),
                }
            }
            Place::Line(n) => ("line", vec![("number", json!(n))]),
            Place::Row(n) => ("row", vec![("number", json!(n))]),
            Place::Token(name) => ("token", vec![("name", json!(name))]),
            Place::QrCode => ("qr_code", vec![]),
            Place::Authenticator => ("authenticator", vec![]),
        };
        Words {
            code,
            params: params.into_iter().collect(),
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Entry { index, name } if name.is_empty() => write!(f, "entry {}", index + 1),
            Place::Entry { index, name } => write!(f, "entry {} ({name})", index + 1),
            Place::Account { index, name } if name.is_empty() => {
                write!(f, "account {}", index + 1)
            }
            Place::Account { index, name } => write!(f, "account {} ({name})", index + 1),
            Place::Line(n) => write!(f, "line {n}"),
            Place::Row(n) => write!(f, "row {n}"),
            Place::Token(name) => write!(f, "token \"{name}\""),
            Place::QrCode => f.write_str("QR code"),
            Place::Authenticator => f.write_str("the authenticator"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each place's English (the CLI's, as it was before places were data) and its code, once.
    #[test]
    fn each_place_has_its_english_and_one_code() {
        let named = |index, name: &str| Place::Entry {
            index,
            name: name.into(),
        };
        let account = |index, name: &str| Place::Account {
            index,
            name: name.into(),
        };
        let cases = [
            (named(2, ""), "entry 3"),
            (named(0, "GitHub"), "entry 1 (GitHub)"),
            (account(4, ""), "account 5"),
            (account(1, "Bank: me"), "account 2 (Bank: me)"),
            (Place::Line(7), "line 7"),
            (Place::Row(2), "row 2"),
            (Place::Token("a:b".into()), "token \"a:b\""),
            (Place::QrCode, "QR code"),
            (Place::Authenticator, "the authenticator"),
        ];
        let codes: Vec<&str> = cases.iter().map(|(p, _)| p.words().code).collect();
        assert_eq!(codes, Place::CODES);
        for (place, english) in &cases {
            assert_eq!(place.to_string(), *english);
        }
        assert_eq!(
            serde_json::to_value(named(0, "GitHub").words()).unwrap(),
            json!({"code": "entry_named", "params": {"number": 1, "name": "GitHub"}})
        );
    }
}
