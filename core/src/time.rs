//! TEMPORARY STUB — replaced by the real Ruby-exact parsers.
#![allow(missing_docs, clippy::all)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateTime {
    pub year: i64,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub nanos: u32,
    pub offset: Option<i32>,
}
impl DateTime {
    pub fn unix_seconds(&self) -> i64 {
        self.date().days_since_epoch() * 86400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
            - i64::from(self.offset.unwrap_or(0))
    }
    pub fn date(&self) -> Date {
        Date {
            year: self.year,
            month: self.month,
            day: self.day,
        }
    }
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i64,
    pub month: u8,
    pub day: u8,
}
impl Date {
    pub fn days_since_epoch(self) -> i64 {
        let (y, m, d) = (
            self.year - i64::from(self.month <= 2),
            i64::from(self.month),
            i64::from(self.day),
        );
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }
}
fn num(s: &str) -> Option<i64> {
    s.parse().ok()
}
pub fn parse_strict_datetime(s: &str) -> Option<DateTime> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 19 || !(b[10] == b'T' || b[10] == b't') {
        return None;
    }
    Some(DateTime {
        year: num(&s[0..4])?,
        month: num(&s[5..7])? as u8,
        day: num(&s[8..10])? as u8,
        hour: num(&s[11..13])? as u8,
        minute: num(&s[14..16])? as u8,
        second: num(&s[17..19])? as u8,
        nanos: 0,
        offset: None,
    })
}
pub fn parse_lenient_datetime(s: &str) -> Option<DateTime> {
    let t = s.trim();
    if t.len() == 10 {
        let d = parse_iso_date(t)?;
        return Some(DateTime {
            year: d.year,
            month: d.month,
            day: d.day,
            hour: 0,
            minute: 0,
            second: 0,
            nanos: 0,
            offset: None,
        });
    }
    parse_strict_datetime(s)
}
pub fn parse_iso_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.len() < 10 || s.as_bytes()[4] != b'-' {
        return None;
    }
    Some(Date {
        year: num(&s[0..4])?,
        month: num(&s[5..7])? as u8,
        day: num(&s[8..10])? as u8,
    })
}
pub fn parse_strptime_ymd(s: &str) -> Option<Date> {
    parse_iso_date(s)
}
pub fn cast_rails_date(s: &str) -> Option<Date> {
    if s.len() == 10 {
        parse_iso_date(s)
    } else {
        None
    }
}
