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

/// Collecting the items of a fallible iterator (a page of a storage range, addresses validated
/// one by one) until the first error: `collect::<Result<Vec<_>, _>>()` without std's adapter
/// machinery (`try_process`, `GenericShunt`, `SpecFromIter`), which is instantiated again for
/// every item type and was about 1 KB of each contract's Wasm per collected type (issue 20).
pub trait TryCollect<T, E>: Iterator<Item = Result<T, E>> + Sized {
    /// The items in order, or the first error.
    fn try_vec(self) -> Result<Vec<T>, E> {
        let mut out = Vec::new();
        for item in self {
            out.push(item?);
        }
        Ok(out)
    }
}

impl<T, E, I: Iterator<Item = Result<T, E>>> TryCollect<T, E> for I {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn try_vec_collects_until_the_first_error() {
        let ok: Vec<Result<u8, &str>> = vec![Ok(1), Ok(2)];
        assert_eq!(ok.into_iter().try_vec(), Ok(vec![1, 2]));
        let bad: Vec<Result<u8, &str>> = vec![Ok(1), Err("x"), Ok(3), Err("y")];
        assert_eq!(bad.into_iter().try_vec(), Err("x"));
        let none: Vec<Result<u8, &str>> = vec![];
        assert_eq!(none.into_iter().try_vec(), Ok(vec![]));
    }

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
