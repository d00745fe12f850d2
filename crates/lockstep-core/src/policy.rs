//! The password policy: how strong a new vault password (or an encrypted export's) must be. The
//! core decides and enforces it for the CLI and the app alike; the UI only shows [`strength`].
//! Strength is zxcvbn's estimate (the `zxcvbn` crate, the same model as the UI's zxcvbn-ts).

use serde::Serialize;

use crate::error::{Error, PasswordProblem, Result};

/// Fewest characters accepted.
pub const MIN_CHARS: usize = 8;
/// Lowest zxcvbn score accepted (0–4; 2 is "somewhat guessable": about 10^8 guesses or more).
pub const MIN_SCORE: u8 = 2;
/// Longest password scored: zxcvbn's matching grows quickly with length, and a longer password
/// is strong for its length alone.
const SCORED_CHARS: usize = 100;

/// How strong a password is, for the strength meter. The advice is data (`snake_case` names the
/// window looks up as `advice.<name>` in its catalogs); `Display` gives the English sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Strength {
    /// zxcvbn's score, 0 (too guessable) to 4 (very unguessable).
    pub score: u8,
    /// Whether the policy accepts it.
    pub acceptable: bool,
    /// Why it is weak, if zxcvbn says.
    pub warning: Option<Warning>,
    /// What would make it pass.
    pub suggestions: Vec<Suggestion>,
    /// The fewest characters accepted ([`MIN_CHARS`], for [`Suggestion::MinLength`]'s words).
    pub min_chars: usize,
}

/// Why a password is weak: zxcvbn's warnings, one for one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Warning {
    /// "Straight rows of keys are easy to guess."
    StraightRows,
    /// "Short keyboard patterns are easy to guess."
    ShortKeyboardPatterns,
    /// "Repeats like "aaa" are easy to guess."
    RepeatedCharacters,
    /// "Repeats like "abcabcabc" are only slightly harder to guess than "abc"."
    RepeatedPatterns,
    /// "This is a top-10 common password."
    Top10,
    /// "This is a top-100 common password."
    Top100,
    /// "This is a very common password."
    Common,
    /// "This is similar to a commonly used password."
    SimilarToCommon,
    /// "Sequences like abc or 6543 are easy to guess."
    Sequences,
    /// "Recent years are easy to guess."
    RecentYears,
    /// "A word by itself is easy to guess."
    WordByItself,
    /// "Dates are often easy to guess."
    Dates,
    /// "Names and surnames by themselves are easy to guess."
    NamesByThemselves,
    /// "Common names and surnames are easy to guess."
    CommonNames,
}

/// What would make a password stronger: zxcvbn's suggestions, one for one, and the policy's
/// length rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Suggestion {
    /// "Use at least 8 characters." ([`MIN_CHARS`]; the policy's own).
    MinLength,
    /// "Use a few words, avoid common phrases."
    FewWords,
    /// "No need for symbols, digits, or uppercase letters."
    NoNeedForSymbols,
    /// "Add another word or two. Uncommon words are better."
    AnotherWord,
    /// "Capitalization doesn't help very much."
    Capitalization,
    /// "All-uppercase is almost as easy to guess as all-lowercase."
    AllUppercase,
    /// "Reversed words aren't much harder to guess."
    ReversedWords,
    /// "Predictable substitutions like '@' instead of 'a' don't help very much."
    Substitutions,
    /// "Use a longer keyboard pattern with more turns."
    LongerKeyboardPattern,
    /// "Avoid repeated words and characters."
    AvoidRepeats,
    /// "Avoid sequences."
    AvoidSequences,
    /// "Avoid recent years."
    AvoidRecentYears,
    /// "Avoid years that are associated with you."
    AvoidYears,
    /// "Avoid dates and years that are associated with you."
    AvoidDates,
}

impl Warning {
    /// Every warning (the app's test checks each has a catalog key).
    pub const ALL: [Warning; 14] = [
        Warning::StraightRows,
        Warning::ShortKeyboardPatterns,
        Warning::RepeatedCharacters,
        Warning::RepeatedPatterns,
        Warning::Top10,
        Warning::Top100,
        Warning::Common,
        Warning::SimilarToCommon,
        Warning::Sequences,
        Warning::RecentYears,
        Warning::WordByItself,
        Warning::Dates,
        Warning::NamesByThemselves,
        Warning::CommonNames,
    ];
}

impl Suggestion {
    /// Every suggestion (the app's test checks each has a catalog key).
    pub const ALL: [Suggestion; 14] = [
        Suggestion::MinLength,
        Suggestion::FewWords,
        Suggestion::NoNeedForSymbols,
        Suggestion::AnotherWord,
        Suggestion::Capitalization,
        Suggestion::AllUppercase,
        Suggestion::ReversedWords,
        Suggestion::Substitutions,
        Suggestion::LongerKeyboardPattern,
        Suggestion::AvoidRepeats,
        Suggestion::AvoidSequences,
        Suggestion::AvoidRecentYears,
        Suggestion::AvoidYears,
        Suggestion::AvoidDates,
    ];
}

impl From<zxcvbn::feedback::Warning> for Warning {
    fn from(w: zxcvbn::feedback::Warning) -> Self {
        use zxcvbn::feedback::Warning as Z;
        match w {
            Z::StraightRowsOfKeysAreEasyToGuess => Warning::StraightRows,
            Z::ShortKeyboardPatternsAreEasyToGuess => Warning::ShortKeyboardPatterns,
            Z::RepeatsLikeAaaAreEasyToGuess => Warning::RepeatedCharacters,
            Z::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => Warning::RepeatedPatterns,
            Z::ThisIsATop10Password => Warning::Top10,
            Z::ThisIsATop100Password => Warning::Top100,
            Z::ThisIsACommonPassword => Warning::Common,
            Z::ThisIsSimilarToACommonlyUsedPassword => Warning::SimilarToCommon,
            Z::SequencesLikeAbcAreEasyToGuess => Warning::Sequences,
            Z::RecentYearsAreEasyToGuess => Warning::RecentYears,
            Z::AWordByItselfIsEasyToGuess => Warning::WordByItself,
            Z::DatesAreOftenEasyToGuess => Warning::Dates,
            Z::NamesAndSurnamesByThemselvesAreEasyToGuess => Warning::NamesByThemselves,
            Z::CommonNamesAndSurnamesAreEasyToGuess => Warning::CommonNames,
        }
    }
}

impl From<zxcvbn::feedback::Suggestion> for Suggestion {
    fn from(s: zxcvbn::feedback::Suggestion) -> Self {
        use zxcvbn::feedback::Suggestion as Z;
        match s {
            Z::UseAFewWordsAvoidCommonPhrases => Suggestion::FewWords,
            Z::NoNeedForSymbolsDigitsOrUppercaseLetters => Suggestion::NoNeedForSymbols,
            Z::AddAnotherWordOrTwo => Suggestion::AnotherWord,
            Z::CapitalizationDoesntHelpVeryMuch => Suggestion::Capitalization,
            Z::AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase => Suggestion::AllUppercase,
            Z::ReversedWordsArentMuchHarderToGuess => Suggestion::ReversedWords,
            Z::PredictableSubstitutionsDontHelpVeryMuch => Suggestion::Substitutions,
            Z::UseALongerKeyboardPatternWithMoreTurns => Suggestion::LongerKeyboardPattern,
            Z::AvoidRepeatedWordsAndCharacters => Suggestion::AvoidRepeats,
            Z::AvoidSequences => Suggestion::AvoidSequences,
            Z::AvoidRecentYears => Suggestion::AvoidRecentYears,
            Z::AvoidYearsThatAreAssociatedWithYou => Suggestion::AvoidYears,
            Z::AvoidDatesAndYearsThatAreAssociatedWithYou => Suggestion::AvoidDates,
        }
    }
}

/// Scores `password`.
pub fn strength(password: &str) -> Strength {
    let chars = password.chars().count();
    let scored: String = password.chars().take(SCORED_CHARS).collect();
    let (score, warning, mut suggestions) = if scored.is_empty() {
        (0, None, Vec::new())
    } else {
        let e = zxcvbn::zxcvbn(&scored, &["lockstep"]);
        let (warning, suggestions) = match e.feedback() {
            Some(f) => (
                f.warning().map(Warning::from),
                f.suggestions()
                    .iter()
                    .map(|s| Suggestion::from(*s))
                    .collect(),
            ),
            None => (None, Vec::new()),
        };
        (u8::from(e.score()), warning, suggestions)
    };
    if chars < MIN_CHARS {
        suggestions.insert(0, Suggestion::MinLength);
    } else if score < MIN_SCORE && suggestions.is_empty() {
        suggestions.push(Suggestion::AnotherWord);
    }
    Strength {
        score,
        acceptable: chars >= MIN_CHARS && score >= MIN_SCORE,
        warning,
        suggestions,
        min_chars: MIN_CHARS,
    }
}

/// Refuses a new password the policy does not accept, with what would pass.
pub fn check_new_password(password: &str) -> Result<()> {
    if password.chars().count() < MIN_CHARS {
        return Err(Error::WeakPassword(PasswordProblem::TooShort));
    }
    if !strength(password).acceptable {
        return Err(Error::WeakPassword(PasswordProblem::TooEasy));
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
        assert_eq!(strength("short").suggestions[0], Suggestion::MinLength);
        assert_eq!(
            check_new_password("abc").unwrap_err().kind(),
            "weak_password"
        );
    }

    /// What zxcvbn says about the password the end-to-end tests type (tests/tests/language.rs
    /// expects its Swedish words), as data: its own English sentences name the same cases.
    #[test]
    fn advice_is_data_named_as_zxcvbn_words_it() {
        let s = strength("password1");
        let feedback = zxcvbn::zxcvbn("password1", &["lockstep"]);
        let f = feedback.feedback().expect("feedback for a weak password");
        assert_eq!(
            f.warning().map(|w| w.to_string()).as_deref(),
            Some("This is a very common password.")
        );
        assert_eq!(s.warning, Some(Warning::Common));
        assert_eq!(s.suggestions, [Suggestion::AnotherWord]);
        assert_eq!(
            serde_json::to_value(&s).unwrap(),
            serde_json::json!({
                "score": 0, "acceptable": false, "warning": "common",
                "suggestions": ["another_word"], "min_chars": 8
            })
        );
        let none = strength("");
        assert_eq!(
            (none.warning, none.suggestions),
            (None, vec![Suggestion::MinLength])
        );
    }
}
