//! The validation building blocks of event models (`events.md` §3), run in the order each
//! event type declares them.
//!
//! A rule either adds errors ("shape B": one per message, grouped by attribute in the order
//! each attribute first failed) or *raises*: a 404 from a record look-up, or a 500 where the
//! API itself crashes. A raise stops every later rule and discards the errors collected
//! before it, as an exception does in the API.
//!
//! The rules are run by `model::check`.

/// When an inclusion check runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    /// Always: a missing value fails.
    Always,
    /// Only when the value is present (`allow_blank`-style `if: present?`).
    IfPresent,
    /// Only when the value is truthy (`if: -> { reason }`): `""` is checked and fails.
    IfTruthy,
}

/// One validation of an event model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// `validates :f, presence: true` → `can't be blank` (`blank`).
    Presence(&'static str),
    /// `IsoDateTimeValidator` (§2.1): `null` fails unless `allow_nil`; non-strings crash (500).
    IsoDateTime {
        /// The details key.
        field: &'static str,
        /// Skip `null`/absent (but not `""`).
        allow_nil: bool,
    },
    /// `Date.iso8601` check (§2.2): `null` fails; non-strings crash (500).
    IsoDate(&'static str),
    /// Rails `InclusionValidator`: strings compared exactly; an array passes when every
    /// element is allowed (so `[]` passes).
    Inclusion {
        /// The details key.
        field: &'static str,
        /// Allowed values.
        values: &'static [&'static str],
        /// When the check runs.
        guard: Guard,
    },
    /// Inclusion in `[true, false]`: JSON booleans only (strings fail, arrays of booleans pass).
    BooleanInclusion(&'static str),
    /// `Location.find(<key>_id)`: 404 when absent or unknown.
    Location(&'static str),
    /// `AuthoriserValidations`.
    Authoriser,
    /// `PersonnelNumberValidation`: exactly one of supplier/police personnel number(s).
    Personnel {
        /// The `_numbers` (array) keys rather than `_number`.
        plural: bool,
        /// Whether the police alternative exists.
        police: bool,
    },
    /// `PostcodeValidator` when non-blank.
    Postcode,
    /// `presence: true, unless: :<other>` (skipped when the other value is truthy).
    RequiredUnless {
        /// The required key.
        field: &'static str,
        /// The key that, when truthy, makes it optional.
        unless: &'static str,
    },
    /// `fault_classification` present and allowed, for supplier tokens only.
    FaultClassificationRule,
    /// MoveCrossSupplierPickUp's `before_validation` reference look-up, then the
    /// `previous_move` look-up (404s).
    PreviousMove,
    /// `Moves::MoveTypeValidator` run on a MoveRedirect event.
    MoveTypeRules,
    /// `validate_occurs_before/after`: warnings only (but crash on a `profiles` eventable).
    OrderWarning {
        /// Stored events of these types should occur before this one.
        after: &'static [&'static str],
        /// Stored events of these types should occur after this one.
        before: &'static [&'static str],
    },
    /// LodgingUpdate: something must change; each new value needs its old one; dates ISO.
    LodgingUpdateChanges,
    /// PerCompletion's `before_create`: `completed_at` must be readable by `to_datetime`.
    RespondedByCrash,
}

/// Whether a rule list makes the relationship `name` required (used by the registry).
pub const fn requires_relationship(rules: &[Rule], name: &str) -> bool {
    let mut i = 0;
    while i < rules.len() {
        if let Rule::Location(key) = rules[i]
            && const_str_eq(key, name)
        {
            return true;
        }
        i += 1;
    }
    false
}

const fn const_str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// `UKPostcode.parse(value).full_valid?` (uk_postcode 2.1.8): purely syntactic.
pub fn is_uk_postcode(s: &str) -> bool {
    let t = s.trim().to_ascii_uppercase();
    let b = t.as_bytes();
    // Girobank: ^G[I1]R\s*[0O]AA$
    if let Some(rest) = t.strip_prefix("GIR").or_else(|| t.strip_prefix("G1R")) {
        let rest = rest.trim_start();
        if rest == "0AA" || rest == "OAA" {
            return true;
        }
    }
    // ^[A-PR-UWYZ01][A-HJ-Z0]?[0-9IO][0-9A-HJKMNPR-YIO]?\s*[0-9IO][ABD-HJLNPQ-Z]{2}$
    let area1 = |c: u8| {
        (c.is_ascii_uppercase() && !matches!(c, b'Q' | b'V' | b'X')) || c == b'0' || c == b'1'
    };
    let area2 = |c: u8| (c.is_ascii_uppercase() && c != b'I') || c == b'0';
    let district = |c: u8| c.is_ascii_digit() || c == b'I' || c == b'O';
    let district2 = |c: u8| {
        c.is_ascii_digit()
            || (c.is_ascii_uppercase() && !matches!(c, b'L' | b'Q' | b'Z'))
            || c == b'I'
            || c == b'O'
    };
    let unit = |c: u8| c.is_ascii_uppercase() && !matches!(c, b'C' | b'I' | b'K' | b'M' | b'O');
    // The inward code is always the last three characters.
    if b.len() < 5 {
        return false;
    }
    let (outward, inward) = b.split_at(b.len() - 3);
    if !(district(inward[0]) && unit(inward[1]) && unit(inward[2])) {
        return false;
    }
    let outward: Vec<u8> = {
        let mut o = outward.to_vec();
        while o.last().is_some_and(u8::is_ascii_whitespace) {
            o.pop();
        }
        o
    };
    // Try every split of the optional parts.
    let o = outward.as_slice();
    let fits = |with_area2: bool, with_district2: bool| -> bool {
        let len = 2 + usize::from(with_area2) + usize::from(with_district2);
        if o.len() != len || !area1(o[0]) {
            return false;
        }
        let mut i = 1;
        if with_area2 {
            if !area2(o[i]) {
                return false;
            }
            i += 1;
        }
        if !district(o[i]) {
            return false;
        }
        i += 1;
        !with_district2 || district2(o[i])
    };
    fits(false, false) || fits(true, false) || fits(false, true) || fits(true, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_follow_the_gem() {
        for ok in [
            "SW1A 1AA",
            "sw1a1aa",
            " SW1A  1AA ",
            "SO1 1AA",
            "GIR 0AA",
            "M1 1AE",
            "B33 8TH",
            "CR2 6XH",
            "DN55 1PT",
        ] {
            assert!(is_uk_postcode(ok), "{ok}");
        }
        for bad in ["SW1A", "QA1 1AA", "W1A 1AC", "", "12345", "AAAAA AAA"] {
            assert!(!is_uk_postcode(bad), "{bad}");
        }
    }
}
