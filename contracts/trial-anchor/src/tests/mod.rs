//! Unit tests on mock dependencies, one module per feature.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod suite;

mod test_auth;
mod test_clock_layout;
mod test_clocks;
mod test_counters;
mod test_data;
mod test_deadlines;
mod test_ehr;
mod test_ethics;
mod test_independence;
mod test_layout;
mod test_participants;
mod test_report;
mod test_roles;
mod test_trial;
