//! Printing for people and scripts: aligned tables, JSON lines, dates. No vault logic here.

use serde::Serialize;

/// Prints rows as left-aligned columns (the last column is not padded).
pub fn table(header: &[&str], rows: &[Vec<String>]) {
    let cols = header.len();
    let mut width = header.iter().map(|h| h.chars().count()).collect::<Vec<_>>();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(cols) {
            width[i] = width[i].max(c.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                s.push_str(c);
                s.push_str(&" ".repeat(width[i] - c.chars().count() + 2));
            }
        }
        say!("{}", s.trim_end());
    };
    line(header.to_vec());
    for r in rows {
        line(r.iter().map(String::as_str).collect());
    }
}

/// Prints a value as pretty JSON.
pub fn json<T: Serialize>(value: &T) {
    // Serialising our own plain structs cannot fail.
    say!(
        "{}",
        serde_json::to_string_pretty(value).expect("plain structs serialise")
    );
}

/// `YYYY-MM-DD` (UTC) for Unix seconds. Civil-from-days after Howard Hinnant's public-domain
/// algorithm; a date crate would be the only reason to add one here.
pub fn date(unix: u64) -> String {
    let z = (unix / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DD HH:MM UTC` for Unix seconds.
pub fn date_time(unix: u64) -> String {
    let secs = unix % 86_400;
    format!(
        "{} {:02}:{:02} UTC",
        date(unix),
        secs / 3600,
        secs % 3600 / 60
    )
}

/// The first 8 characters of an id, as shown in tables.
pub fn short_id(id: &impl ToString) -> String {
    id.to_string().chars().take(8).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates() {
        assert_eq!(super::date(0), "1970-01-01");
        assert_eq!(super::date(951_782_400), "2000-02-29");
        assert_eq!(super::date(20_000_000_000), "2603-10-11");
    }
}
