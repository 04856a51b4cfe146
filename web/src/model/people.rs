//! People and profiles as the OCA pages read them (`GET /api/people?include=profiles`).

use basm_core::context::{Member, PersonFacts};
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
    /// The prisoner category it carries (`relationships.category`, upstream
    /// `V2::ProfileSerializer`): unknown when the document has no such member, `null` when
    /// it has none.
    pub category_id: Member<String>,
    /// The cell sharing risk assessment (`Standard`, `High`), when known.
    pub csra: Option<String>,
}

impl Profile {
    /// Reads one `profiles` resource.
    pub fn from_resource(resource: &Value) -> Profile {
        Profile {
            id: text(resource, "/id"),
            person_id: text(resource, "/relationships/person/data/id"),
            category_id: match resource.pointer("/relationships/category/data") {
                None => Member::Unknown,
                Some(Value::Null) => Member::Null,
                Some(data) => Member::from(optional(data, "/id")),
            },
            csra: optional(resource, "/attributes/csra"),
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

/// A prisoner category (`GET /api/reference/categories`, upstream `CategorySerializer`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Category {
    /// Id.
    pub id: String,
    /// NOMIS code, e.g. `A`, `C`.
    pub key: String,
    /// E.g. `Category A`.
    pub title: String,
    /// Whether this service moves people of this category.
    pub move_supported: bool,
}

/// The prisoner categories (upstream `config/routes.rb`: `reference/categories#index`).
pub const CATEGORIES_PATH: &str = "/api/reference/categories";

/// The categories of a `GET /api/reference/categories` document.
pub fn categories(document: &Value) -> Vec<Category> {
    document
        .get("data")
        .and_then(Value::as_array)
        .map(|data| {
            data.iter()
                .map(|c| Category {
                    id: text(c, "/id"),
                    key: text(c, "/attributes/key"),
                    title: text(c, "/attributes/title"),
                    move_supported: c
                        .pointer("/attributes/move_supported")
                        .and_then(Value::as_bool)
                        .unwrap_or(true),
                })
                .filter(|c| !c.id.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The person's latest profile among `profiles` (their `profiles` are oldest first).
pub fn latest_profile<'a>(person: &Person, profiles: &'a [Profile]) -> Option<&'a Profile> {
    person
        .profile_ids
        .iter()
        .rev()
        .find_map(|id| profiles.iter().find(|p| &p.id == id))
}

/// The category of `person` as the page knows it: their latest profile's, resolved by the
/// reference list. `None` when not known.
pub fn person_category<'a>(
    person: &Person,
    profiles: &[Profile],
    categories: &'a [Category],
) -> Option<&'a Category> {
    let id = latest_profile(person, profiles)?.category_id.value()?;
    categories.iter().find(|c| &c.id == id)
}

/// What the page knows of a person, for core: the prison number it found them by, and
/// the category (and whether this service moves it) their latest profile carries, as the
/// reference list names it. A profile known to have no category gives a known empty one;
/// no profile, or a category the list does not name, leaves it unknown.
pub fn person_facts(person: &Person, profiles: &[Profile], categories: &[Category]) -> PersonFacts {
    let prison_number = Member::from(Some(person.prison_number.clone()).filter(|n| !n.is_empty()));
    let (category, move_supported) = match latest_profile(person, profiles).map(|p| &p.category_id)
    {
        Some(Member::Null) => (Member::Null, Member::Null),
        Some(Member::Value(id)) => match categories.iter().find(|c| &c.id == id) {
            Some(c) => (
                Member::Value(c.key.clone()),
                Member::Value(c.move_supported),
            ),
            None => (Member::Unknown, Member::Unknown),
        },
        Some(Member::Unknown) | None => (Member::Unknown, Member::Unknown),
    };
    PersonFacts {
        prison_number,
        category,
        move_supported,
    }
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
        assert_eq!(profiles[0].category_id, Member::Unknown);
        // Without a category on the profile, the category is not known.
        assert_eq!(
            person_facts(&found[0], &profiles, &[]),
            PersonFacts {
                prison_number: Member::Value("G8133UA".into()),
                ..PersonFacts::default()
            }
        );
    }

    #[test]
    fn a_persons_category_comes_from_their_latest_profile() {
        let document = json!({
            "data": [{"id": "pe1", "type": "people", "attributes": {"prison_number": "A1234BC"},
                "relationships": {"profiles": {"data": [{"id": "p1", "type": "profiles"}, {"id": "p2", "type": "profiles"}]}}},
                {"id": "pe2", "type": "people", "attributes": {"prison_number": "B1234BC"},
                "relationships": {"profiles": {"data": [{"id": "p3", "type": "profiles"}]}}}],
            "included": [
                {"id": "p1", "type": "profiles", "attributes": {"csra": "Standard"},
                 "relationships": {"category": {"data": {"id": "cat-c", "type": "categories"}}}},
                {"id": "p2", "type": "profiles", "attributes": {"csra": "High"},
                 "relationships": {"category": {"data": {"id": "cat-a", "type": "categories"}}}},
                {"id": "p3", "type": "profiles", "relationships": {"category": {"data": null}}}
            ]
        });
        let list = categories(&json!({"data": [
            {"id": "cat-a", "type": "categories", "attributes": {"key": "A", "title": "Category A", "move_supported": false}},
            {"id": "cat-c", "type": "categories", "attributes": {"key": "C", "title": "Category C", "move_supported": true}}]}));
        let found = people(&document);
        let profiles = included_profiles(&document);
        assert_eq!(
            latest_profile(&found[0], &profiles).and_then(|p| p.csra.as_deref()),
            Some("High")
        );
        assert_eq!(
            person_category(&found[0], &profiles, &list).map(|c| c.title.as_str()),
            Some("Category A")
        );
        let a = person_facts(&found[0], &profiles, &list);
        assert_eq!(a.category, Member::Value("A".into()));
        assert_eq!(a.move_supported, Member::Value(false));
        let none = person_facts(&found[1], &profiles, &list);
        assert_eq!(
            (none.category, none.move_supported),
            (Member::Null, Member::Null)
        );
        // A category the reference list does not name stays unknown.
        let unknown = person_facts(&found[0], &profiles, &list[1..]);
        assert_eq!(unknown.category, Member::Unknown);
    }
}
