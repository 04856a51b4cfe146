//! Moves as the supplier's pages read them: with person, locations and journeys.
