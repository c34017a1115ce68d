//! Byte sizes and fractions as dive's CI rules and `--max-size` write them.

/// Reads a byte size: a number with an optional unit, read as dive reads
/// `highestWastedBytes` (go-humanize's `ParseBytes`). Units are case-insensitive: `B`, `kB`
/// or `k` = 1000, `MB` or `m` = 1000², and so on to `EB`; `KiB` or `ki` = 1024, `MiB` or `mi`
/// = 1024², and so on to `EiB`. The number may have a fraction (`1.5GB`), thousands commas and
/// blanks before the unit.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    let number_end = trimmed
        .find(|ch: char| !(ch.is_ascii_digit() || ch == '.' || ch == ','))
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(number_end);
    let number: String = number.chars().filter(|&ch| ch != ',').collect();
    let invalid = || {
        format!(
            "invalid size `{text}`: expected a number with an optional unit such as 500kB, \
             20MB, 1.5GiB"
        )
    };
    let value: f64 = number.parse().map_err(|_| invalid())?;
    let multiplier: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        "t" | "tb" => 1e12,
        "p" | "pb" => 1e15,
        "e" | "eb" => 1e18,
        "ki" | "kib" => 1024.0,
        "mi" | "mib" => 1024f64.powi(2),
        "gi" | "gib" => 1024f64.powi(3),
        "ti" | "tib" => 1024f64.powi(4),
        "pi" | "pib" => 1024f64.powi(5),
        "ei" | "eib" => 1024f64.powi(6),
        _ => return Err(invalid()),
    };
    let bytes = value * multiplier;
    if !bytes.is_finite() || bytes >= u64::MAX as f64 {
        return Err(format!("invalid size `{text}`: too large"));
    }
    Ok(bytes as u64)
}

/// Reads a fraction between 0 and 1, as dive's `lowestEfficiency` and
/// `highestUserWastedPercent` are written.
pub fn parse_fraction(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("invalid fraction `{text}`: expected a number from 0 to 1"))?;
    if !(0.0..=1.0).contains(&value) {
        return Err(format!(
            "invalid fraction `{text}`: expected a number from 0 to 1, such as 0.9"
        ));
    }
    Ok(value)
}

/// Returns true for the values that turn a dive CI rule off: empty, `disabled`, `off`,
/// `false`, in any case.
pub fn is_disabled(text: &str) -> bool {
    let text = text.trim();
    text.is_empty()
        || ["disabled", "off", "false"]
            .iter()
            .any(|word| text.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_with_units() {
        assert_eq!(parse_size("20MB"), Ok(20_000_000));
        assert_eq!(parse_size("20Mb"), Ok(20_000_000));
        assert_eq!(parse_size("1MiB"), Ok(1_048_576));
        assert_eq!(parse_size("1.5 GB"), Ok(1_500_000_000));
        assert_eq!(parse_size("1,000"), Ok(1_000));
        assert_eq!(parse_size("512"), Ok(512));
        assert_eq!(parse_size("2k"), Ok(2_000));
        assert_eq!(parse_size(" 3 kib "), Ok(3_072));
    }

    #[test]
    fn invalid_sizes() {
        assert!(parse_size("").is_err());
        assert!(parse_size("MB").is_err());
        assert!(parse_size("20 parsecs").is_err());
        assert!(parse_size("-5MB").is_err());
        assert!(parse_size("99999999999EB").is_err());
        assert!(parse_size("1.2.3MB").is_err());
    }

    #[test]
    fn fractions() {
        assert_eq!(parse_fraction("0.95"), Ok(0.95));
        assert_eq!(parse_fraction("1"), Ok(1.0));
        assert!(parse_fraction("1.5").is_err());
        assert!(parse_fraction("-0.1").is_err());
        assert!(parse_fraction("NaN").is_err());
        assert!(parse_fraction("ninety").is_err());
    }

    #[test]
    fn disabled_values() {
        for text in ["", "disabled", "OFF", "False"] {
            assert!(is_disabled(text), "{text}");
        }
        assert!(!is_disabled("0.9"));
    }
}
