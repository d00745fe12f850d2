//! The password policy: how strong a new vault password (or an encrypted export's) must be. The
//! core decides and enforces it for the CLI and the app alike; the UI only shows [`strength`].
//! Strength is zxcvbn's estimate (the `zxcvbn` crate, the same model as the UI's zxcvbn-ts).

use serde::Serialize;

use crate::error::{Error, Result};

/// Fewest characters accepted.
pub const MIN_CHARS: usize = 8;
/// Lowest zxcvbn score accepted (0–4; 2 is "somewhat guessable": about 10^8 guesses or more).
pub const MIN_SCORE: u8 = 2;
/// Longest password scored: zxcvbn's matching grows quickly with length, and a longer password
/// is strong for its length alone.
const SCORED_CHARS: usize = 100;

/// How strong a password is, for the strength meter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Strength {
    /// zxcvbn's score, 0 (too guessable) to 4 (very unguessable).
    pub score: u8,
    /// Whether the policy accepts it.
    pub acceptable: bool,
    /// Why it is weak, as a sentence (empty when there is nothing to say).
    pub warning: String,
    /// What would make it pass, as sentences.
    pub suggestions: Vec<String>,
}

/// Scores `password`.
pub fn strength(password: &str) -> Strength {
    let chars = password.chars().count();
    let scored: String = password.chars().take(SCORED_CHARS).collect();
    let (score, warning, mut suggestions) = if scored.is_empty() {
        (0, String::new(), Vec::new())
    } else {
        let e = zxcvbn::zxcvbn(&scored, &["lockstep"]);
        let (warning, suggestions) = match e.feedback() {
            Some(f) => (
                f.warning().map(|w| w.to_string()).unwrap_or_default(),
                f.suggestions().iter().map(|s| s.to_string()).collect(),
            ),
            None => (String::new(), Vec::new()),
        };
        (u8::from(e.score()), warning, suggestions)
    };
    if chars < MIN_CHARS {
        suggestions.insert(0, format!("Use at least {MIN_CHARS} characters."));
    } else if score < MIN_SCORE && suggestions.is_empty() {
        suggestions.push("Add another word or two. Uncommon words are better.".to_owned());
    }
    Strength {
        score,
        acceptable: chars >= MIN_CHARS && score >= MIN_SCORE,
        warning,
        suggestions,
    }
}

/// Refuses a new password the policy does not accept, with what would pass.
pub fn check_new_password(password: &str) -> Result<()> {
    if password.chars().count() < MIN_CHARS {
        return Err(Error::WeakPassword(
            "the password must be at least 8 characters long",
        ));
    }
    if !strength(password).acceptable {
        return Err(Error::WeakPassword(
            "the password is too easy to guess: add another word or two, uncommon ones",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scores from zxcvbn's reference implementation (zxcvbn-ts 4, the UI's) for the same words.
    #[test]
    fn the_policy_follows_zxcvbn_scores() {
        for (pw, ok) in [
            ("short", false),
            ("password1", false),
            ("12345678", false),
            ("qwertyuiop", false),
            ("lockstep1", false),
            ("correct horse battery staple", true),
            ("Tr0ub4dour&3x", true),
        ] {
            assert_eq!(strength(pw).acceptable, ok, "{pw}");
            assert_eq!(check_new_password(pw).is_ok(), ok, "{pw}");
        }
        assert!(!strength("password1").suggestions.is_empty());
        assert_eq!(
            check_new_password("abc").unwrap_err().kind(),
            "weak_password"
        );
    }
}
