//! Which page of a list the API serves: `Serializable#paginate` (upstream
//! `app/controllers/concerns/serializable.rb` L5-18, L53-58) gives `params[:page] || 1` and
//! `params[:per_page] || 20` to Kaminari 1.2.2 with this API's configuration
//! (`config/initializers/kaminari_config.rb` L3-6: 20 records a page, at most 2,000). The
//! verdict's pagination checks and the sandbox's lists both read a request's page here.

use crate::json::{Json, Number};
use crate::rails::Param;
use crate::request::Request;

/// `Kaminari.config.default_per_page` (`config/initializers/kaminari_config.rb` L4).
pub const DEFAULT_PER_PAGE: u64 = 20;

/// `Kaminari.config.max_per_page` (`config/initializers/kaminari_config.rb` L5): a larger
/// `per_page` is served 2,000 records a page.
pub const MAX_PER_PAGE: u64 = 2000;

/// How Kaminari's `per(num)` reads `per_page` (`kaminari-core/lib/kaminari/models/
/// page_scope_methods.rb` L7-19): `num.to_i`, and whether a line of `num.to_s` begins with a
/// digit (`/^\d/`, where `^` is any line's start).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PerPage {
    /// Not given (nil or `false`): 20.
    Default,
    /// Below 0, or no line of its text begins with a digit (`abc`, ` 5`, `-3`): `per` returns
    /// the scope unchanged, so the page keeps 20 records.
    Ignored,
    /// `to_i` is 0 and its text begins with a digit (`0`, `0.5`, `0abc`): `limit(0)`, and
    /// `pagination_meta`'s `total_pages` divides by it.
    Zero,
    /// Over [`MAX_PER_PAGE`]: served 2,000 records a page.
    Capped(u64),
    /// This many records a page.
    Given(u64),
}

impl PerPage {
    /// How many records a page holds (0 for [`PerPage::Zero`], which the API cannot serve).
    pub fn limit(self) -> u64 {
        match self {
            PerPage::Default | PerPage::Ignored => DEFAULT_PER_PAGE,
            PerPage::Zero => 0,
            PerPage::Capped(_) => MAX_PER_PAGE,
            PerPage::Given(n) => n,
        }
    }
}

/// The page a list request asks for, as Kaminari reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The 1-based page number: `page(num)` takes `num.to_i`, and a value below 1 is page 1
    /// (`kaminari-activerecord/lib/kaminari/activerecord/active_record_model_extension.rb`
    /// L15-16).
    pub number: u64,
    /// How `per_page` was read.
    pub per_page: PerPage,
    /// `params[:per_page]` as given, which `meta.pagination.per_page` repeats and the links
    /// carry (`serializable.rb` L60-68, L84-89): a query's text, a JSON body's value. `None`
    /// when not given (the meta then says 20).
    pub per_page_given: Option<serde_json::Value>,
}

impl Page {
    /// Records to skip before the page.
    pub fn offset(&self) -> u64 {
        (self.number - 1).saturating_mul(self.per_page.limit())
    }
}

/// The page `request` asks for. A `page` or `per_page` Kaminari cannot read (a Hash, an
/// Array, `true`) is the verdict's 500, so a request that passed the validator has none:
/// they are read here as not given.
pub fn page(request: &Request) -> Page {
    let arena = crate::json::Arena::new();
    let body = crate::rails::json_body(request, &arena);
    let param = |name| crate::rails::param(request.query_str(), body.as_ref(), name);
    Page {
        number: param("page").map_or(1, page_number),
        per_page: param("per_page").map_or(PerPage::Default, per_page),
        per_page_given: param("per_page").and_then(|given| match given {
            Param::Query(Some(_)) => given.text().map(|t| serde_json::Value::String(t.into())),
            Param::Body(value) if value.is_truthy() => Some(value.to_value()),
            _ => None,
        }),
    }
}

/// `page(num)`'s page: `num.to_i`, at least 1.
pub(crate) fn page_number(given: Param<'_, '_, '_>) -> u64 {
    if given.is_falsy() {
        return 1;
    }
    u64::try_from(to_i(given).unwrap_or(0)).map_or(1, |n| n.max(1))
}

/// `per(num)`'s reading of `params[:per_page] || 20`.
pub(crate) fn per_page(given: Param<'_, '_, '_>) -> PerPage {
    if given.is_falsy() {
        return PerPage::Default;
    }
    let n = to_i(given).unwrap_or(0);
    // `/^\d/ =~ num.to_s`: a number's text begins with a digit unless it is negative (Ruby
    // writes `-5`, `-0.5`, `1.0e+20`); a String's, when one of its lines does.
    let begins_with_digit = match given {
        Param::Body(Json::Number(Number::Unsigned(_))) => true,
        Param::Body(Json::Number(Number::Signed(_))) => false,
        Param::Body(Json::Number(Number::Float(f))) => !f.is_sign_negative(),
        _ => given.text().is_some_and(|text| {
            text.split('\n')
                .any(|line| line.as_bytes().first().is_some_and(u8::is_ascii_digit))
        }),
    };
    match u64::try_from(n) {
        Err(_) => PerPage::Ignored,
        Ok(_) if !begins_with_digit => PerPage::Ignored,
        Ok(0) => PerPage::Zero,
        Ok(n) if n > MAX_PER_PAGE => PerPage::Capped(n),
        Ok(n) => PerPage::Given(n),
    }
}

/// Ruby's `to_i` of a parameter; `None` for one without it (a Hash, an Array, `true`,
/// `false`).
fn to_i(given: Param<'_, '_, '_>) -> Option<i64> {
    match given {
        Param::Query(None) | Param::Body(Json::Null) => Some(0),
        Param::Query(Some(_)) | Param::Body(Json::String(_)) => {
            given.text().map(|t| string_to_i(&t))
        }
        Param::Body(Json::Number(Number::Unsigned(n))) => {
            Some(i64::try_from(*n).unwrap_or(i64::MAX))
        }
        Param::Body(Json::Number(Number::Signed(n))) => Some(*n),
        // `Float#to_i` truncates; `as` saturates where Ruby would make a Bignum.
        Param::Body(Json::Number(Number::Float(f))) => Some(*f as i64),
        _ => None,
    }
}

/// Ruby's `String#to_i` (base 10; `rb_int_parse_cstr` in Ruby's `bignum.c`): whitespace
/// (`\t`, `\n`, `\v`, `\f`, `\r`, space) skipped, a sign, an optional `0d` prefix, then digits
/// with single underscores between them, up to the first byte that is none of these; 0 when
/// there are no digits. Saturates at `i64`'s bounds, where Ruby makes a Bignum.
pub(crate) fn string_to_i(s: &str) -> i64 {
    let b = s.as_bytes();
    let mut i = b
        .iter()
        .position(|&c| !matches!(c, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' | b' '))
        .unwrap_or(b.len());
    let negative = match b.get(i) {
        Some(b'+') => {
            i += 1;
            false
        }
        Some(b'-') => {
            i += 1;
            true
        }
        _ => false,
    };
    if b.get(i) == Some(&b'0') && matches!(b.get(i + 1), Some(b'd' | b'D')) {
        i += 2;
    }
    let mut n: i64 = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'0'..=b'9' => n = n.saturating_mul(10).saturating_add(i64::from(c - b'0')),
            b'_' if i > 0
                && b[i - 1].is_ascii_digit()
                && b.get(i + 1).is_some_and(u8::is_ascii_digit) => {}
            _ => break,
        }
        i += 1;
    }
    if negative { -n } else { n }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_to_i_reads_as_ruby_does() {
        for (s, n) in [
            ("12", 12),
            ("  12abc", 12),
            ("\n\t7", 7),
            ("+4", 4),
            ("-3", -3),
            ("1_000", 1000),
            ("1__0", 1),
            ("1_", 1),
            ("_1", 0),
            ("0d12", 12),
            ("0D7", 7),
            ("-0d5", -5),
            ("0x1A", 0),
            ("", 0),
            ("abc", 0),
            ("- 5", 0),
            ("99999999999999999999999", i64::MAX),
        ] {
            assert_eq!(string_to_i(s), n, "{s:?}");
        }
    }

    fn read(query: &str) -> Page {
        page(&Request::new("GET", &format!("/api/moves?{query}")))
    }

    #[test]
    fn per_page_as_kaminari_reads_it() {
        for (query, per_page) in [
            ("", PerPage::Default),
            ("per_page", PerPage::Default),
            ("per_page=50", PerPage::Given(50)),
            ("per_page=5abc", PerPage::Given(5)),
            ("per_page=2000", PerPage::Given(2000)),
            ("per_page=2001", PerPage::Capped(2001)),
            ("per_page=0", PerPage::Zero),
            ("per_page=00", PerPage::Zero),
            ("per_page=0abc", PerPage::Zero),
            // No line begins with a digit: the scope is kept.
            ("per_page=abc", PerPage::Ignored),
            ("per_page=", PerPage::Ignored),
            ("per_page=%205", PerPage::Ignored),
            ("per_page=-3", PerPage::Ignored),
            // `/^\d/` matches at a line's start, and `to_i` of `x` is 0.
            ("per_page=x%0A5", PerPage::Zero),
            ("per_page=%0A5", PerPage::Given(5)),
        ] {
            assert_eq!(read(query).per_page, per_page, "{query:?}");
        }
        assert_eq!(read("per_page=5000").per_page.limit(), MAX_PER_PAGE);
        assert_eq!(read("per_page=abc").per_page.limit(), DEFAULT_PER_PAGE);
    }

    #[test]
    fn page_numbers_and_offsets() {
        for (query, number, offset) in [
            ("", 1, 0),
            ("page=3", 3, 40),
            ("page=3&per_page=50", 3, 100),
            ("page=0", 1, 0),
            ("page=-2", 1, 0),
            ("page=2abc", 2, 20),
            ("page=%202", 2, 20),
            ("page=abc", 1, 0),
        ] {
            let p = read(query);
            assert_eq!((p.number, p.offset()), (number, offset), "{query:?}");
        }
    }

    #[test]
    fn a_json_body_gives_its_values() {
        let request = Request::new("POST", "/api/moves/filtered")
            .with_standard_headers()
            .body(br#"{"page": 2.9, "per_page": 0.5}"#.to_vec());
        let p = page(&request);
        assert_eq!((p.number, p.per_page), (2, PerPage::Zero));
        assert_eq!(p.per_page_given, Some(serde_json::json!(0.5)));
        let request = Request::new("POST", "/api/moves/filtered")
            .with_standard_headers()
            .body(br#"{"per_page": false}"#.to_vec());
        let p = page(&request);
        assert_eq!((p.per_page, p.per_page_given), (PerPage::Default, None));
        assert_eq!(
            read("per_page=30").per_page_given,
            Some(serde_json::json!("30"))
        );
    }
}
