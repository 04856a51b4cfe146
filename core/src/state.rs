//! The API's state machines for moves, journeys, allocations and lodgings.
//!
//! Illegal transitions are silent no-ops in the API: the event is stored (201/204) and the
//! record keeps its state. [`next_state`] says which, with the reason, so callers can warn.
//! Upstream: `app/state_machines/{move,journey,allocation,lodging}_state_machine.rb`.

use serde::{Deserialize, Serialize};

use crate::json::write_string;

/// Which state machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Machine {
    /// Moves (`status`).
    Move,
    /// Journeys (`state`).
    Journey,
    /// Allocations (`status`).
    Allocation,
    /// Lodgings (`status`).
    Lodging,
}

impl Machine {
    /// The machine with this name (`move`, `journey`, `allocation`, `lodging`).
    pub fn from_name(name: &str) -> Option<Machine> {
        Some(match name {
            "move" | "moves" => Machine::Move,
            "journey" | "journeys" => Machine::Journey,
            "allocation" | "allocations" => Machine::Allocation,
            "lodging" | "lodgings" => Machine::Lodging,
            _ => return None,
        })
    }

    /// The record the machine belongs to, as a sentence names it (`move`).
    pub fn record(self) -> &'static str {
        match self {
            Machine::Move => "move",
            Machine::Journey => "journey",
            Machine::Allocation => "allocation",
            Machine::Lodging => "lodging",
        }
    }

    /// The record's attribute that holds its state: `state` for journeys, `status` for the
    /// others.
    pub fn attribute(self) -> &'static str {
        match self {
            Machine::Journey => "state",
            Machine::Move | Machine::Allocation | Machine::Lodging => "status",
        }
    }

    /// The machine's states, initial first.
    pub fn states(self) -> &'static [&'static str] {
        match self {
            Machine::Move => &[
                "proposed",
                "requested",
                "booked",
                "in_transit",
                "completed",
                "cancelled",
            ],
            Machine::Journey => &[
                "proposed",
                "rejected",
                "in_progress",
                "completed",
                "cancelled",
            ],
            Machine::Allocation => &["unfilled", "filled", "cancelled"],
            Machine::Lodging => &["proposed", "started", "completed", "cancelled"],
        }
    }

    /// The machine's events, with the states each leaves from and goes to.
    pub fn transitions(self) -> &'static [(&'static str, &'static [&'static str], &'static str)] {
        match self {
            Machine::Move => &[
                ("approve", &["proposed"], "requested"),
                ("reject", &["proposed", "requested"], "cancelled"),
                ("accept", &["requested"], "booked"),
                ("start", &["booked"], "in_transit"),
                ("complete", &["in_transit"], "completed"),
                (
                    "cancel",
                    &["proposed", "requested", "booked", "in_transit", "completed"],
                    "cancelled",
                ),
            ],
            Machine::Journey => &[
                ("start", &["proposed"], "in_progress"),
                ("reject", &["proposed"], "rejected"),
                ("complete", &["in_progress"], "completed"),
                ("uncomplete", &["completed"], "in_progress"),
                ("cancel", &["in_progress"], "cancelled"),
                ("uncancel", &["cancelled"], "in_progress"),
            ],
            Machine::Allocation => &[
                ("fill", &["unfilled"], "filled"),
                ("unfill", &["filled"], "unfilled"),
                ("cancel", &["unfilled", "filled"], "cancelled"),
            ],
            Machine::Lodging => &[
                ("start", &["proposed"], "started"),
                ("complete", &["started"], "completed"),
                ("cancel", &["proposed"], "cancelled"),
            ],
        }
    }
}

/// What an event does to a record's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Transition {
    /// The state changes.
    Changed {
        /// The old state.
        from: String,
        /// The new state.
        to: String,
    },
    /// The event is accepted and changes nothing.
    NoChange {
        /// Why, in plain words.
        reason: String,
    },
}

/// Why [`next_state`] could not answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StateError {
    /// Not a state of that machine.
    UnknownState {
        /// Its states.
        states: Vec<String>,
    },
    /// Not an event of that machine.
    UnknownEvent {
        /// Its events.
        events: Vec<String>,
    },
}

impl Transition {
    /// Its JSON text, byte for byte what serde_json writes for its `Serialize` form
    /// (`{"kind":"changed","from":…,"to":…}`), written by hand: the npm package's `nextState`
    /// answer, without serde's writer in the `.wasm`.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        match self {
            Transition::Changed { from, to } => {
                out.push_str("{\"kind\":\"changed\",\"from\":");
                write_string(&mut out, from);
                out.push_str(",\"to\":");
                write_string(&mut out, to);
            }
            Transition::NoChange { reason } => {
                out.push_str("{\"kind\":\"no_change\",\"reason\":");
                write_string(&mut out, reason);
            }
        }
        out.push('}');
        out
    }
}

impl StateError {
    /// Its JSON text, byte for byte what serde_json writes for its `Serialize` form
    /// (`{"kind":"unknown_state","states":[…]}`), written by hand as [`Transition::to_json`].
    pub fn to_json(&self) -> String {
        let (kind, names) = match self {
            StateError::UnknownState { states } => ("unknown_state\",\"states", states),
            StateError::UnknownEvent { events } => ("unknown_event\",\"events", events),
        };
        let mut out = format!("{{\"kind\":\"{kind}\":[");
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_string(&mut out, name);
        }
        out.push_str("]}");
        out
    }
}

/// `state` + `event` → the new state, or "no change" with the reason.
pub fn next_state(machine: Machine, state: &str, event: &str) -> Result<Transition, StateError> {
    if !machine.states().contains(&state) {
        return Err(StateError::UnknownState {
            states: machine.states().iter().map(|s| (*s).to_owned()).collect(),
        });
    }
    let Some((_, from, to)) = machine.transitions().iter().find(|(e, _, _)| *e == event) else {
        return Err(StateError::UnknownEvent {
            events: machine
                .transitions()
                .iter()
                .map(|(e, _, _)| (*e).to_owned())
                .collect(),
        });
    };
    if from.contains(&state) {
        Ok(Transition::Changed {
            from: state.to_owned(),
            to: (*to).to_owned(),
        })
    } else {
        let noun = machine.record();
        Ok(Transition::NoChange {
            reason: format!(
                "{event} applies to a {noun} that is {}; this {noun} is {state}, so nothing changes",
                or_list(from)
            ),
        })
    }
}

/// The state-machine event a move/journey action or event type fires, by its trigger name.
pub fn events_for(machine: Machine) -> Vec<&'static str> {
    machine.transitions().iter().map(|(e, _, _)| *e).collect()
}

/// Replays triggers in order from `state` (the API re-applies every stored event, in
/// `occurred_at` order, to the record as it is, without resetting it first). Returns the
/// final state.
pub fn replay<'a>(
    machine: Machine,
    state: &str,
    triggers: impl IntoIterator<Item = &'a str>,
) -> String {
    let mut current = state.to_owned();
    for trigger in triggers {
        if let Ok(Transition::Changed { to, .. }) = next_state(machine, &current, trigger) {
            current = to;
        }
    }
    current
}

/// Allocation status after its moves change (`refresh_status_and_moves_count!`): filled iff
/// at least one non-cancelled move and every non-cancelled move has a profile. A cancelled
/// allocation stays cancelled. Each item is (move status, has profile).
pub fn allocation_status(current: &str, moves: &[(&str, bool)]) -> (String, usize) {
    let active: Vec<&(&str, bool)> = moves.iter().filter(|(s, _)| *s != "cancelled").collect();
    let count = active.len();
    if current == "cancelled" {
        return ("cancelled".to_owned(), count);
    }
    let filled = !active.is_empty() && active.iter().all(|(_, p)| *p);
    (if filled { "filled" } else { "unfilled" }.to_owned(), count)
}

fn or_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_text_is_what_serde_json_writes() {
        for machine in [
            Machine::Move,
            Machine::Journey,
            Machine::Allocation,
            Machine::Lodging,
        ] {
            for state in machine.states().iter().chain(&["nope", "a\"b"]) {
                for event in events_for(machine).into_iter().chain(["fly"]) {
                    let (text, serde) = match next_state(machine, state, event) {
                        Ok(t) => (t.to_json(), serde_json::to_string(&t)),
                        Err(e) => (e.to_json(), serde_json::to_string(&e)),
                    };
                    assert_eq!(
                        Ok(text),
                        serde.map_err(|e| e.to_string()),
                        "{state} {event}"
                    );
                }
            }
        }
        let t = Transition::NoChange {
            reason: "x\n\u{1}".to_owned(),
        };
        assert_eq!(t.to_json(), serde_json::to_string(&t).unwrap_or_default());
    }

    #[test]
    fn every_move_transition_and_no_op() {
        for (event, from, to) in Machine::Move.transitions() {
            for state in Machine::Move.states() {
                let t = next_state(Machine::Move, state, event).unwrap();
                if from.contains(state) {
                    assert_eq!(
                        t,
                        Transition::Changed {
                            from: (*state).into(),
                            to: (*to).into()
                        }
                    );
                } else {
                    assert!(
                        matches!(t, Transition::NoChange { .. }),
                        "{event} on {state}"
                    );
                }
            }
        }
    }

    #[test]
    fn no_change_says_why() {
        let t = next_state(Machine::Move, "completed", "accept").unwrap();
        assert_eq!(
            t,
            Transition::NoChange {
                reason: "accept applies to a move that is requested; this move is completed, so nothing changes".into()
            }
        );
        let t = next_state(Machine::Journey, "proposed", "cancel").unwrap();
        assert!(matches!(t, Transition::NoChange { .. }));
    }

    #[test]
    fn unknown_names_are_errors() {
        assert!(matches!(
            next_state(Machine::Move, "flying", "accept"),
            Err(StateError::UnknownState { .. })
        ));
        assert!(matches!(
            next_state(Machine::Move, "booked", "fly"),
            Err(StateError::UnknownEvent { .. })
        ));
    }

    #[test]
    fn replay_applies_in_order_without_reset() {
        assert_eq!(
            replay(Machine::Move, "requested", ["accept", "start", "complete"]),
            "completed"
        );
        assert_eq!(
            replay(Machine::Move, "requested", ["start", "accept"]),
            "booked"
        );
    }

    #[test]
    fn allocation_fill_rule() {
        assert_eq!(
            allocation_status("unfilled", &[("requested", true), ("requested", true)]).0,
            "filled"
        );
        assert_eq!(
            allocation_status("filled", &[("requested", true), ("requested", false)]).0,
            "unfilled"
        );
        assert_eq!(
            allocation_status("unfilled", &[("cancelled", false), ("requested", true)]),
            ("filled".into(), 1)
        );
        assert_eq!(
            allocation_status("unfilled", &[("cancelled", false)]),
            ("unfilled".into(), 0)
        );
        assert_eq!(
            allocation_status("cancelled", &[("requested", true)]).0,
            "cancelled"
        );
    }
}
