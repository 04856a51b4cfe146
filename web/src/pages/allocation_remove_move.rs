//! Remove an empty place: cancels that one move (reason `other`, "Cancelled by PMU"), as
//! the real service does.

use basm_core::documents::MoveAction;
use basm_core::forms::Form;
use basm_core::values::CancellationReason;
use leptos::prelude::*;

use super::allocation::is_editable;
use super::place_change::{PlaceChange, PlaceChangePage, Refusal};
use crate::dom;
use crate::forms::format;
use crate::model::{Allocation, Move};
use crate::state::Flash;
use crate::url::encode;

const REMOVE_PLACE: PlaceChange = PlaceChange {
    title: "Remove a place from this allocation",
    key: "remove",
    refusal,
    question,
    request,
    buttons: ("Remove place", "Removing place…", "Keep this place"),
    flash,
    thing: "this place",
    form: Form::RemoveMove,
};

fn refusal(allocation: &Allocation, moves: &[Move], index: Option<usize>) -> Refusal {
    let removable = index.is_some_and(|i| moves[i].is_removable())
        && moves.len() > 1
        && is_editable(allocation, moves);
    (!removable).then_some((
        "You cannot remove this place",
        "Only an empty place can be removed, while the allocation has more than one place and \
         none of its moves has started.",
    ))
}

fn question(moves: &[Move], index: usize) -> (String, String) {
    let count = moves.len();
    (
        format!("Remove place {} from this allocation?", index + 1),
        format!(
            "The allocation will be for {} instead of {count}. The move {} is cancelled and the \
             supplier is told.",
            format::people(u32::try_from(count - 1).unwrap_or(0)),
            moves[index].reference
        ),
    )
}

fn request(move_id: &str) -> (&'static str, String, String) {
    let document = MoveAction::cancel(&dom::now_iso(), CancellationReason::Other)
        .with_comment("Cancelled by PMU");
    (
        "POST",
        format!("/api/moves/{}/cancel", encode(move_id)),
        String::from_utf8_lossy(&document.to_body()).into_owned(),
    )
}

fn flash(_: &[Move], _: usize) -> Flash {
    Flash {
        heading: "Place removed".to_owned(),
        body: Some(
            "The allocation has one place fewer, and the supplier has been told.".to_owned(),
        ),
    }
}

/// The confirm page.
#[component]
pub fn RemoveMovePage(
    /// Allocation id.
    id: String,
    /// Move id.
    move_id: String,
) -> impl IntoView {
    view! { <PlaceChangePage id=id move_id=move_id change=REMOVE_PLACE/> }
}
