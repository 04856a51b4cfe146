//! People and profiles as the OCA pages read them (`GET /api/people?include=profiles`).

use serde_json::Value;

use super::{optional, text};

/// A person found by prison number.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Person {
    /// Id.
    pub id: String,
    /// First names.
    pub first_names: String,
    /// Last name.
    pub last_name: String,
    /// `YYYY-MM-DD`, when known.
    pub date_of_birth: Option<String>,
    /// Prison number (NOMIS offender number).
    pub prison_number: String,
    /// Police National Computer number, when known.
    pub police_national_computer: Option<String>,
    /// The ids of the person's profiles, oldest first.
    pub profile_ids: Vec<String>,
}

impl Person {
    fn from_resource(resource: &Value) -> Person {
        Person {
            id: text(resource, "/id"),
            first_names: text(resource, "/attributes/first_names"),
            last_name: text(resource, "/attributes/last_name"),
            date_of_birth: optional(resource, "/attributes/date_of_birth"),
            prison_number: text(resource, "/attributes/prison_number"),
            police_national_computer: optional(resource, "/attributes/police_national_computer"),
            profile_ids: resource
                .pointer("/relationships/profiles/data")
                .and_then(Value::as_array)
                .map(|ids| ids.iter().map(|r| text(r, "/id")).collect())
                .unwrap_or_default(),
        }
    }

    /// `DOMSANIGH CASEDY`.
    pub fn name(&self) -> String {
        format!("{} {}", self.first_names, self.last_name)
            .trim()
            .to_owned()
    }
}

/// The people of a list document, in its order.
pub fn people(document: &Value) -> Vec<Person> {
    let mut list: Vec<Person> = document
        .get("data")
        .and_then(Value::as_array)
        .map(|data| data.iter().map(Person::from_resource).collect())
        .unwrap_or_default();
    list.retain(|p| !p.id.is_empty());
    list
}

/// One risk, health or court answer of a profile (a NOMIS alert or a personal-care need).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Answer {
    /// The question, e.g. `Violent`.
    pub title: String,
    /// `risk`, `health` or `court`.
    pub category: String,
    /// The NOMIS alert, e.g. `OASys Serious Harm-Medium`, when imported from NOMIS.
    pub alert: Option<String>,
    /// Comments.
    pub comments: Option<String>,
    /// When the alert was raised (`YYYY-MM-DD`).
    pub created_at: Option<String>,
    /// When it expires.
    pub expires_at: Option<String>,
}

/// A profile: a person's details for one move, with their assessment answers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Profile {
    /// Id.
    pub id: String,
    /// The person's id.
    pub person_id: String,
    /// Its answers, in the API's order.
    pub answers: Vec<Answer>,
}

impl Profile {
    /// Reads one `profiles` resource.
    pub fn from_resource(resource: &Value) -> Profile {
        Profile {
            id: text(resource, "/id"),
            person_id: text(resource, "/relationships/person/data/id"),
            answers: resource
                .pointer("/attributes/assessment_answers")
                .and_then(Value::as_array)
                .map(|answers| {
                    answers
                        .iter()
                        .map(|a| Answer {
                            title: text(a, "/title"),
                            category: text(a, "/category"),
                            alert: optional(a, "/nomis_alert_description"),
                            comments: optional(a, "/comments"),
                            created_at: optional(a, "/created_at"),
                            expires_at: optional(a, "/expires_at"),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// The answers of `category`.
    pub fn answers_of<'a>(&'a self, category: &'a str) -> impl Iterator<Item = &'a Answer> + 'a {
        self.answers.iter().filter(move |a| a.category == category)
    }
}

/// The profiles in a document's `included`.
pub fn included_profiles(document: &Value) -> Vec<Profile> {
    document
        .get("included")
        .and_then(Value::as_array)
        .map(|all| {
            all.iter()
                .filter(|r| text(r, "/type") == "profiles")
                .map(Profile::from_resource)
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_people_and_their_profiles() {
        let document = json!({
            "data": [
                {"id": "pe1", "type": "people", "attributes": {"first_names": "DOMSANIGH",
                    "last_name": "CASEDY", "date_of_birth": "1995-11-17", "prison_number": "G8133UA",
                    "police_national_computer": "14/120018R"},
                 "relationships": {"profiles": {"data": [{"id": "p1", "type": "profiles"}]}}},
                {"type": "people"}
            ],
            "included": [
                {"id": "p1", "type": "profiles", "attributes": {"assessment_answers": [
                    {"title": "Violent", "category": "risk", "comments": null, "created_at": "2015-02-22",
                     "expires_at": null, "nomis_alert_description": "OASys Serious Harm-Medium"},
                    {"title": "Health issue", "category": "health", "nomis_alert_description": "No Disability"}
                 ]}, "relationships": {"person": {"data": {"id": "pe1", "type": "people"}}}}
            ]
        });
        let found = people(&document);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name(), "DOMSANIGH CASEDY");
        assert_eq!(found[0].date_of_birth.as_deref(), Some("1995-11-17"));
        assert_eq!(found[0].profile_ids, vec!["p1"]);
        let profiles = included_profiles(&document);
        assert_eq!(profiles[0].person_id, "pe1");
        assert_eq!(profiles[0].answers_of("risk").count(), 1);
        assert_eq!(
            profiles[0].answers[0].alert.as_deref(),
            Some("OASys Serious Harm-Medium")
        );
        assert_eq!(profiles[0].answers[0].comments, None);
        assert!(people(&json!({"data": null})).is_empty());
    }
}
