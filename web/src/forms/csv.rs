//! The allocations list as a CSV file a spreadsheet opens as it is: UTF-8 with a byte order
//! mark (so Excel does not read it as Windows-1252), every field quoted, `""` for a quote,
//! CRLF line ends (RFC 4180), and no formula injection: a value a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return, OWASP's "CSV
//! Injection") starts with `'` instead, which the spreadsheet shows as text.

use super::allocation_list::Status;
use crate::model::{Allocation, Location};

/// The file's columns: what the list shows, then the ids and the people's prison numbers.
pub const HEADINGS: [&str; 12] = [
    "Date",
    "From",
    "From NOMIS code",
    "To",
    "To NOMIS code",
    "People",
    "Progress",
    "Status",
    "Prison numbers",
    "Allocation ID",
    "From location ID",
    "To location ID",
];

/// One allocation of the file, with its people's prison numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRow {
    /// The allocation (as the list request answered it).
    pub allocation: Allocation,
    /// The prison numbers of the people added to it, in the allocation's order.
    pub prison_numbers: Vec<String>,
}

/// One quoted field, neutralised if a spreadsheet would take it for a formula.
///
/// ```
/// use basm_web::forms::csv::field;
/// assert_eq!(field("HMP \"Brinsford\""), "\"HMP \"\"Brinsford\"\"\"");
/// assert_eq!(field("=1+1"), "\"'=1+1\"");
/// ```
pub fn field(value: &str) -> String {
    let risky = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let mut out = String::with_capacity(value.len() + 3);
    out.push('"');
    if risky {
        out.push('\'');
    }
    out.push_str(&value.replace('"', "\"\""));
    out.push('"');
    out
}

fn line(out: &mut String, values: &[String]) {
    let fields: Vec<String> = values.iter().map(|v| field(v)).collect();
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

fn code(locations: &[Location], id: &str) -> String {
    locations
        .iter()
        .find(|l| l.id == id)
        .map(|l| l.code.clone())
        .unwrap_or_default()
}

fn title(locations: &[Location], id: &str) -> String {
    locations
        .iter()
        .find(|l| l.id == id)
        .map_or_else(|| id.to_owned(), |l| l.title.clone())
}

/// The whole file: the byte order mark, the headings, one line per allocation.
pub fn allocations_csv(rows: &[ExportRow], locations: &[Location]) -> String {
    let mut out = String::from('\u{feff}');
    line(
        &mut out,
        &HEADINGS.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>(),
    );
    for row in rows {
        let a = &row.allocation;
        let (progress, _) = a.progress();
        line(
            &mut out,
            &[
                a.date.get(..10).unwrap_or(&a.date).to_owned(),
                title(locations, &a.from_location),
                code(locations, &a.from_location),
                title(locations, &a.to_location),
                code(locations, &a.to_location),
                a.total.to_string(),
                progress,
                Status::parse(&a.status).map_or_else(|| a.status.clone(), |s| s.label().to_owned()),
                row.prison_numbers.join(" "),
                a.id.clone(),
                a.from_location.clone(),
                a.to_location.clone(),
            ],
        );
    }
    out
}

/// The file's name: `allocations-2026-05-18-to-2026-05-24.csv` (`…-2026-05-18.csv` for a day).
pub fn file_name(from: &str, to: &str) -> String {
    if from == to {
        format!("allocations-{from}.csv")
    } else {
        format!("allocations-{from}-to-{to}.csv")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_neutralised() {
        let cases = [
            ("", "\"\""),
            ("plain", "\"plain\""),
            ("a,b", "\"a,b\""),
            ("line\nbreak", "\"line\nbreak\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
            ("+44", "\"'+44\""),
            ("-1", "\"'-1\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("\tx", "\"'\tx\""),
            ("\rx", "\"'\rx\""),
            ("a=b", "\"a=b\""),
            ("Zoë", "\"Zoë\""),
        ];
        for (value, expected) in cases {
            assert_eq!(field(value), expected, "{value:?}");
        }
    }

    #[test]
    fn the_file() {
        let allocation = Allocation {
            id: "a-1".into(),
            date: "2026-05-20".into(),
            status: "unfilled".into(),
            from_location: "l1".into(),
            to_location: "l2".into(),
            filled: 1,
            total: 2,
            ..Allocation::default()
        };
        let locations = vec![
            Location {
                id: "l1".into(),
                title: "=HMP \"One\"".into(),
                code: "ONE".into(),
                ..Location::default()
            },
            Location {
                id: "l2".into(),
                title: "HMP Two".into(),
                code: "TWO".into(),
                ..Location::default()
            },
        ];
        let csv = allocations_csv(
            &[ExportRow {
                allocation,
                prison_numbers: vec!["A1234BC".into()],
            }],
            &locations,
        );
        assert!(csv.starts_with('\u{feff}'));
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(
            lines[0],
            "\"Date\",\"From\",\"From NOMIS code\",\"To\",\"To NOMIS code\",\"People\",\
             \"Progress\",\"Status\",\"Prison numbers\",\"Allocation ID\",\"From location ID\",\
             \"To location ID\""
        );
        assert_eq!(
            lines[1],
            "\"2026-05-20\",\"'=HMP \"\"One\"\"\",\"ONE\",\"HMP Two\",\"TWO\",\"2\",\"1 added\",\
             \"Unfilled\",\"A1234BC\",\"a-1\",\"l1\",\"l2\""
        );
        assert_eq!(lines[2], "", "the file ends with a line end");
        assert_eq!(lines.len(), 3);
        assert_eq!(
            file_name("2026-05-18", "2026-05-24"),
            "allocations-2026-05-18-to-2026-05-24.csv"
        );
        assert_eq!(
            file_name("2026-05-18", "2026-05-18"),
            "allocations-2026-05-18.csv"
        );
    }
}
