//! JSON pointers (RFC 6901) to the exact place of a value in a request body.

/// Appends one reference token to a pointer, escaping `~` as `~0` and `/` as `~1`.
pub fn push(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// Builds a pointer from tokens: `join(&["data", "attributes"])` → `/data/attributes`.
pub fn join(tokens: &[&str]) -> String {
    tokens.iter().fold(String::new(), |p, t| push(&p, t))
}

/// `/data/attributes/<name>`.
pub fn attribute(name: &str) -> String {
    join(&["data", "attributes", name])
}

/// `/data/attributes/details/<name>`.
pub fn detail(name: &str) -> String {
    join(&["data", "attributes", "details", name])
}

/// `/data/relationships/<name>`.
pub fn relationship(name: &str) -> String {
    join(&["data", "relationships", name])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_tilde_and_slash() {
        for (token, expected) in [
            ("plain", "/plain"),
            ("a/b", "/a~1b"),
            ("m~n", "/m~0n"),
            ("~/", "/~0~1"),
            ("", "/"),
        ] {
            assert_eq!(push("", token), expected);
        }
        assert_eq!(
            detail("vehicle_reg"),
            "/data/attributes/details/vehicle_reg"
        );
        assert_eq!(relationship("to/x"), "/data/relationships/to~1x");
    }
}
