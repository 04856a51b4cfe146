//! The allocations list's state, kept in the URL so a view can be bookmarked and shared:
//! `/allocations?view=week&date=2026-05-18&status=unfilled&location=<id>&sort=date&direction=asc&page=1`.

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

/// The status tabs.
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
    /// The tabs, in page order.
    pub const ALL: [Status; 3] = [Status::Unfilled, Status::Filled, Status::Cancelled];

    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unfilled => "unfilled",
            Status::Filled => "filled",
            Status::Cancelled => "cancelled",
        }
    }

    /// The tab label.
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
    /// Week or day.
    pub period: Period,
    /// The day shown, or the Monday of the week shown.
    pub date: Date,
    /// The status tab.
    pub status: Status,
    /// Only allocations from or to this location id.
    pub location: Option<String>,
    /// The sorted column.
    pub sort: SortBy,
    /// Ascending?
    pub ascending: bool,
    /// 1-based page.
    pub page: u32,
    /// Allocations a page, one of [`PAGE_SIZES`].
    pub per_page: u32,
}

impl ListQuery {
    /// The default view: this week, unfilled, by date ascending.
    pub fn new(today: Date) -> Self {
        ListQuery {
            period: Period::Week,
            date: week_start(today),
            status: Status::Unfilled,
            location: None,
            sort: SortBy::Date,
            ascending: true,
            page: 1,
            per_page: PER_PAGE,
        }
    }

    /// Reads the URL's query parameters; anything missing or invalid takes its default.
    pub fn from_pairs(pairs: &[(String, String)], today: Date) -> Self {
        let get = |name: &str| {
            pairs
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let mut query = ListQuery::new(today);
        if get("view") == Some(Period::Day.as_str()) {
            query.period = Period::Day;
        }
        let date = get("date").and_then(parse_iso_date).unwrap_or(today);
        query.date = match query.period {
            Period::Week => week_start(date),
            Period::Day => date,
        };
        if let Some(status) =
            get("status").and_then(|s| Status::ALL.into_iter().find(|x| x.as_str() == s))
        {
            query.status = status;
        }
        query.location = get("location")
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned);
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
        let mut query = format!(
            "view={}&date={}&status={}",
            self.period.as_str(),
            self.date,
            self.status.as_str()
        );
        if let Some(location) = &self.location {
            query.push_str("&location=");
            query.push_str(&encode(location));
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
        match self.period {
            Period::Week => (self.date, self.date.add_days(6)),
            Period::Day => (self.date, self.date),
        }
    }

    /// The same view one period earlier (page 1).
    pub fn previous(&self) -> Self {
        self.shifted(-1)
    }

    /// The same view one period later (page 1).
    pub fn next(&self) -> Self {
        self.shifted(1)
    }

    fn shifted(&self, by: i64) -> Self {
        let days = match self.period {
            Period::Week => 7,
            Period::Day => 1,
        };
        ListQuery {
            date: self.date.add_days(by * days),
            page: 1,
            ..self.clone()
        }
    }

    /// The current week or today.
    pub fn current(&self, today: Date) -> Self {
        ListQuery {
            date: match self.period {
                Period::Week => week_start(today),
                Period::Day => today,
            },
            page: 1,
            ..self.clone()
        }
    }

    /// The other period: a day view of the week's Monday (or of today when it is in the
    /// week), or the week of the day.
    pub fn other_period(&self, today: Date) -> Self {
        let (period, date) = match self.period {
            Period::Week => {
                let (from, to) = self.range();
                let day = if from <= today && today <= to {
                    today
                } else {
                    from
                };
                (Period::Day, day)
            }
            Period::Day => (Period::Week, week_start(self.date)),
        };
        ListQuery {
            period,
            date,
            page: 1,
            ..self.clone()
        }
    }

    /// Another status tab (page 1).
    pub fn with_status(&self, status: Status) -> Self {
        ListQuery {
            status,
            page: 1,
            ..self.clone()
        }
    }

    /// Another location filter (page 1).
    pub fn with_location(&self, location: Option<String>) -> Self {
        ListQuery {
            location,
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

    /// The API request for `status` (the list's own, or another tab's count with
    /// `per_page` 1).
    pub fn api_path(&self, status: Status, page: u32, per_page: u32) -> String {
        let (from, to) = self.range();
        let mut path = format!(
            "/api/allocations?filter%5Bdate_from%5D={from}&filter%5Bdate_to%5D={to}\
             &filter%5Bstatus%5D={}",
            status.as_str()
        );
        if let Some(location) = &self.location {
            path.push_str("&filter%5Blocations%5D=");
            path.push_str(&encode(location));
        }
        path.push_str(&format!(
            "&sort%5Bby%5D={}&sort%5Bdirection%5D={}&page={page}&per_page={per_page}\
             &include=from_location%2Cto_location",
            self.sort.as_str(),
            if self.ascending { "asc" } else { "desc" },
        ));
        path
    }

    /// The period in words: `week of 18 May 2026` / `Friday 22 May 2026`.
    pub fn period_text(&self) -> String {
        match self.period {
            Period::Week => {
                let (from, to) = self.range();
                format!("{} to {}", day_month_year(from), day_month_year(to))
            }
            Period::Day => long_date(self.date),
        }
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
        assert_eq!(q.query(), "view=week&date=2026-05-18&status=unfilled");
        let query = "view=day&date=2026-05-22&status=cancelled&location=abc%20d\
                     &sort=moves_count&direction=desc&page=3";
        let parsed = ListQuery::from_pairs(
            &pairs(query)
                .into_iter()
                .map(|(k, v)| (k, v.replace("%20", " ")))
                .collect::<Vec<_>>(),
            today,
        );
        assert_eq!(parsed.query(), query);
        assert_eq!(parsed.location.as_deref(), Some("abc d"));
    }

    #[test]
    fn bad_values_fall_back() {
        let today = d("2026-05-21");
        let q = ListQuery::from_pairs(
            &pairs("view=month&date=2026-02-30&status=x&sort=y&page=0&location="),
            today,
        );
        assert_eq!(q, ListQuery::new(today));
        let week = ListQuery::from_pairs(&pairs("date=2026-05-24"), today);
        assert_eq!(week.date, d("2026-05-18"));
    }

    #[test]
    fn navigation() {
        let today = d("2026-05-21");
        let week = ListQuery::new(today).with_page(4);
        assert_eq!(week.next().date, d("2026-05-25"));
        assert_eq!(week.next().page, 1);
        assert_eq!(week.previous().date, d("2026-05-11"));
        assert_eq!(week.range(), (d("2026-05-18"), d("2026-05-24")));
        let day = week.other_period(today);
        assert_eq!((day.period, day.date), (Period::Day, today));
        assert_eq!(day.next().date, d("2026-05-22"));
        assert_eq!(day.other_period(today).date, d("2026-05-18"));
        let far = week.next().next();
        assert_eq!(far.other_period(today).date, d("2026-06-01"));
        assert_eq!(far.current(today).date, d("2026-05-18"));
        assert_eq!(week.period_text(), "18 May 2026 to 24 May 2026");
        assert_eq!(day.period_text(), "Thursday 21 May 2026");
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
            .with_location(Some("loc-1".into()))
            .with_page(2);
        let path = q.api_path(Status::Filled, 1, 1);
        assert_eq!(
            path,
            "/api/allocations?filter%5Bdate_from%5D=2026-05-18&filter%5Bdate_to%5D=2026-05-24\
             &filter%5Bstatus%5D=filled&filter%5Blocations%5D=loc-1&sort%5Bby%5D=date\
             &sort%5Bdirection%5D=asc&page=1&per_page=1&include=from_location%2Cto_location"
        );
        let request = basm_core::Request::new("GET", &path).with_standard_headers();
        let verdict = basm_core::validate_request(&request, &basm_core::Context::empty());
        assert!(verdict.valid, "{:?}", verdict.errors);
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
                .api_path(fifty.status, fifty.page, fifty.per_page)
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
