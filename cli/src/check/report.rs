//! The three outputs of `basm check`: text like a compiler's (`file:line:column`, the source
//! line, a caret under the value), JSON (one verdict per request) and JUnit XML (for CI).

use std::fmt::Write as _;
use std::ops::Range;

use basm_core::span::{self, Spanned};
use basm_core::{ErrorSource, Verdict};

use super::input::{Item, ItemError};

/// Line starts of a text, for `line:column`.
#[derive(Debug, Clone)]
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    /// Indexes `text`'s lines.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    /// The 0-based line of byte `at`.
    fn line_of(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at).saturating_sub(1)
    }

    /// 1-based line and column (in characters) of byte `at` of `text`.
    pub fn position(&self, text: &str, at: usize) -> (usize, usize) {
        let at = floor_char(text, at.min(text.len()));
        let line = self.line_of(at);
        let column = text[self.starts[line]..at].chars().count() + 1;
        (line + 1, column)
    }

    /// The text of the 0-based line `line`, without its line ending.
    fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let start = self.starts[line];
        let end = self.starts.get(line + 1).map_or(text.len(), |&e| e - 1);
        text[start..end.max(start)].trim_end_matches('\r')
    }
}

/// The largest character boundary at or before `at`.
fn floor_char(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// One file as read: its name as the user gave it (or the fixed copy's), its text, its
/// requests.
#[derive(Debug)]
pub struct File {
    /// The name shown.
    pub name: String,
    /// The text.
    pub text: String,
    /// Its lines.
    pub lines: Lines,
    /// Its requests, in order: judged, or why not.
    pub entries: Vec<Entry>,
}

/// One request of a file.
#[derive(Debug)]
pub enum Entry {
    /// Read and judged.
    Judged(Box<Judged>),
    /// Not a request that can be judged.
    Unreadable(ItemError),
}

/// A request and its verdict.
#[derive(Debug)]
pub struct Judged {
    /// Where the request is.
    pub item: Item,
    /// What the API would answer.
    pub verdict: Verdict,
}

/// Where in the file the place an error names is: a body pointer's value, a header's
/// entry, a query parameter; the request itself when it is none of these or is not written.
pub fn locate(item: &Item, body: Option<&Spanned>, source: &ErrorSource) -> Range<usize> {
    if let Some(pointer) = source.pointer.as_deref()
        && let Some(piece) = &item.body
    {
        return match body {
            Some(tree) => {
                let (value, _) = tree.find_nearest(pointer);
                piece.map(value.span())
            }
            None => piece.span.clone(),
        };
    }
    if let Some(name) = source.header.as_deref() {
        if let Some(place) = item
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
        {
            return place.span.clone();
        }
        return item.anchor.clone();
    }
    if let Some(name) = source.parameter.as_deref()
        && let Some(path) = &item.path
    {
        let from = item.path_from;
        if let Some(range) = parameter_span(&path.text[from..], name) {
            return path.map(range.start + from..range.end + from);
        }
        return path.span.clone();
    }
    item.anchor.clone()
}

/// The span of query parameter `name` (`name=value`) in `path`, its name percent-decoded.
fn parameter_span(path: &str, name: &str) -> Option<Range<usize>> {
    let query_start = path.find('?')? + 1;
    let query_end = path.find('#').unwrap_or(path.len()).max(query_start);
    let mut at = query_start;
    for pair in path[query_start..query_end].split('&') {
        let key = pair.split_once('=').map_or(pair, |(k, _)| k);
        if basm_core::request::percent_decode(key) == name {
            return Some(at..at + pair.len());
        }
        at += pair.len() + 1;
    }
    None
}

/// The body's tree, when it is JSON.
pub fn body_tree(item: &Item) -> Option<Spanned> {
    item.body.as_ref().and_then(|b| span::parse(&b.text).ok())
}

/// A status and the words HTTP gives it.
pub fn status_text(status: u16) -> String {
    let words = match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        409 => "Conflict",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        500 => "Internal Server Error: the API crashes on this request, never send it",
        _ => "",
    };
    if words.is_empty() {
        status.to_string()
    } else {
        format!("{status} {words}")
    }
}

/// The request's one-line description: `METHOD path`.
/// `METHOD path`, a path longer than [`MAX_SHOWN`] cut there with `…` and its length (an
/// over-long query is itself what the API's server refuses: its line would be the query).
fn request_name(item: &Item) -> String {
    let path = &item.request.path;
    let method = item.request.method_name();
    if path.len() <= MAX_SHOWN {
        return format!("{method} {path}");
    }
    let shown = &path[..floor_char(path, MAX_SHOWN)];
    format!("{method} {shown}… ({} bytes)", path.len())
}

/// The widest source line shown whole; longer lines are shown around the value.
const MAX_SHOWN: usize = 120;

/// The source line of `span` with a caret under it (`^~~~`), indented as compilers do.
fn snippet(out: &mut String, file: &File, span: &Range<usize>) {
    let text = &file.text;
    let start = floor_char(text, span.start.min(text.len()));
    let line = file.lines.line_of(start);
    let line_text = file.lines.line_text(text, line);
    let line_start = file.lines.starts[line];
    let end = floor_char(text, span.end.min(line_start + line_text.len())).max(start);
    let chars: Vec<(usize, char)> = line_text.char_indices().collect();
    let col = chars.partition_point(|(i, _)| line_start + i < start);
    let width = chars[col..]
        .iter()
        .take_while(|(i, _)| line_start + i < end)
        .count()
        .max(1);
    // A window on long lines (minified JSON): from a little before the value.
    let (from, to) = if chars.len() <= MAX_SHOWN {
        (0, chars.len())
    } else {
        let from = col.saturating_sub(30);
        (from, (from + MAX_SHOWN).min(chars.len()))
    };
    let shown: String = chars[from..to].iter().map(|(_, c)| c).collect();
    let number = (line + 1).to_string();
    let gutter = " ".repeat(number.len());
    let lead = if from > 0 { "…" } else { "" };
    let tail = if to < chars.len() { "…" } else { "" };
    let _ = writeln!(out, "{gutter} |");
    let _ = writeln!(out, "{number} | {lead}{shown}{tail}");
    // Under a tab, a tab: the caret stays under the value whatever the tab width.
    let pad: String = chars[from..col.max(from)]
        .iter()
        .map(|(_, c)| if *c == '\t' { '\t' } else { ' ' })
        .collect();
    let visible = width.min(to.saturating_sub(col)).max(1);
    let _ = writeln!(
        out,
        "{gutter} | {}{pad}^{}",
        if from > 0 { " " } else { "" },
        "~".repeat(visible - 1)
    );
}

/// The text report of one file: for each request that is refused or warned about, a line for
/// the request, then each error with its place, source line and caret (and `help:` when the
/// error has a fix), then its warnings, one line each.
pub fn text_file(out: &mut String, file: &File) {
    for (k, entry) in file.entries.iter().enumerate() {
        let Entry::Judged(judged) = entry else {
            continue;
        };
        let Judged { item, verdict } = judged.as_ref();
        if verdict.errors.is_empty() && verdict.warnings.is_empty() {
            continue;
        }
        let (line, col) = file.lines.position(&file.text, item.anchor.start);
        let _ = writeln!(
            out,
            "{}:{line}:{col}: request {}: {}: the API would answer {}",
            file.name,
            k + 1,
            request_name(item),
            status_text(verdict.status)
        );
        let tree = body_tree(item);
        for error in &verdict.errors {
            let span = locate(item, tree.as_ref(), &error.source);
            let (line, col) = file.lines.position(&file.text, span.start);
            let _ = writeln!(
                out,
                "{}:{line}:{col}: error[{}]: {}",
                file.name, error.code, error.detail
            );
            snippet(out, file, &span);
            if let Some(fix) = &*error.meta.fix {
                let gutter = " ".repeat(line.to_string().len());
                let _ = writeln!(out, "{gutter} = help: {}", fix.description);
                if !fix.suggestions.is_empty() {
                    let _ = writeln!(
                        out,
                        "{gutter} = help: one of: {}",
                        fix.suggestions.join(", ")
                    );
                }
            }
        }
        for warning in &verdict.warnings {
            let span = locate(item, tree.as_ref(), &warning.source);
            let (line, col) = file.lines.position(&file.text, span.start);
            let _ = writeln!(
                out,
                "{}:{line}:{col}: warning[{}]: {}",
                file.name,
                warning.code(),
                warning.detail()
            );
        }
    }
}

/// Counts over every judged request.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Requests judged valid.
    pub valid: usize,
    /// Requests judged invalid.
    pub invalid: usize,
    /// Requests that could not be read.
    pub unreadable: usize,
    /// Warnings.
    pub warnings: usize,
    /// Checks not run for want of facts.
    pub unchecked: usize,
}

impl Counts {
    /// Counts the requests of `files`.
    pub fn of<'f>(files: impl IntoIterator<Item = &'f File>) -> Self {
        let mut counts = Counts::default();
        for entry in files.into_iter().flat_map(|f| &f.entries) {
            match entry {
                Entry::Judged(j) => {
                    if j.verdict.valid {
                        counts.valid += 1;
                    } else {
                        counts.invalid += 1;
                    }
                    counts.warnings += j.verdict.warnings.len();
                    counts.unchecked += j.verdict.unchecked.len();
                }
                Entry::Unreadable(_) => counts.unreadable += 1,
            }
        }
        counts
    }

    /// `3 requests: 2 valid, 1 invalid` (and what could not be read, the warnings).
    pub fn summary(&self) -> String {
        let total = self.valid + self.invalid + self.unreadable;
        let mut s = format!(
            "{total} request{}: {} valid, {} invalid",
            if total == 1 { "" } else { "s" },
            self.valid,
            self.invalid
        );
        if self.unreadable > 0 {
            let _ = write!(s, ", {} not readable", self.unreadable);
        }
        if self.warnings > 0 {
            let _ = write!(
                s,
                " ({} warning{})",
                self.warnings,
                if self.warnings == 1 { "" } else { "s" }
            );
        }
        s
    }
}

/// Writes `s` as a JSON string.
fn json_string(out: &mut String, s: &str) {
    out.push_str(&serde_json::Value::from(s).to_string());
}

/// The JSON report: an array with one object a judged request, in file order:
/// `{"file", "index", "line", "column", "method", "path", "verdict"}`, where `index` is the
/// request's 1-based place in its file, `line`/`column` where it starts, and `verdict` the
/// verdict's JSON form exactly as core writes it (`Verdict::to_json`).
pub fn json(files: &[File]) -> String {
    let mut out = String::from("[");
    let mut first = true;
    for file in files {
        for (k, entry) in file.entries.iter().enumerate() {
            let Entry::Judged(judged) = entry else {
                continue;
            };
            let (line, column) = file.lines.position(&file.text, judged.item.span.start);
            out.push_str(if first { "\n  " } else { ",\n  " });
            first = false;
            out.push_str("{\"file\": ");
            json_string(&mut out, &file.name);
            let _ = write!(
                out,
                ", \"index\": {}, \"line\": {line}, \"column\": {column}, \"method\": ",
                k + 1
            );
            json_string(&mut out, &judged.item.request.method);
            out.push_str(", \"path\": ");
            json_string(&mut out, &judged.item.request.path);
            out.push_str(", \"verdict\": ");
            out.push_str(&judged.verdict.to_json());
            out.push('}');
        }
    }
    out.push_str(if first { "]\n" } else { "\n]\n" });
    out
}

/// `s` escaped for XML text and attributes; characters XML 1.0 cannot hold become U+FFFD.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A file that could not be read at all, for the JUnit report.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The file as named (with `:line:column` when a place is at fault).
    pub name: String,
    /// Why.
    pub reason: String,
}

/// The JUnit report: a `testsuite` a file, a `testcase` a request (`failure` when the API
/// would refuse it, `error` when it cannot be read), a `testsuite` with one `error` for each
/// file that could not be read.
pub fn junit(files: &[File], problems: &[Problem]) -> String {
    let counts = Counts::of(files);
    let total = counts.valid + counts.invalid + counts.unreadable + problems.len();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"basm check\" tests=\"{total}\" failures=\"{}\" errors=\"{}\">",
        counts.invalid,
        counts.unreadable + problems.len()
    );
    for file in files {
        let c = Counts::of([file]);
        let name = xml_escape(&file.name);
        let _ = writeln!(
            out,
            "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">",
            file.entries.len(),
            c.invalid,
            c.unreadable
        );
        for (k, entry) in file.entries.iter().enumerate() {
            match entry {
                Entry::Judged(judged) => {
                    let Judged { item, verdict } = judged.as_ref();
                    let (line, _) = file.lines.position(&file.text, item.span.start);
                    let _ = write!(
                        out,
                        "    <testcase classname=\"{name}\" name=\"{}\"",
                        xml_escape(&format!(
                            "request {} (line {line}): {}",
                            k + 1,
                            request_name(item)
                        ))
                    );
                    if verdict.valid {
                        out.push_str("/>\n");
                        continue;
                    }
                    out.push_str(">\n");
                    let first = verdict.errors.first();
                    let message = format!(
                        "{}{}",
                        status_text(verdict.status),
                        first.map_or(String::new(), |e| format!(": {}", e.detail))
                    );
                    let tree = body_tree(item);
                    let mut body = String::new();
                    for error in &verdict.errors {
                        let span = locate(item, tree.as_ref(), &error.source);
                        let (line, col) = file.lines.position(&file.text, span.start);
                        let _ = writeln!(
                            body,
                            "{}:{line}:{col}: error[{}]: {}",
                            file.name, error.code, error.detail
                        );
                    }
                    let _ = writeln!(
                        out,
                        "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                        xml_escape(&message),
                        verdict.status,
                        xml_escape(&body)
                    );
                    out.push_str("    </testcase>\n");
                }
                Entry::Unreadable(e) => {
                    let (line, col) = file.lines.position(&file.text, e.span.start);
                    let _ = writeln!(
                        out,
                        "    <testcase classname=\"{name}\" name=\"request {} (line {line})\">\n      <error message=\"{}\"/>\n    </testcase>",
                        k + 1,
                        xml_escape(&format!("{}:{line}:{col}: {}", file.name, e.reason))
                    );
                }
            }
        }
        out.push_str("  </testsuite>\n");
    }
    for problem in problems {
        let name = xml_escape(&problem.name);
        let _ = writeln!(
            out,
            "  <testsuite name=\"{name}\" tests=\"1\" failures=\"0\" errors=\"1\">\n    <testcase classname=\"{name}\" name=\"read\">\n      <error message=\"{}\"/>\n    </testcase>\n  </testsuite>",
            xml_escape(&problem.reason)
        );
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let text = "ab\n\té\"x\"\r\nlast";
        let lines = Lines::new(text);
        assert_eq!(lines.position(text, 0), (1, 1));
        assert_eq!(lines.position(text, 3), (2, 1));
        // After a tab and a two-byte character: the third character.
        assert_eq!(lines.position(text, 6), (2, 3));
        assert_eq!(lines.position(text, text.len()), (3, 5));
        assert_eq!(lines.line_text(text, 1), "\té\"x\"");
    }

    #[test]
    fn parameters_are_found_by_their_decoded_names() {
        let path = "/api/moves?filter%5Bdate_from%5D=x&sort[by]=y#f";
        let span = parameter_span(path, "sort[by]").unwrap();
        assert_eq!(&path[span], "sort[by]=y");
        let span = parameter_span(path, "filter[date_from]").unwrap();
        assert_eq!(&path[span], "filter%5Bdate_from%5D=x");
        assert!(parameter_span(path, "include").is_none());
        assert!(parameter_span("/api/moves", "x").is_none());
    }

    #[test]
    fn xml_is_escaped() {
        assert_eq!(
            xml_escape("a<b>&\"c'\u{1}\n"),
            "a&lt;b&gt;&amp;&quot;c&apos;\u{fffd}\n"
        );
    }

    #[test]
    fn summaries() {
        let counts = Counts {
            valid: 2,
            invalid: 1,
            unreadable: 0,
            warnings: 0,
            unchecked: 3,
        };
        assert_eq!(counts.summary(), "3 requests: 2 valid, 1 invalid");
        let one = Counts {
            valid: 1,
            warnings: 1,
            unreadable: 1,
            ..Counts::default()
        };
        assert_eq!(
            one.summary(),
            "2 requests: 1 valid, 0 invalid, 1 not readable (1 warning)"
        );
    }
}

#[cfg(test)]
mod text_tests {
    use basm_core::{ApiError, Edit, ErrorSource, Fix, Verdict};

    use super::*;
    use crate::check::input::{self, Options};

    #[test]
    fn errors_show_their_fix_as_help() {
        let text = "{\"method\": \"GET\",\n \"path\": \"/api/moves?sort%5Bby%5D=colour\"}\n";
        let item = input::read(text.as_bytes(), &Options::default()).unwrap()[0]
            .clone()
            .unwrap();
        let mut error = ApiError::new(
            "inclusion",
            "Invalid value",
            "Sort by is not included in the list",
            ErrorSource::parameter("sort[by]"),
        );
        *error.meta.fix = Some(Fix {
            description: "Sort by one of the allowed values".into(),
            edit: Some(Edit {
                source: ErrorSource::parameter("sort[by]"),
                value: serde_json::json!("date"),
            }),
            suggestions: vec!["date".into(), "name".into()],
        });
        let file = File {
            name: "f.json".into(),
            text: text.into(),
            lines: Lines::new(text),
            entries: vec![Entry::Judged(Box::new(Judged {
                item,
                verdict: Verdict::refused(422, vec![error]),
            }))],
        };
        let mut out = String::new();
        text_file(&mut out, &file);
        assert_eq!(
            out,
            "f.json:1:1: request 1: GET /api/moves?sort%5Bby%5D=colour: the API would answer 422 Unprocessable Content
f.json:2:22: error[inclusion]: Sort by is not included in the list
  |
2 |  \"path\": \"/api/moves?sort%5Bby%5D=colour\"}
  |                      ^~~~~~~~~~~~~~~~~~~
  = help: Sort by one of the allowed values
  = help: one of: date, name
"
        );
    }

    /// A path longer than a line is named by its start and its length.
    #[test]
    fn long_paths_are_named_by_their_start() {
        let item_of = |path: &str| {
            let text = serde_json::json!({ "method": "GET", "path": path }).to_string();
            input::read(text.as_bytes(), &Options::default()).unwrap()[0]
                .clone()
                .unwrap()
        };
        let path = format!("/api/moves?include={}", vec!["é"; 100].join(","));
        let name = request_name(&item_of(&path));
        assert!(name.starts_with("GET /api/moves?include=é,é"), "{name}");
        assert!(
            name.ends_with(&format!("… ({} bytes)", path.len())),
            "{name}"
        );
        assert!(name.chars().count() < MAX_SHOWN + 20, "{name}");
        assert_eq!(request_name(&item_of("/api/moves")), "GET /api/moves");
    }
}
