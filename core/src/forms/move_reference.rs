//! A move's reference typed to find it (and its allocation): the one reference people can
//! read out on the phone, since an allocation has none of its own (only a 36-character id).
//!
//! The API writes references as 3 letters, 4 digits and a letter (`Moves::ReferenceGenerator`,
//! spec moves.md §4: `^[ACEFHJKMNPRTUVWXY]{3}[1-9]{4}[ACEFHJKMNPRTUVWXY]$`); the format
//! checked here is the looser `^[A-Z]{3}[0-9]{4}[A-Z]$`, so a reference made by an older
//! generator is still looked up (the API itself never validates a reference it is given).

use super::FieldError;
use super::ids::MOVE_REFERENCE;

/// Checks the move-reference search box (field id `move-reference`) and returns the reference
/// normalised: spaces removed, upper case.
///
/// ```
/// use basm_core::forms::move_reference;
///
/// assert_eq!(move_reference(" emp 4537v ").unwrap(), "EMP4537V");
/// assert_eq!(move_reference("").unwrap_err()[0].code, "required");
/// assert_eq!(move_reference("EMP45V").unwrap_err()[0].code, "invalid_format");
/// ```
pub fn move_reference(input: &str) -> Result<String, Vec<FieldError>> {
    let reference: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    if reference.is_empty() {
        return Err(vec![FieldError::new(
            MOVE_REFERENCE,
            "required",
            "Enter a move reference, like EMP4537V",
        )]);
    }
    let b = reference.as_bytes();
    let well_formed = b.len() == 8
        && b[..3].iter().all(u8::is_ascii_uppercase)
        && b[3..7].iter().all(u8::is_ascii_digit)
        && b[7].is_ascii_uppercase();
    if !well_formed {
        return Err(vec![FieldError::new(
            MOVE_REFERENCE,
            "invalid_format",
            "A move reference is 3 letters, 4 numbers and a letter, like EMP4537V",
        )]);
    }
    Ok(reference)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        assert_eq!(move_reference("EMP4537V").unwrap(), "EMP4537V");
        assert_eq!(move_reference("  aBc 1234 d ").unwrap(), "ABC1234D");
        for bad in [
            "EMP4537",
            "EMP45378",
            "1MP4537V",
            "EMP4537VV",
            "ÉMP4537V",
            "EMP-4537V",
        ] {
            let errors = move_reference(bad).unwrap_err();
            assert_eq!(
                (errors[0].field.as_str(), errors[0].code),
                (MOVE_REFERENCE, "invalid_format"),
                "{bad}"
            );
        }
        assert_eq!(move_reference("   ").unwrap_err()[0].code, "required");
    }
}
