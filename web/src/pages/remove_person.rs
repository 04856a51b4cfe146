//! Take a person off a place of an allocation: `PATCH /api/moves/:id` with no profile. The
//! place stays, empty, for someone else.

use basm_core::forms::Form;
use leptos::prelude::*;

use super::place_change::{PlaceChange, PlaceChangePage, Refusal};
use crate::forms::people::{assign_request, is_removable_person};
use crate::model::{Allocation, Move};
use crate::state::Flash;

const REMOVE_PERSON: PlaceChange = PlaceChange {
    title: "Remove this person from the allocation",
    key: "remove-person",
    refusal,
    question,
    request,
    buttons: (
        "Remove person",
        "Removing person…",
        "Keep them in this place",
    ),
    flash,
    thing: "this person",
    form: Form::RemoveMove,
};

fn refusal(allocation: &Allocation, moves: &[Move], index: Option<usize>) -> Refusal {
    let removable =
        !allocation.is_cancelled() && index.is_some_and(|i| is_removable_person(&moves[i]));
    (!removable).then_some((
        "You cannot remove anyone from this place",
        "The place has no person, or its move has already started.",
    ))
}

fn who(m: &Move) -> String {
    match (&m.person_name, &m.prison_number) {
        (Some(name), Some(number)) => format!("{name} ({number})"),
        (Some(name), None) => name.clone(),
        _ => "this person".to_owned(),
    }
}

fn question(moves: &[Move], index: usize) -> (String, String) {
    (
        format!("Remove {} from place {}?", who(&moves[index]), index + 1),
        "The place stays in the allocation, empty, so you can add someone else.".to_owned(),
    )
}

fn request(move_id: &str) -> (&'static str, String, String) {
    let (path, body) = assign_request(move_id, None);
    ("PATCH", path, body)
}

fn flash(moves: &[Move], index: usize) -> Flash {
    let name = moves[index]
        .person_name
        .clone()
        .unwrap_or_else(|| "Person".to_owned());
    Flash {
        heading: format!("{name} removed from place {}", index + 1),
        body: Some("The place is empty again: you can add someone else.".to_owned()),
    }
}

/// The confirm page.
#[component]
pub fn RemovePersonPage(
    /// Allocation id.
    id: String,
    /// Move id.
    move_id: String,
) -> impl IntoView {
    view! { <PlaceChangePage id=id move_id=move_id change=REMOVE_PERSON/> }
}
