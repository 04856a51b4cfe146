//! curl command lines, as API walkthroughs write them: read with the shell's quoting rules
//! (enough of them: `'…'`, `"…"`, backslashes, `\` line continuations, `#` comments,
//! `;` `&&` `||` `|` and newlines between commands), then curl's options.
//!
//! Every command whose first word is `curl` (after any `NAME=value` assignments) is a
//! request; everything else in the file (`export API=…`, `echo`, prose in comments) is
//! passed over. A word is kept with where each of its bytes comes from, so that an error in
//! the body of `--data '…'` is shown inside the quotes.

use std::ops::Range;

use basm_core::Request;

use super::input::{Encoding, HeaderInsert, HeaderPlace, Item, ItemError, Offsets, Piece};

/// One shell word: its text after quote removal, where each byte comes from, its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// The text, quotes removed and escapes applied (`$VAR` is kept as written).
    pub text: String,
    /// File offset of each byte of `text`, and one more: just past the last one.
    pub offsets: Vec<usize>,
    /// The word's span in the file, quotes included.
    pub span: Range<usize>,
}

impl Word {
    /// The word from byte `from` of its text on, as a piece of a request.
    fn piece(&self, from: usize) -> Piece {
        Piece {
            text: self.text[from..].to_owned(),
            span: self.span.clone(),
            offsets: Offsets::Table(self.offsets[from..].to_vec()),
            encoding: Encoding::Shell {
                option: self.offsets.get(from).map_or(0, |&o| o - self.span.start),
            },
        }
    }
}

/// Splits `text` into commands of words. Errors: an unterminated quote, with its offset.
pub fn words(text: &str) -> Result<Vec<Vec<Word>>, (usize, String)> {
    let bytes = text.as_bytes();
    let mut commands: Vec<Vec<Word>> = Vec::new();
    let mut command: Vec<Word> = Vec::new();
    let mut word: Option<Word> = None;
    let mut i = 0;
    let start_word = |word: &mut Option<Word>, at: usize| {
        word.get_or_insert_with(|| Word {
            text: String::new(),
            offsets: Vec::new(),
            span: at..at,
        });
    };
    // Appends the character at `at` (of `len` bytes) to the word.
    fn push(word: &mut Option<Word>, text: &str, at: usize, len: usize) {
        if let Some(w) = word {
            w.text.push_str(&text[at..at + len]);
            w.offsets.extend(at..at + len);
        }
    }
    fn end_word(word: &mut Option<Word>, command: &mut Vec<Word>, at: usize) {
        if let Some(mut w) = word.take() {
            w.span.end = at;
            let end = w.offsets.last().map_or(at, |&o| o + 1);
            w.offsets.push(end.min(at));
            command.push(w);
        }
    }
    let char_len = |at: usize| text[at..].chars().next().map_or(1, char::len_utf8);
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b' ' | b'\t' | b'\r' => {
                end_word(&mut word, &mut command, i);
                i += 1;
            }
            b'\n' | b';' | b'&' | b'|' => {
                end_word(&mut word, &mut command, i);
                if !command.is_empty() {
                    commands.push(std::mem::take(&mut command));
                }
                i += 1;
            }
            b'#' if word.is_none() => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'\\' => {
                let next = bytes.get(i + 1).copied();
                match next {
                    // A line continuation.
                    Some(b'\n') => i += 2,
                    Some(b'\r') if bytes.get(i + 2) == Some(&b'\n') => i += 3,
                    // `\ ` between words: a continuation whose newline was lost (pages that
                    // flatten a command onto one line write `curl … \ --url …`).
                    Some(b' ' | b'\t') if word.is_none() => i += 2,
                    None => i += 1,
                    Some(_) => {
                        start_word(&mut word, i);
                        let len = char_len(i + 1);
                        push(&mut word, text, i + 1, len);
                        i += 1 + len;
                    }
                }
            }
            b'\'' => {
                start_word(&mut word, i);
                let close = text[i + 1..]
                    .find('\'')
                    .map(|j| i + 1 + j)
                    .ok_or((i, "a quote (') that is never closed".to_owned()))?;
                push(&mut word, text, i + 1, close - i - 1);
                i = close + 1;
            }
            b'"' => {
                start_word(&mut word, i);
                let open = i;
                i += 1;
                loop {
                    match bytes.get(i) {
                        None => return Err((open, "a quote (\") that is never closed".into())),
                        Some(b'"') => {
                            i += 1;
                            break;
                        }
                        Some(b'\\') => match bytes.get(i + 1) {
                            Some(b'\n') => i += 2,
                            Some(b'"' | b'\\' | b'$' | b'`') => {
                                push(&mut word, text, i + 1, 1);
                                i += 2;
                            }
                            _ => {
                                push(&mut word, text, i, 1);
                                i += 1;
                            }
                        },
                        Some(_) => {
                            let len = char_len(i);
                            push(&mut word, text, i, len);
                            i += len;
                        }
                    }
                }
            }
            // `$'…'`: ANSI-C quoting, as browsers' "Copy as cURL" writes bodies.
            b'$' if bytes.get(i + 1) == Some(&b'\'') => {
                start_word(&mut word, i);
                let open = i;
                i += 2;
                loop {
                    match bytes.get(i) {
                        None => return Err((open, "a quote ($') that is never closed".into())),
                        Some(b'\'') => {
                            i += 1;
                            break;
                        }
                        Some(b'\\') => {
                            let escaped = match bytes.get(i + 1) {
                                Some(b'n') => Some('\n'),
                                Some(b't') => Some('\t'),
                                Some(b'r') => Some('\r'),
                                Some(b'\\') => Some('\\'),
                                Some(b'\'') => Some('\''),
                                Some(b'"') => Some('"'),
                                _ => None,
                            };
                            match (escaped, &mut word) {
                                (Some(c), Some(w)) => {
                                    w.text.push(c);
                                    w.offsets.push(i);
                                    i += 2;
                                }
                                _ => {
                                    push(&mut word, text, i, 1);
                                    i += 1;
                                }
                            }
                        }
                        Some(_) => {
                            let len = char_len(i);
                            push(&mut word, text, i, len);
                            i += len;
                        }
                    }
                }
            }
            _ => {
                start_word(&mut word, i);
                let len = char_len(i);
                push(&mut word, text, i, len);
                i += len;
            }
        }
    }
    end_word(&mut word, &mut command, bytes.len());
    if !command.is_empty() {
        commands.push(command);
    }
    Ok(commands)
}

/// Whether a word is the curl program.
fn is_curl(word: &str) -> bool {
    let word = word.trim_start_matches('\u{feff}');
    let name = word.rsplit(['/', '\\']).next().unwrap_or(word);
    name == "curl" || name.eq_ignore_ascii_case("curl.exe")
}

/// Whether a word is a shell assignment (`API=http://…`).
fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && !name.as_bytes()[0].is_ascii_digit()
    })
}

/// The requests of every curl command in `text`.
pub fn commands(text: &str) -> Result<Vec<Result<Item, ItemError>>, (usize, String)> {
    let mut items = Vec::new();
    for command in words(text)? {
        let Some(start) = command.iter().position(|w| !is_assignment(&w.text)) else {
            continue;
        };
        if !is_curl(&command[start].text) {
            continue;
        }
        // Pages that flatten commands onto one line run them together: an unquoted word
        // `curl` starts the next one.
        let mut from = start;
        for k in start + 1..=command.len() {
            let next = command
                .get(k)
                .is_some_and(|w| w.text == "curl" && &text[w.span.clone()] == "curl");
            if k == command.len() || next {
                items.push(request(&command[from..k]));
                from = k;
            }
        }
    }
    Ok(items)
}

/// curl options that take a value (the next word, or the rest of a short option's word),
/// other than those read below; their values are passed over.
const IGNORED_WITH_VALUE: &[&str] = &[
    "-o",
    "--output",
    "-w",
    "--write-out",
    "-m",
    "--max-time",
    "--connect-timeout",
    "--retry",
    "--retry-delay",
    "--retry-max-time",
    "-u",
    "--user",
    "-A",
    "--user-agent",
    "-e",
    "--referer",
    "-b",
    "--cookie",
    "-c",
    "--cookie-jar",
    "-x",
    "--proxy",
    "--cacert",
    "--capath",
    "--cert",
    "-E",
    "--key",
    "--resolve",
    "--limit-rate",
    "-r",
    "--range",
    "-D",
    "--dump-header",
    "--stderr",
    "--trace",
    "--trace-ascii",
    "-U",
    "--proxy-user",
    "--interface",
    "--max-redirs",
    "-K",
    "--config",
    "-y",
    "--speed-time",
    "-Y",
    "--speed-limit",
    "--expect100-timeout",
    "--retry-connrefused-delay",
];

/// Short options that take a value (for clusters such as `-sSX POST`).
const SHORT_WITH_VALUE: &str = "XHdFoOwmuAebcxrDEKyYTU";

/// What a curl option is.
enum Opt {
    Method,
    Url,
    Header,
    /// `--data` and friends; `raw`: `@` is not a file name.
    Data {
        raw: bool,
    },
    Json,
    Form,
    Get,
    Bearer,
    UploadFile,
    Ignored,
}

fn long_option(name: &str) -> Option<Opt> {
    Some(match name {
        "--request" => Opt::Method,
        "--url" => Opt::Url,
        "--header" => Opt::Header,
        "--data" | "--data-ascii" | "--data-binary" => Opt::Data { raw: false },
        "--data-raw" => Opt::Data { raw: true },
        "--json" => Opt::Json,
        "--form" | "--form-string" | "--data-urlencode" => Opt::Form,
        "--get" => Opt::Get,
        "--oauth2-bearer" => Opt::Bearer,
        "--upload-file" => Opt::UploadFile,
        _ if IGNORED_WITH_VALUE.contains(&name) => Opt::Ignored,
        _ => return None,
    })
}

fn short_option(c: char) -> Option<Opt> {
    Some(match c {
        'X' => Opt::Method,
        'H' => Opt::Header,
        'd' => Opt::Data { raw: false },
        'F' => Opt::Form,
        'G' => Opt::Get,
        'T' => Opt::UploadFile,
        _ if SHORT_WITH_VALUE.contains(c) => Opt::Ignored,
        _ => return None,
    })
}

/// One curl command (its first word is `curl`) as a request.
fn request(words: &[Word]) -> Result<Item, ItemError> {
    let curl = &words[0];
    let span = curl.span.start..words.last().map_or(curl.span.end, |w| w.span.end);
    let error = |span: Range<usize>, reason: String| ItemError { span, reason };
    let mut method: Option<Piece> = None;
    let mut url: Option<Piece> = None;
    let mut headers: Vec<HeaderPlace> = Vec::new();
    let mut header_values: Vec<(String, String)> = Vec::new();
    let mut data: Vec<Piece> = Vec::new();
    let mut get = false;
    let mut json = false;
    let mut i = 1;
    while i < words.len() {
        let word = &words[i];
        let text = word.text.as_str();
        // (option, the value's word and the byte its value starts at)
        let (opt, glued) = if text.starts_with("--") && text.len() > 2 {
            match long_option(text) {
                Some(opt) => (opt, None),
                None => {
                    i += 1;
                    continue;
                }
            }
        } else if text.starts_with('-') && text.len() > 1 {
            // A cluster of short flags, the last of which may take a value.
            let mut found = None;
            for (at, c) in text.char_indices().skip(1) {
                if let Some(opt) = short_option(c) {
                    let rest = at + c.len_utf8();
                    found = Some((opt, (rest < text.len()).then_some(rest)));
                    break;
                }
            }
            match found {
                Some((opt, glued)) => (opt, glued),
                None => {
                    i += 1;
                    continue;
                }
            }
        } else {
            if url.is_none() {
                url = Some(word.piece(0));
            }
            i += 1;
            continue;
        };
        if matches!(opt, Opt::Get) {
            get = true;
            i += 1;
            continue;
        }
        let value = match glued {
            Some(from) => word.piece(from),
            None => {
                i += 1;
                match words.get(i) {
                    Some(next) => next.piece(0),
                    None => {
                        return Err(error(
                            word.span.clone(),
                            format!("{text} needs a value after it"),
                        ));
                    }
                }
            }
        };
        match opt {
            Opt::Method => method = Some(value),
            Opt::Url => url = Some(value),
            Opt::Header => {
                let (name, header) = match value.text.split_once(':') {
                    Some((name, header)) => (name.trim(), header.trim_start()),
                    None => match value.text.strip_suffix(';') {
                        Some(name) => (name.trim(), ""),
                        None if value.text.starts_with('@') => {
                            return Err(error(
                                value.span,
                                "headers read from a file (-H @file) are not read: write them \
                                 out"
                                .to_owned(),
                            ));
                        }
                        None => {
                            return Err(error(
                                value.span,
                                format!(
                                    "header {:?} has no ':' between name and value",
                                    value.text
                                ),
                            ));
                        }
                    },
                };
                header_values.push((name.to_owned(), header.to_owned()));
                headers.push(HeaderPlace {
                    name: name.to_owned(),
                    span: value.span.clone(),
                    value: Some(value.clone()),
                });
            }
            Opt::Data { raw } => {
                if !raw && value.text.starts_with('@') {
                    return Err(error(
                        value.span,
                        format!(
                            "the body is read from a file ({}): check that file itself, or \
                             write the body here",
                            value.text
                        ),
                    ));
                }
                data.push(value);
            }
            Opt::Json => {
                json = true;
                data.push(value);
            }
            Opt::Form => {
                return Err(error(
                    value.span,
                    "a form (-F, --form, --data-urlencode) is not a JSON:API body".to_owned(),
                ));
            }
            Opt::UploadFile => {
                return Err(error(
                    value.span,
                    "an upload (-T) is not read: check the file itself".to_owned(),
                ));
            }
            Opt::Bearer => {
                header_values.push(("Authorization".to_owned(), format!("Bearer {}", value.text)));
            }
            Opt::Get | Opt::Ignored => {}
        }
        i += 1;
    }
    let Some(url) = url else {
        return Err(error(
            curl.span.clone(),
            "this curl command has no URL".to_owned(),
        ));
    };
    let path_from = host_len(&url.text);
    let mut path = url.text[path_from..].to_owned();
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    // curl joins several --data with '&'.
    let body = join(data);
    if json {
        // `--json` sets these unless the command sets them.
        for (name, value) in [
            ("Content-Type", "application/json"),
            ("Accept", "application/json"),
        ] {
            if !header_values
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name))
            {
                header_values.push((name.to_owned(), value.to_owned()));
            }
        }
    }
    let default_method = if body.is_some() && !get {
        "POST"
    } else {
        "GET"
    };
    let method_text = method.as_ref().map_or(default_method, |m| m.text.as_str());
    let mut request = Request::new(method_text, &path);
    // Headers with an empty value are removed by curl (`-H 'Accept:'`).
    request.headers = header_values
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let mut body = body;
    if get && let Some(data) = body.take() {
        let joiner = if request.path.contains('?') { '&' } else { '?' };
        request.path = format!("{}{joiner}{}", request.path, data.text);
    }
    if let Some(body) = &body {
        request.body = body.text.clone().into_bytes();
    }
    let insert_at = headers.last().map_or(url.span.end, |h| h.span.end);
    Ok(Item {
        request,
        span,
        anchor: curl.span.clone(),
        method,
        path: Some(url),
        path_from,
        headers,
        header_insert: Some(HeaderInsert::Curl { at: insert_at }),
        body,
    })
}

/// Several `--data` values joined with `&`, as curl sends them; one is kept as it is.
fn join(mut data: Vec<Piece>) -> Option<Piece> {
    if data.len() <= 1 {
        return data.pop();
    }
    let mut text = String::new();
    let mut table = Vec::new();
    let span = data[0].span.start..data[data.len() - 1].span.end;
    for (k, piece) in data.iter().enumerate() {
        if k > 0 {
            text.push('&');
            table.push(piece.offsets.map(0));
        }
        text.push_str(&piece.text);
        table.extend((0..piece.text.len()).map(|i| piece.offsets.map(i)));
    }
    table.push(
        data[data.len() - 1]
            .offsets
            .map(data[data.len() - 1].text.len()),
    );
    Some(Piece {
        text,
        span,
        offsets: Offsets::Table(table),
        encoding: Encoding::Joined,
    })
}

/// How long the part of a URL before its path is: `http://server`, `$API`, `${BASE_URL}`,
/// `localhost:3000`; 0 when the URL is a path.
pub fn host_len(url: &str) -> usize {
    if url.starts_with('/') {
        return 0;
    }
    if let Some(scheme_end) = url.find("://") {
        let rest = scheme_end + 3;
        return url[rest..].find(['/', '?']).map_or(url.len(), |i| rest + i);
    }
    url.find(['/', '?']).unwrap_or(url.len())
}

/// A shell word for `text`: in single quotes (`'` written `'\''`), or in double quotes when
/// `keep_vars` and the text has a `$` to expand.
pub fn quote(text: &str, keep_vars: bool) -> String {
    if keep_vars && text.contains('$') {
        let mut out = String::from("\"");
        for c in text.chars() {
            if matches!(c, '"' | '\\' | '`') {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
        out
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<Vec<String>> {
        words(text)
            .unwrap()
            .into_iter()
            .map(|c| c.into_iter().map(|w| w.text).collect())
            .collect()
    }

    #[test]
    fn shell_words() {
        assert_eq!(
            texts("curl -X POST \\\n  \"$API/a b\" -d 'x \"y\"' # c\necho a\\ b; ls"),
            vec![
                vec!["curl", "-X", "POST", "$API/a b", "-d", "x \"y\""],
                vec!["echo", "a b"],
                vec!["ls"]
            ]
        );
        // `\ ` between words (a flattened continuation) separates them.
        assert_eq!(texts("curl \\ --url x"), vec![vec!["curl", "--url", "x"]]);
        assert_eq!(texts("a \"q\\\"\\n\""), vec![vec!["a", "q\"\\n"]]);
        assert_eq!(
            texts(r#"curl --data-raw $'{"a": "it\'s\\n"}' x"#),
            vec![vec!["curl", "--data-raw", "{\"a\": \"it's\\n\"}", "x"]]
        );
        assert_eq!(words("curl 'abc").unwrap_err().0, 5);
        assert_eq!(words("x \"abc").unwrap_err().0, 2);
    }

    #[test]
    fn word_offsets_point_into_the_quotes() {
        let text = "curl -d '{\"a\": 1}'";
        let command = &words(text).unwrap()[0];
        let data = &command[2];
        assert_eq!(data.span, 8..text.len());
        assert_eq!(data.offsets[0], 9);
        assert_eq!(*data.offsets.last().unwrap(), text.len() - 1);
        let text = "curl -H\"A: \\\"b\"";
        let header = &words(text).unwrap()[0][1];
        assert_eq!(header.text, "-HA: \"b");
        assert_eq!(&text[header.offsets[5]..header.offsets[6]], "\"");
    }

    #[test]
    fn curl_requests() {
        let text = "API=http://localhost:3000\ncurl -sS -XPOST \"$API/api/events?x=1\" \\\n  -H 'Content-Type: application/vnd.api+json' \\\n  --header \"Authorization: Bearer $TOKEN\" -H 'X-Empty;' -H 'Accept:' \\\n  --data-raw '{\"data\": {}}'\ncurl http://server/api/moves --oauth2-bearer t -G -d 'a=1'\n";
        let items = commands(text).unwrap();
        assert_eq!(items.len(), 2);
        let post = items[0].as_ref().unwrap();
        assert_eq!(post.request.method, "POST");
        assert_eq!(post.request.path, "/api/events?x=1");
        assert_eq!(
            post.request.headers,
            vec![
                ("Content-Type".into(), "application/vnd.api+json".into()),
                ("Authorization".into(), "Bearer $TOKEN".into())
            ]
        );
        assert_eq!(post.request.body, b"{\"data\": {}}");
        let body = post.body.as_ref().unwrap();
        assert_eq!(&text[body.map(0..body.text.len())], "{\"data\": {}}");
        let get = items[1].as_ref().unwrap();
        assert_eq!(get.request.method, "GET");
        assert_eq!(get.request.path, "/api/moves?a=1");
        assert_eq!(
            get.request.header_value("authorization").as_deref(),
            Some("Bearer t")
        );
        assert!(get.request.body.is_empty());
        // Two commands run together on one line (a flattened page) are two requests.
        let two = commands("curl -X POST http://s/api/a -d '{}' curl http://s/api/b").unwrap();
        assert_eq!(two.len(), 2);
        assert_eq!(two[1].as_ref().unwrap().request.path, "/api/b");
        assert_eq!(two[1].as_ref().unwrap().request.method, "GET");
    }

    #[test]
    fn curl_refusals() {
        for (text, reason) in [
            ("curl -F a=b http://x/api", "form"),
            ("curl -d @body.json http://x/api", "read from a file"),
            ("curl -X POST", "no URL"),
            ("curl http://x/api -H", "needs a value"),
            ("curl http://x/api -H nocolon", "no ':'"),
        ] {
            let items = commands(text).unwrap();
            let e = items[0].as_ref().unwrap_err();
            assert!(e.reason.contains(reason), "{text}: {}", e.reason);
        }
        for (url, len) in [
            ("/api/x", 0),
            ("http://server/api/x", 13),
            ("$API/api/x", 4),
            ("${API}/api", 6),
            ("localhost:3000?x", 14),
            ("https://h", 9),
        ] {
            assert_eq!(host_len(url), len, "{url}");
        }
        assert_eq!(quote("a'b", true), r"'a'\''b'");
        assert_eq!(quote("$API/x\"", true), "\"$API/x\\\"\"");
        assert_eq!(quote("$x", false), "'$x'");
    }
}
