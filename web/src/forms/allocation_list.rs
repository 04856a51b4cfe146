//! The allocations list's state, kept in the URL so a view can be bookmarked and shared:
//! `/allocations?from=2026-05-18&to=2026-05-24&status=unfilled%2Cfilled&from_location=<id>,<id>&prison=wight&sort=date&direction=asc&page=2`.
//! Every filter is one of the API's (`GET /api/allocations`): the list is one request.

use basm_core::time::{Date, parse_iso_date};

use super::format::week_start;
use crate::url::encode;
use basm_core::time::{day_month_year, long_date};

/// Allocations shown per page.
pub const PER_PAGE: u32 = 20;

/// The page sizes a user can choose (`per_page` in the URL); the first is the default.
pub const PAGE_SIZES: [u32; 3] = [PER_PAGE, 50, 100];

/// A week (Monday to Sunday) or a single day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Monday to Sunday.
    Week,
    /// One day.
    Day,
}

impl Period {
    /// The value of the `view` parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Day => "day",
        }
    }

    /// The query string of this period's list, everything else default: `view=day`.
    pub fn query(self) -> String {
        format!("view={}", self.as_str())
    }
}

/// The statuses an allocation has (the status filter's checkboxes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Places still to fill.
    Unfilled,
    /// Every place filled.
    Filled,
    /// Cancelled.
    Cancelled,
}

impl Status {
    /// Every status, in page order.
    pub const ALL: [Status; 3] = [Status::Unfilled, Status::Filled, Status::Cancelled];

    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unfilled => "unfilled",
            Status::Filled => "filled",
            Status::Cancelled => "cancelled",
        }
    }

    /// The status of a wire value.
    pub fn parse(value: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// The checkbox label.
    pub fn label(self) -> &'static str {
        match self {
            Status::Unfilled => "Unfilled",
            Status::Filled => "Filled",
            Status::Cancelled => "Cancelled",
        }
    }
}

/// The sortable columns (the API's `sort[by]` values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    /// Date.
    Date,
    /// From prison.
    FromLocation,
    /// To prison.
    ToLocation,
    /// Number of people.
    MovesCount,
}

impl SortBy {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            SortBy::Date => "date",
            SortBy::FromLocation => "from_location",
            SortBy::ToLocation => "to_location",
            SortBy::MovesCount => "moves_count",
        }
    }

    fn parse(value: &str) -> Option<SortBy> {
        [
            SortBy::Date,
            SortBy::FromLocation,
            SortBy::ToLocation,
            SortBy::MovesCount,
        ]
        .into_iter()
        .find(|s| s.as_str() == value)
    }

    /// The column heading.
    pub fn label(self) -> &'static str {
        match self {
            SortBy::Date => "Date",
            SortBy::FromLocation => "From",
            SortBy::ToLocation => "To",
            SortBy::MovesCount => "Size",
        }
    }
}

/// Everything the list shows, as in the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    /// The first day shown.
    pub from: Date,
    /// The last day shown (not before `from`).
    pub to: Date,
    /// The statuses shown, in [`Status::ALL`] order; never empty (none chosen is all).
    pub statuses: Vec<Status>,
    /// Only allocations from or to this location id (the API's `filter[locations]`, which
    /// it refuses beside the next two: choosing either drops it).
    pub location: Option<String>,
    /// Only allocations from one of these location ids (`filter[from_locations]`).
    pub from_locations: Vec<String>,
    /// Only allocations to one of these location ids (`filter[to_locations]`).
    pub to_locations: Vec<String>,
    /// A prison's name or part of it, from or to (`search[location]`).
    pub search_location: String,
    /// A person's last name or part of it (`search[person]`).
    pub search_person: String,
    /// The sorted column.
    pub sort: SortBy,
    /// Ascending?
    pub ascending: bool,
    /// 1-based page.
    pub page: u32,
    /// Allocations a page, one of [`PAGE_SIZES`].
    pub per_page: u32,
}

/// The URL parameters [`ListQuery`] reads (`view` and `date` are the older form of a range).
pub const PARAMETERS: [&str; 14] = [
    "from",
    "to",
    "view",
    "date",
    "status",
    "location",
    "from_location",
    "to_location",
    "prison",
    "person",
    "sort",
    "direction",
    "page",
    "per_page",
];

/// One filter in force, shown as a tag whose link removes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selected {
    /// The filter's name: "Status", "From", …
    pub heading: &'static str,
    /// What it is set to: "Unfilled", "HMP Brinsford (BSI)", …
    pub value: String,
    /// The list without it.
    pub without: ListQuery,
}

fn ids(value: &str) -> Vec<String> {
    let mut list: Vec<String> = Vec::new();
    for id in value.split(',').map(str::trim).filter(|id| !id.is_empty()) {
        if !list.iter().any(|known| known == id) {
            list.push(id.to_owned());
        }
    }
    list
}

fn push_list(query: &mut String, name: &str, values: &[String]) {
    if !values.is_empty() {
        query.push_str(&format!("&{name}="));
        query.push_str(&encode(&values.join(",")));
    }
}

impl ListQuery {
    /// The default view: this week, unfilled, by date ascending.
    pub fn new(today: Date) -> Self {
        let monday = week_start(today);
        ListQuery {
            from: monday,
            to: monday.add_days(6),
            statuses: vec![Status::Unfilled],
            location: None,
            from_locations: Vec::new(),
            to_locations: Vec::new(),
            search_location: String::new(),
            search_person: String::new(),
            sort: SortBy::Date,
            ascending: true,
            page: 1,
            per_page: PER_PAGE,
        }
    }

    /// Reads the URL's query parameters ([`PARAMETERS`]); anything missing or invalid takes
    /// its default.
    pub fn from_pairs(pairs: &[(String, String)], today: Date) -> Self {
        let get = |name: &str| {
            pairs
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let mut query = ListQuery::new(today);
        let from = get("from").and_then(parse_iso_date);
        let to = get("to").and_then(parse_iso_date);
        match (from, to) {
            (Some(from), Some(to)) => (query.from, query.to) = (from.min(to), from.max(to)),
            (Some(day), None) | (None, Some(day)) => (query.from, query.to) = (day, day),
            (None, None) => {
                let date = get("date").and_then(parse_iso_date).unwrap_or(today);
                (query.from, query.to) = if get("view") == Some(Period::Day.as_str()) {
                    (date, date)
                } else {
                    (week_start(date), week_start(date).add_days(6))
                };
            }
        }
        if let Some(value) = get("status") {
            let listed: Vec<Status> = value
                .split(',')
                .filter_map(|v| Status::parse(v.trim()))
                .collect();
            let chosen: Vec<Status> = Status::ALL
                .into_iter()
                .filter(|s| listed.contains(s))
                .collect();
            if !chosen.is_empty() {
                query.statuses = chosen;
            }
        }
        query.location = get("location")
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned);
        query.from_locations = get("from_location").map(ids).unwrap_or_default();
        query.to_locations = get("to_location").map(ids).unwrap_or_default();
        if !query.from_locations.is_empty() || !query.to_locations.is_empty() {
            query.location = None;
        }
        query.search_location = get("prison").unwrap_or("").trim().to_owned();
        query.search_person = get("person").unwrap_or("").trim().to_owned();
        if let Some(sort) = get("sort").and_then(SortBy::parse) {
            query.sort = sort;
        }
        query.ascending = get("direction") != Some("desc");
        query.page = get("page")
            .and_then(|p| p.parse().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1);
        query.per_page = get("per_page")
            .and_then(|n| n.parse().ok())
            .filter(|n| PAGE_SIZES.contains(n))
            .unwrap_or(PER_PAGE);
        query
    }

    /// The list's query string for this state (the path is
    /// [`crate::routes::Page::Allocations`]'s).
    pub fn query(&self) -> String {
        let statuses: Vec<&str> = self.statuses.iter().map(|s| s.as_str()).collect();
        let mut query = format!(
            "from={}&to={}&status={}",
            self.from,
            self.to,
            statuses.join("%2C")
        );
        if let Some(location) = &self.location {
            query.push_str("&location=");
            query.push_str(&encode(location));
        }
        push_list(&mut query, "from_location", &self.from_locations);
        push_list(&mut query, "to_location", &self.to_locations);
        if !self.search_location.is_empty() {
            query.push_str("&prison=");
            query.push_str(&encode(&self.search_location));
        }
        if !self.search_person.is_empty() {
            query.push_str("&person=");
            query.push_str(&encode(&self.search_person));
        }
        if self.sort != SortBy::Date || !self.ascending {
            query.push_str("&sort=");
            query.push_str(self.sort.as_str());
            query.push_str(if self.ascending {
                "&direction=asc"
            } else {
                "&direction=desc"
            });
        }
        if self.page > 1 {
            query.push_str(&format!("&page={}", self.page));
        }
        if self.per_page != PER_PAGE {
            query.push_str(&format!("&per_page={}", self.per_page));
        }
        query
    }

    /// First and last day shown.
    pub fn range(&self) -> (Date, Date) {
        (self.from, self.to)
    }

    /// The days shown (1 for a day).
    pub fn days(&self) -> i64 {
        self.to.days_since_epoch() - self.from.days_since_epoch() + 1
    }

    /// A day, a Monday-to-Sunday week, or neither (`None`).
    pub fn period(&self) -> Option<Period> {
        if self.from == self.to {
            Some(Period::Day)
        } else if self.from.weekday() == 1 && self.days() == 7 {
            Some(Period::Week)
        } else {
            None
        }
    }

    /// The same view of the days just before (page 1).
    pub fn previous(&self) -> Self {
        self.shifted(-self.days())
    }

    /// The same view of the days just after (page 1).
    pub fn next(&self) -> Self {
        self.shifted(self.days())
    }

    fn shifted(&self, by: i64) -> Self {
        self.with_range(self.from.add_days(by), self.to.add_days(by))
    }

    /// The same filters over `from` to `to` (page 1).
    pub fn with_range(&self, from: Date, to: Date) -> Self {
        ListQuery {
            from: from.min(to),
            to: from.max(to),
            page: 1,
            ..self.clone()
        }
    }

    /// Today, or the current week (a range that is neither a day nor a week: this week).
    pub fn current(&self, today: Date) -> Self {
        match self.period() {
            Some(Period::Day) => self.with_range(today, today),
            _ => self.this_week(today),
        }
    }

    /// The same filters over this week, Monday to Sunday.
    pub fn this_week(&self, today: Date) -> Self {
        let monday = week_start(today);
        self.with_range(monday, monday.add_days(6))
    }

    /// The same filters over next week, Monday to Sunday.
    pub fn next_week(&self, today: Date) -> Self {
        let monday = week_start(today).add_days(7);
        self.with_range(monday, monday.add_days(6))
    }

    /// The other period: a day view of the week's Monday (or of today when it is in the
    /// range), or the week of the day (of the first day of any other range).
    pub fn other_period(&self, today: Date) -> Self {
        match self.period() {
            Some(Period::Day) | None => {
                let monday = week_start(self.from);
                self.with_range(monday, monday.add_days(6))
            }
            Some(Period::Week) => {
                let day = if self.from <= today && today <= self.to {
                    today
                } else {
                    self.from
                };
                self.with_range(day, day)
            }
        }
    }

    /// Other statuses (page 1); none is all of them.
    pub fn with_statuses(&self, statuses: &[Status]) -> Self {
        let mut chosen: Vec<Status> = Status::ALL
            .into_iter()
            .filter(|s| statuses.contains(s))
            .collect();
        if chosen.is_empty() {
            chosen = Status::ALL.to_vec();
        }
        ListQuery {
            statuses: chosen,
            page: 1,
            ..self.clone()
        }
    }

    /// Only `status` (page 1).
    pub fn with_status(&self, status: Status) -> Self {
        self.with_statuses(&[status])
    }

    /// Another "from or to" prison filter (page 1); it replaces the from and to prisons, as
    /// the API takes one or the other.
    pub fn with_location(&self, location: Option<String>) -> Self {
        ListQuery {
            from_locations: if location.is_some() {
                Vec::new()
            } else {
                self.from_locations.clone()
            },
            to_locations: if location.is_some() {
                Vec::new()
            } else {
                self.to_locations.clone()
            },
            location,
            page: 1,
            ..self.clone()
        }
    }

    /// Other from and to prisons (page 1); any of them replaces the "from or to" prison.
    pub fn with_prisons(&self, from: Vec<String>, to: Vec<String>) -> Self {
        let from = ids(&from.join(","));
        let to = ids(&to.join(","));
        ListQuery {
            location: if from.is_empty() && to.is_empty() {
                self.location.clone()
            } else {
                None
            },
            from_locations: from,
            to_locations: to,
            page: 1,
            ..self.clone()
        }
    }

    /// Other searches (page 1), trimmed.
    pub fn with_search(&self, location: &str, person: &str) -> Self {
        ListQuery {
            search_location: location.trim().to_owned(),
            search_person: person.trim().to_owned(),
            page: 1,
            ..self.clone()
        }
    }

    /// Another page size (page 1); a size not in [`PAGE_SIZES`] keeps the current one.
    pub fn with_per_page(&self, per_page: u32) -> Self {
        ListQuery {
            per_page: if PAGE_SIZES.contains(&per_page) {
                per_page
            } else {
                self.per_page
            },
            page: 1,
            ..self.clone()
        }
    }

    /// Sorted by `column`: ascending, or the other way when it already is.
    pub fn sorted_by(&self, column: SortBy) -> Self {
        let ascending = if self.sort == column {
            !self.ascending
        } else {
            true
        };
        ListQuery {
            sort: column,
            ascending,
            page: 1,
            ..self.clone()
        }
    }

    /// Another page.
    pub fn with_page(&self, page: u32) -> Self {
        ListQuery {
            page,
            ..self.clone()
        }
    }

    /// `aria-sort` of a column header.
    pub fn aria_sort(&self, column: SortBy) -> &'static str {
        match (self.sort == column, self.ascending) {
            (false, _) => "none",
            (true, true) => "ascending",
            (true, false) => "descending",
        }
    }

    /// The one API request for a page of this list: every filter in it, so the total it
    /// answers (`meta.pagination.total_objects`) is the count of what the list shows.
    pub fn api_path(&self, page: u32, per_page: u32) -> String {
        let statuses: Vec<&str> = self.statuses.iter().map(|s| s.as_str()).collect();
        let mut path = format!(
            "/api/allocations?filter%5Bdate_from%5D={}&filter%5Bdate_to%5D={}",
            self.from, self.to
        );
        // All three is no filter (the API has no other status).
        if statuses.len() < Status::ALL.len() {
            path.push_str("&filter%5Bstatus%5D=");
            path.push_str(&statuses.join("%2C"));
        }
        if let Some(location) = &self.location {
            path.push_str("&filter%5Blocations%5D=");
            path.push_str(&encode(location));
        }
        for (name, values) in [
            ("from_locations", &self.from_locations),
            ("to_locations", &self.to_locations),
        ] {
            if !values.is_empty() {
                path.push_str(&format!("&filter%5B{name}%5D="));
                path.push_str(&encode(&values.join(",")));
            }
        }
        for (name, value) in [
            ("location", &self.search_location),
            ("person", &self.search_person),
        ] {
            if !value.is_empty() {
                path.push_str(&format!("&search%5B{name}%5D="));
                path.push_str(&encode(value));
            }
        }
        path.push_str(&format!(
            "&sort%5Bby%5D={}&sort%5Bdirection%5D={}&page={page}&per_page={per_page}\
             &include=from_location%2Cto_location",
            self.sort.as_str(),
            if self.ascending { "asc" } else { "desc" },
        ));
        path
    }

    /// The days in words: `18 May 2026 to 24 May 2026` / `Friday 22 May 2026`.
    pub fn period_text(&self) -> String {
        if self.from == self.to {
            long_date(self.from)
        } else {
            format!(
                "{} to {}",
                day_month_year(self.from),
                day_month_year(self.to)
            )
        }
    }

    /// The statuses in words: `Unfilled`, `Unfilled and filled`, `All`.
    pub fn status_text(&self) -> String {
        if self.statuses.len() == Status::ALL.len() {
            return "All".to_owned();
        }
        let words: Vec<&str> = self.statuses.iter().map(|s| s.label()).collect();
        match words.as_slice() {
            [one] => (*one).to_owned(),
            [first @ .., last] => format!("{} and {}", first.join(", "), last.to_lowercase()),
            [] => String::new(),
        }
    }

    /// What an empty list says: `There are no unfilled allocations for the week of 18 May
    /// 2026.`, and that the other filters found nothing when there are some.
    pub fn empty_text(&self) -> String {
        let what = if self.statuses.len() == Status::ALL.len() {
            "allocations".to_owned()
        } else {
            format!("{} allocations", self.status_text().to_lowercase())
        };
        let when = match self.period() {
            Some(Period::Week) => format!("the week of {}", day_month_year(self.from)),
            _ => self.period_text(),
        };
        let filtered = self.location.is_some()
            || !self.from_locations.is_empty()
            || !self.to_locations.is_empty()
            || !self.search_location.is_empty()
            || !self.search_person.is_empty();
        let tail = if filtered {
            " that match these filters"
        } else {
            ""
        };
        format!("There are no {what} for {when}{tail}.")
    }

    /// The filters in force beyond the dates, each with the list without it; `name` gives
    /// a location id's name.
    pub fn selected(&self, name: impl Fn(&str) -> String) -> Vec<Selected> {
        let mut selected = Vec::new();
        if self.statuses.len() < Status::ALL.len() {
            for status in &self.statuses {
                let rest: Vec<Status> = self
                    .statuses
                    .iter()
                    .copied()
                    .filter(|s| s != status)
                    .collect();
                selected.push(Selected {
                    heading: "Status",
                    value: status.label().to_owned(),
                    without: self.with_statuses(&rest),
                });
            }
        }
        if let Some(location) = &self.location {
            selected.push(Selected {
                heading: "From or to",
                value: name(location),
                without: self.with_location(None),
            });
        }
        for (heading, from) in [("From", true), ("To", false)] {
            let list = if from {
                &self.from_locations
            } else {
                &self.to_locations
            };
            for id in list {
                let rest: Vec<String> = list.iter().filter(|x| *x != id).cloned().collect();
                let without = if from {
                    self.with_prisons(rest, self.to_locations.clone())
                } else {
                    self.with_prisons(self.from_locations.clone(), rest)
                };
                selected.push(Selected {
                    heading,
                    value: name(id),
                    without,
                });
            }
        }
        if !self.search_location.is_empty() {
            selected.push(Selected {
                heading: "Prison name",
                value: format!("“{}”", self.search_location),
                without: self.with_search("", &self.search_person),
            });
        }
        if !self.search_person.is_empty() {
            selected.push(Selected {
                heading: "Last name",
                value: format!("“{}”", self.search_person),
                without: self.with_search(&self.search_location, ""),
            });
        }
        selected
    }
}

/// One link of the GOV.UK pagination list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageItem {
    /// A page number (current or not).
    Number(u32),
    /// `⋯`.
    Ellipsis,
}

/// The page numbers to show (GOV.UK: first, last, and the current one with its neighbours).
pub fn page_items(current: u32, total: u32) -> Vec<PageItem> {
    let mut items = Vec::new();
    let mut last_shown = 0;
    for page in 1..=total {
        let near = page == 1 || page == total || page.abs_diff(current) <= 1;
        if near {
            if page > last_shown + 1 && last_shown > 0 {
                items.push(PageItem::Ellipsis);
            }
            items.push(PageItem::Number(page));
            last_shown = page;
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        parse_iso_date(s).unwrap()
    }

    fn pairs(query: &str) -> Vec<(String, String)> {
        query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (k.to_owned(), v.to_owned())
            })
            .collect()
    }

    #[test]
    fn defaults_and_round_trip() {
        let today = d("2026-05-21");
        let q = ListQuery::from_pairs(&[], today);
        assert_eq!(q, ListQuery::new(today));
        assert_eq!(q.query(), "from=2026-05-18&to=2026-05-24&status=unfilled");
        let query = "from=2026-05-22&to=2026-05-22&status=filled%2Ccancelled&location=abc%20d\
                     &sort=moves_count&direction=desc&page=3";
        let decoded: Vec<(String, String)> = pairs(query)
            .into_iter()
            .map(|(k, v)| (k, v.replace("%20", " ").replace("%2C", ",")))
            .collect();
        let parsed = ListQuery::from_pairs(&decoded, today);
        assert_eq!(parsed.query(), query);
        assert_eq!(parsed.location.as_deref(), Some("abc d"));
        assert_eq!(parsed.statuses, [Status::Filled, Status::Cancelled]);
        let more = ListQuery::new(today)
            .with_prisons(vec!["a".into(), "b".into(), "a".into()], vec!["c".into()])
            .with_search(" wight ", "Smith");
        let query = more.query();
        assert_eq!(
            query,
            "from=2026-05-18&to=2026-05-24&status=unfilled&from_location=a%2Cb&to_location=c\
             &prison=wight&person=Smith"
        );
        let decoded: Vec<(String, String)> = pairs(&query)
            .into_iter()
            .map(|(k, v)| (k, v.replace("%2C", ",")))
            .collect();
        assert_eq!(ListQuery::from_pairs(&decoded, today), more);
    }

    #[test]
    fn the_older_addresses_still_open() {
        let today = d("2026-05-21");
        let day = ListQuery::from_pairs(&pairs("view=day&date=2026-05-22&status=cancelled"), today);
        assert_eq!(day.range(), (d("2026-05-22"), d("2026-05-22")));
        assert_eq!(day.statuses, [Status::Cancelled]);
        let week = ListQuery::from_pairs(&pairs("view=week&date=2026-05-24"), today);
        assert_eq!(week.range(), (d("2026-05-18"), d("2026-05-24")));
        assert_eq!(week.period(), Some(Period::Week));
    }

    #[test]
    fn bad_values_fall_back() {
        let today = d("2026-05-21");
        let q = ListQuery::from_pairs(
            &pairs("view=month&date=2026-02-30&status=x&sort=y&page=0&location=&prison="),
            today,
        );
        assert_eq!(q, ListQuery::new(today));
        let q = ListQuery::from_pairs(&pairs("status=x&person="), today);
        assert_eq!(q, ListQuery::new(today));
        let week = ListQuery::from_pairs(&pairs("date=2026-05-24"), today);
        assert_eq!(week.from, d("2026-05-18"));
        // A reversed range is read the right way round; one end is one day.
        let reversed = ListQuery::from_pairs(&pairs("from=2026-06-02&to=2026-06-01"), today);
        assert_eq!(reversed.range(), (d("2026-06-01"), d("2026-06-02")));
        let one = ListQuery::from_pairs(&pairs("to=2026-06-02"), today);
        assert_eq!(one.range(), (d("2026-06-02"), d("2026-06-02")));
    }

    #[test]
    fn the_from_or_to_prison_and_the_from_and_to_prisons_exclude_each_other() {
        let today = d("2026-05-21");
        // The API refuses `filter[locations]` beside `from_locations`/`to_locations`.
        let either = ListQuery::new(today).with_location(Some("x".into()));
        let both = either.with_prisons(vec!["a".into()], Vec::new());
        assert_eq!(both.location, None);
        assert_eq!(both.from_locations, ["a"]);
        let back = both.with_location(Some("y".into()));
        assert!(back.from_locations.is_empty() && back.to_locations.is_empty());
        let parsed = ListQuery::from_pairs(&pairs("location=x&to_location=b"), today);
        assert_eq!(
            (parsed.location, parsed.to_locations),
            (None, vec!["b".to_owned()])
        );
        for q in [either, both, back] {
            let request =
                basm_core::Request::new("GET", &q.api_path(1, 20)).with_standard_headers();
            let verdict = basm_core::validate_request(&request, &basm_core::Context::empty());
            assert!(verdict.valid, "{:?}", verdict.errors);
        }
    }

    #[test]
    fn navigation() {
        let today = d("2026-05-21");
        let week = ListQuery::new(today).with_page(4);
        assert_eq!(week.next().from, d("2026-05-25"));
        assert_eq!(week.next().page, 1);
        assert_eq!(week.previous().from, d("2026-05-11"));
        assert_eq!(week.range(), (d("2026-05-18"), d("2026-05-24")));
        let day = week.other_period(today);
        assert_eq!((day.period(), day.from), (Some(Period::Day), today));
        assert_eq!(day.next().from, d("2026-05-22"));
        assert_eq!(day.other_period(today).from, d("2026-05-18"));
        let far = week.next().next();
        assert_eq!(far.other_period(today).from, d("2026-06-01"));
        assert_eq!(far.current(today).from, d("2026-05-18"));
        assert_eq!(week.period_text(), "18 May 2026 to 24 May 2026");
        assert_eq!(day.period_text(), "Thursday 21 May 2026");
        // Any range: moved by its own length; the shortcuts keep the filters.
        let ten = week.with_range(d("2026-05-20"), d("2026-05-29"));
        assert_eq!((ten.period(), ten.days()), (None, 10));
        assert_eq!(ten.next().range(), (d("2026-05-30"), d("2026-06-08")));
        let filtered = ten.with_status(Status::Filled);
        assert_eq!(
            filtered.next_week(today).range(),
            (d("2026-05-25"), d("2026-05-31"))
        );
        assert_eq!(filtered.next_week(today).statuses, [Status::Filled]);
        assert_eq!(filtered.this_week(today).from, d("2026-05-18"));
        assert_eq!(ten.current(today).range(), week.range());
    }

    #[test]
    fn statuses_and_the_selected_filters() {
        let today = d("2026-05-21");
        let q = ListQuery::new(today).with_statuses(&[Status::Cancelled, Status::Unfilled]);
        assert_eq!(q.statuses, [Status::Unfilled, Status::Cancelled]);
        assert_eq!(q.status_text(), "Unfilled and cancelled");
        let all = q.with_statuses(&[]);
        assert_eq!(all.statuses, Status::ALL);
        assert_eq!(all.status_text(), "All");
        assert!(!all.api_path(1, 20).contains("status"));
        let q = q
            .with_prisons(vec!["a".into()], vec!["b".into(), "c".into()])
            .with_search("wight", "");
        let selected = q.selected(|id| id.to_uppercase());
        let shown: Vec<(&str, &str)> = selected
            .iter()
            .map(|s| (s.heading, s.value.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                ("Status", "Unfilled"),
                ("Status", "Cancelled"),
                ("From", "A"),
                ("To", "B"),
                ("To", "C"),
                ("Prison name", "“wight”"),
            ]
        );
        assert_eq!(selected[0].without.statuses, [Status::Cancelled]);
        assert_eq!(selected[3].without.to_locations, ["c"]);
        assert_eq!(selected[5].without.search_location, "");
        assert_eq!(
            q.empty_text(),
            "There are no unfilled and cancelled allocations for the week of 18 May 2026 that \
             match these filters."
        );
        assert_eq!(
            ListQuery::new(today)
                .with_statuses(&[])
                .with_range(today, today)
                .empty_text(),
            "There are no allocations for Thursday 21 May 2026."
        );
        // Removing the last status shows every status.
        let one = ListQuery::new(today);
        assert_eq!(one.selected(str::to_owned)[0].without.statuses, Status::ALL);
    }

    #[test]
    fn sorting() {
        let q = ListQuery::new(d("2026-05-21"));
        assert_eq!(q.aria_sort(SortBy::Date), "ascending");
        let desc = q.sorted_by(SortBy::Date);
        assert_eq!(desc.aria_sort(SortBy::Date), "descending");
        let by_size = desc.sorted_by(SortBy::MovesCount);
        assert!(by_size.ascending);
        assert_eq!(by_size.aria_sort(SortBy::Date), "none");
        assert!(by_size.query().ends_with("&sort=moves_count&direction=asc"));
    }

    #[test]
    fn api_paths() {
        let q = ListQuery::new(d("2026-05-21"))
            .with_statuses(&[Status::Filled, Status::Unfilled])
            .with_location(Some("loc-1".into()))
            .with_search("Isle of", "O'Brien")
            .with_page(2);
        let path = q.api_path(1, 1);
        assert_eq!(
            path,
            "/api/allocations?filter%5Bdate_from%5D=2026-05-18&filter%5Bdate_to%5D=2026-05-24\
             &filter%5Bstatus%5D=unfilled%2Cfilled&filter%5Blocations%5D=loc-1\
             &search%5Blocation%5D=Isle%20of&search%5Bperson%5D=O%27Brien&sort%5Bby%5D=date\
             &sort%5Bdirection%5D=asc&page=1&per_page=1&include=from_location%2Cto_location"
        );
        let request = basm_core::Request::new("GET", &path).with_standard_headers();
        let verdict = basm_core::validate_request(&request, &basm_core::Context::empty());
        assert!(verdict.valid, "{:?}", verdict.errors);
        let prisons = q.with_prisons(vec!["a".into(), "b".into()], vec!["c".into()]);
        assert!(
            prisons
                .api_path(1, 20)
                .contains("&filter%5Bfrom_locations%5D=a%2Cb&filter%5Bto_locations%5D=c&search")
        );
    }

    #[test]
    fn pagination() {
        use PageItem::*;
        assert_eq!(page_items(1, 1), vec![Number(1)]);
        assert_eq!(
            page_items(5, 10),
            vec![
                Number(1),
                Ellipsis,
                Number(4),
                Number(5),
                Number(6),
                Ellipsis,
                Number(10)
            ]
        );
        assert_eq!(page_items(2, 3), vec![Number(1), Number(2), Number(3)]);
        assert_eq!(page_items(1, 0), vec![]);
    }

    #[test]
    fn page_size_in_the_url() {
        let today = parse_iso_date("2026-05-20").unwrap();
        let pairs = |v: &[(&str, &str)]| {
            v.iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect::<Vec<_>>()
        };
        let fifty = ListQuery::from_pairs(&pairs(&[("per_page", "50"), ("page", "3")]), today);
        assert_eq!(fifty.per_page, 50);
        assert!(
            fifty.query().ends_with("&page=3&per_page=50"),
            "{}",
            fifty.query()
        );
        assert!(
            fifty
                .api_path(fifty.page, fifty.per_page)
                .contains("&per_page=50")
        );
        let back = ListQuery::from_pairs(&pairs(&[("per_page", "50"), ("page", "3")]), today);
        assert_eq!(back, fifty);
        // Another size starts at page 1; sizes not offered are not taken.
        let hundred = fifty.with_per_page(100);
        assert_eq!((hundred.per_page, hundred.page), (100, 1));
        assert_eq!(fifty.with_per_page(7).per_page, 50);
        for odd in ["7", "0", "1000", "x", ""] {
            let q = ListQuery::from_pairs(&pairs(&[("per_page", odd)]), today);
            assert_eq!(q.per_page, PER_PAGE, "{odd:?}");
            assert!(!q.query().contains("per_page"));
        }
    }
}
