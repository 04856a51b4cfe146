//! The supplier's moves list and move actions: the query, and which actions the state machine offers.
