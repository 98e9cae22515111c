//! Pagination: every list query takes `start_after` (exclusive) and `limit`, clamped here.

/// Entries returned when a list query gives no `limit`.
pub const DEFAULT_LIMIT: u32 = 10;
/// Most entries a list query returns, whatever `limit` asks.
pub const MAX_LIMIT: u32 = 30;

/// The number of entries to take: `limit` or [`DEFAULT_LIMIT`], at most [`MAX_LIMIT`].
/// A `limit` of 0 is served as [`DEFAULT_LIMIT`] rather than an empty page.
pub fn clamp_limit(limit: Option<u32>) -> usize {
    match limit {
        None | Some(0) => DEFAULT_LIMIT as usize,
        Some(l) => l.min(MAX_LIMIT) as usize,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_clamped() {
        assert_eq!(clamp_limit(None), 10);
        assert_eq!(clamp_limit(Some(0)), 10);
        assert_eq!(clamp_limit(Some(1)), 1);
        assert_eq!(clamp_limit(Some(30)), 30);
        assert_eq!(clamp_limit(Some(31)), 30);
        assert_eq!(clamp_limit(Some(u32::MAX)), 30);
    }
}
