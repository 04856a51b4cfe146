//! The accessible autocomplete (WAI-ARIA combobox with a list box) over the reference
//! locations: matching, ranking and keyboard behaviour.

use crate::model::{Location, place_name};

/// One option: a location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The value sent to the API (the location id).
    pub id: String,
    /// The name, e.g. `HMP Brinsford`.
    pub label: String,
    /// The NOMIS agency code, e.g. `BSI` (may be empty).
    pub code: String,
}

impl Choice {
    /// The text the input shows once chosen: `HMP Brinsford (BSI)`.
    pub fn display(&self) -> String {
        place_name(&self.label, &self.code)
    }
}

impl From<&Location> for Choice {
    fn from(location: &Location) -> Self {
        Choice {
            id: location.id.clone(),
            label: location.title.clone(),
            code: location.code.clone(),
        }
    }
}

/// The most options listed at once.
pub const MAX_RESULTS: usize = 50;

/// How many recently chosen prisons are kept ([`remember`]).
pub const MAX_RECENT: usize = 6;

/// The choices with the `recent` ones (ids, newest first) moved to the front in that order,
/// the others as they were: [`matches()`] keeps this order within a rank, so the prisons a
/// user chose last are offered first (all of them on an empty query).
pub fn recent_first(mut choices: Vec<Choice>, recent: &[String]) -> Vec<Choice> {
    choices.sort_by_key(|c| recent.iter().position(|r| *r == c.id).unwrap_or(usize::MAX));
    choices
}

/// The recent list after `chosen` (newest first): at the front, without repeats, at most
/// [`MAX_RECENT`].
pub fn remember(recent: &[String], chosen: &[String]) -> Vec<String> {
    let mut list: Vec<String> = Vec::with_capacity(MAX_RECENT);
    for id in chosen.iter().chain(recent) {
        if !id.is_empty() && !list.contains(id) && list.len() < MAX_RECENT {
            list.push(id.clone());
        }
    }
    list
}

/// The indexes of the choices that match `query`, best first: exact code, then names
/// starting with it, then a word starting with it, then anywhere in the name or code.
/// `exclude` (an id) is left out, e.g. the prison chosen as "from" in the "to" list.
pub fn matches(choices: &[Choice], query: &str, exclude: Option<&str>) -> Vec<usize> {
    let query = query.trim().to_lowercase();
    let mut ranked: Vec<(u8, usize)> = choices
        .iter()
        .enumerate()
        .filter(|(_, c)| Some(c.id.as_str()) != exclude)
        .filter_map(|(i, c)| rank(c, &query).map(|r| (r, i)))
        .collect();
    ranked.sort_by_key(|&(rank, i)| (rank, i));
    ranked
        .into_iter()
        .map(|(_, i)| i)
        .take(MAX_RESULTS)
        .collect()
}

fn rank(choice: &Choice, query: &str) -> Option<u8> {
    if query.is_empty() {
        return Some(4);
    }
    let label = choice.label.to_lowercase();
    let code = choice.code.to_lowercase();
    let display = choice.display().to_lowercase();
    if code == query || display == query || label == query {
        Some(0)
    } else if label.starts_with(query) || code.starts_with(query) {
        Some(1)
    } else if label
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| word.starts_with(query))
    {
        Some(2)
    } else if display.contains(query) {
        Some(3)
    } else {
        None
    }
}

/// The choice the text names exactly (its name, its code, or the shown `name (CODE)`),
/// ignoring case and surrounding spaces.
pub fn exact(choices: &[Choice], text: &str) -> Option<usize> {
    let text = text.trim().to_lowercase();
    if text.is_empty() {
        return None;
    }
    choices.iter().position(|c| {
        c.display().to_lowercase() == text
            || c.label.to_lowercase() == text
            || (!c.code.is_empty() && c.code.to_lowercase() == text)
    })
}

/// A key the combobox handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// Arrow down: open, or highlight the next option.
    Down,
    /// Arrow up: highlight the previous option (from the first: back to the input).
    Up,
    /// Enter: choose the highlighted option.
    Enter,
    /// Escape: close the list.
    Escape,
}

impl Key {
    /// The key for a `KeyboardEvent.key`.
    pub fn from_dom(key: &str) -> Option<Key> {
        match key {
            "ArrowDown" | "Down" => Some(Key::Down),
            "ArrowUp" | "Up" => Some(Key::Up),
            "Enter" => Some(Key::Enter),
            "Escape" | "Esc" => Some(Key::Escape),
            _ => None,
        }
    }
}

/// What a key press did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyOutcome {
    /// Not ours: let the browser act (Enter then submits the form).
    Ignored,
    /// Handled: prevent the browser's default.
    Handled,
    /// The option at this index of the choices was chosen.
    Chosen(usize),
}

/// The state of one combobox.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Combobox {
    /// The list box is shown.
    pub open: bool,
    /// The highlighted option, as a position in the current results.
    pub active: Option<usize>,
}

impl Combobox {
    /// The user typed: show the matches, none highlighted.
    pub fn typed(&mut self, text: &str) {
        self.open = !text.trim().is_empty();
        self.active = None;
    }

    /// A key on the input, with the current `results` (indexes into the choices).
    pub fn key(&mut self, key: Key, results: &[usize]) -> KeyOutcome {
        match key {
            Key::Down => {
                if results.is_empty() {
                    self.open = true;
                    return KeyOutcome::Handled;
                }
                self.active = Some(match (self.open, self.active) {
                    (true, Some(i)) => (i + 1).min(results.len() - 1),
                    _ => 0,
                });
                self.open = true;
                KeyOutcome::Handled
            }
            Key::Up => {
                if !self.open {
                    return KeyOutcome::Ignored;
                }
                self.active = match self.active {
                    Some(0) | None => None,
                    Some(i) => Some(i - 1),
                };
                KeyOutcome::Handled
            }
            Key::Enter => match (self.open, self.active.and_then(|i| results.get(i))) {
                (true, Some(&choice)) => {
                    self.close();
                    KeyOutcome::Chosen(choice)
                }
                (true, None) => {
                    // A single match is what the user meant.
                    if let [only] = results {
                        self.close();
                        KeyOutcome::Chosen(*only)
                    } else {
                        self.close();
                        KeyOutcome::Handled
                    }
                }
                (false, _) => KeyOutcome::Ignored,
            },
            Key::Escape => {
                if self.open {
                    self.close();
                    KeyOutcome::Handled
                } else {
                    KeyOutcome::Ignored
                }
            }
        }
    }

    /// Closes the list box.
    pub fn close(&mut self) {
        self.open = false;
        self.active = None;
    }
}

/// The status text read out by screen readers as results change.
pub fn status_text(open: bool, count: usize, query: &str) -> String {
    if !open || query.trim().is_empty() {
        String::new()
    } else if count == 0 {
        "No results found".to_owned()
    } else if count == 1 {
        "1 result is available".to_owned()
    } else {
        format!("{count} results are available")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices() -> Vec<Choice> {
        [
            ("1", "HMP Brinsford", "BSI"),
            ("2", "HMP Isle of Wight", "IWI"),
            ("3", "HMP Bristol", "BLI"),
            ("4", "HMP Wandsworth", "WWI"),
        ]
        .iter()
        .map(|(id, label, code)| Choice {
            id: (*id).into(),
            label: (*label).into(),
            code: (*code).into(),
        })
        .collect()
    }

    #[test]
    fn matching_and_ranking() {
        let c = choices();
        assert_eq!(matches(&c, "bsi", None), vec![0]);
        // Recently chosen prisons first: on an empty query, and within a rank.
        let recent = vec![c[2].id.clone(), c[1].id.clone()];
        let ordered = recent_first(c.clone(), &recent);
        let ids = |indexes: Vec<usize>| -> Vec<String> {
            indexes.into_iter().map(|i| ordered[i].id.clone()).collect()
        };
        assert_eq!(ids(matches(&ordered, "", None))[..2], recent[..]);
        assert_eq!(ordered.len(), c.len());
        assert_eq!(matches(&c, "bri", None), vec![0, 2]);
        assert_eq!(matches(&c, "wi", None), vec![1, 3]);
        assert_eq!(matches(&c, "isle", None), vec![1]);
        assert_eq!(matches(&c, "", Some("2")), vec![0, 2, 3]);
        assert!(matches(&c, "zzz", None).is_empty());
        assert_eq!(matches(&c, "HMP Isle of Wight (IWI)", None), vec![1]);
    }

    #[test]
    fn exact_names() {
        let c = choices();
        assert_eq!(exact(&c, " iwi "), Some(1));
        assert_eq!(exact(&c, "HMP Brinsford (BSI)"), Some(0));
        assert_eq!(exact(&c, "hmp bristol"), Some(2));
        assert_eq!(exact(&c, "hmp"), None);
        assert_eq!(c[0].display(), "HMP Brinsford (BSI)");
    }

    #[test]
    fn keyboard() {
        let mut combo = Combobox::default();
        let results = vec![2, 0];
        assert_eq!(combo.key(Key::Enter, &results), KeyOutcome::Ignored);
        assert_eq!(combo.key(Key::Up, &results), KeyOutcome::Ignored);
        assert_eq!(combo.key(Key::Down, &results), KeyOutcome::Handled);
        assert_eq!((combo.open, combo.active), (true, Some(0)));
        combo.key(Key::Down, &results);
        combo.key(Key::Down, &results);
        assert_eq!(combo.active, Some(1));
        combo.key(Key::Up, &results);
        assert_eq!(combo.active, Some(0));
        combo.key(Key::Up, &results);
        assert_eq!(combo.active, None);
        combo.key(Key::Down, &results);
        assert_eq!(combo.key(Key::Enter, &results), KeyOutcome::Chosen(2));
        assert!(!combo.open);
        combo.typed("b");
        assert!(combo.open);
        assert_eq!(combo.key(Key::Escape, &results), KeyOutcome::Handled);
        assert_eq!(combo.key(Key::Escape, &results), KeyOutcome::Ignored);
        combo.typed("bsi");
        assert_eq!(combo.key(Key::Enter, &[0]), KeyOutcome::Chosen(0));
        combo.typed("");
        assert!(!combo.open);
        assert_eq!(Key::from_dom("ArrowDown"), Some(Key::Down));
        assert_eq!(Key::from_dom("a"), None);
    }

    #[test]
    fn status() {
        assert_eq!(status_text(true, 2, "b"), "2 results are available");
        assert_eq!(status_text(true, 1, "b"), "1 result is available");
        assert_eq!(status_text(true, 0, "b"), "No results found");
        assert_eq!(status_text(false, 2, "b"), "");
    }

    #[test]
    fn remembers_the_latest_prisons() {
        let ids = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(remember(&[], &ids(&["a", "b"])), ids(&["a", "b"]));
        assert_eq!(
            remember(&ids(&["b", "c"]), &ids(&["a", "b"])),
            ids(&["a", "b", "c"])
        );
        assert_eq!(remember(&ids(&["x"]), &ids(&["", "x"])), ids(&["x"]));
        let many = ids(&["1", "2", "3", "4", "5", "6"]);
        assert_eq!(remember(&many, &ids(&["7"])).len(), MAX_RECENT);
        assert_eq!(remember(&many, &ids(&["7"]))[0], "7");
    }
}
