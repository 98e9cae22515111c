//! Bounds of the ehr-registry that make every access decision touch a bounded number of storage
//! entries, whatever the number of grants, records and patients.

/// Most active grants one patient may give one grantee address. `check_access` loads at most
/// this many grants through the (patient, grantee address) index.
pub const MAX_ACTIVE_GRANTS_PER_GRANTEE: usize = 5;
/// Most active grants one patient may give one party role. `check_access` loads at most this
/// many grants through the (patient, role) index.
pub const MAX_ACTIVE_GRANTS_PER_ROLE: usize = 5;
/// Deepest nesting of provisions: the root is level 1, its exceptions level 2, and so on.
pub const MAX_PROVISION_DEPTH: usize = 3;
/// Most provisions (root included) in one grant.
pub const MAX_PROVISIONS_PER_GRANT: usize = 8;
/// Most delegates one patient may appoint.
pub const MAX_DELEGATES_PER_PATIENT: u32 = 5;
/// Largest `max_sessions_per_period` of the break-glass policy (the size of the per-clinician
/// rolling window of session start times).
pub const MAX_EMERGENCY_SESSIONS_PER_PERIOD: u32 = 10;
/// Longest break-glass window the policy may allow (7 days).
pub const MAX_EMERGENCY_WINDOW_SECS: u64 = 7 * 24 * 3600;
/// Longest rate-limit period the policy may use (30 days).
pub const MAX_EMERGENCY_RATE_PERIOD_SECS: u64 = 30 * 24 * 3600;
/// Longest review due time the policy may set (90 days).
pub const MAX_REVIEW_DUE_SECS: u64 = 90 * 24 * 3600;
/// Longest break-glass suspension an "unjustified" review may carry (365 days).
pub const MAX_BREAK_GLASS_SUSPENSION_SECS: u64 = 365 * 24 * 3600;
/// Most active grants one patient may give one team. `check_access` loads at most this many
/// grants through the (patient, team) index, and only for a request naming the team.
pub const MAX_ACTIVE_GRANTS_PER_TEAM: usize = 5;
/// Most members one `update_team_members` adds, and most it removes.
pub const MAX_TEAM_MEMBERS_PER_MESSAGE: usize = 30;
/// Most successors one patient may name.
pub const MAX_SUCCESSORS_PER_PATIENT: u32 = 3;
/// Shortest inactivity period a succession may require (90 days).
pub const MIN_SUCCESSION_INACTIVITY_SECS: u64 = 90 * 24 * 3600;
/// Longest inactivity period a succession may require (10 years of 365 days).
pub const MAX_SUCCESSION_INACTIVITY_SECS: u64 = 10 * 365 * 24 * 3600;
/// Default age at which a minor's parent or guardian appointment ends.
pub const DEFAULT_GUARDIANSHIP_END_AGE: u8 = 18;
/// Youngest configurable end age of a minor's guardianship.
pub const MIN_GUARDIANSHIP_END_AGE: u8 = 14;
/// Oldest configurable end age of a minor's guardianship.
pub const MAX_GUARDIANSHIP_END_AGE: u8 = 21;
/// Most purposes one `record_use` question tries (each is one access decision).
pub const MAX_PURPOSES_PER_USE: usize = 4;
/// Most addresses one `record_use` question asks the party entries of.
pub const MAX_PARTIES_PER_USE: usize = 4;
