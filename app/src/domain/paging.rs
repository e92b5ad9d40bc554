//! Long lists one page at a time: which page a `page` parameter asks for, and what part of
//! a result that page holds. The server and the device page the same way, so a link to
//! page 3 shows the same results online and offline.

use serde::{Deserialize, Serialize};

/// Results per page: a few screens on a phone, a small piece of HTML on a slow link.
pub const PAGE_SIZE: usize = 30;

/// The highest page number a link can ask for. Far beyond any real list; it keeps a
/// number that is not a page out of the arithmetic.
pub const MAX_PAGE: u32 = 100_000;

/// Reads the optional `page` parameter: a whole number from 1. Absent or empty means the
/// first page.
pub fn parse_page(value: Option<&str>) -> Result<u32, PageError> {
    let raw = value.map(str::trim).unwrap_or_default();
    if raw.is_empty() {
        return Ok(1);
    }
    match raw.parse::<u32>() {
        Ok(0) | Err(_) => Err(PageError::NotAPage),
        Ok(n) if n > MAX_PAGE => Err(PageError::TooFar),
        Ok(n) => Ok(n),
    }
}

/// Why a `page` parameter was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageError {
    /// Not a whole number from 1.
    NotAPage,
    /// More than [`MAX_PAGE`].
    TooFar,
}

/// One page of a longer list, and where it stands in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// This page's number, from 1.
    pub number: u32,
    /// How many pages there are; at least 1 (an empty list is one empty page).
    pub pages: u32,
    /// How many results there are on every page together.
    pub total: usize,
}

impl<T> Page<T> {
    /// Page `number` of `all`, [`PAGE_SIZE`] at a time. A number past the end shows the
    /// last page: a list that got shorter since a link was made (a sync removed some
    /// results) still shows its end rather than nothing.
    pub fn of(all: impl IntoIterator<Item = T>, number: u32) -> Page<T> {
        Page::sized(all, number, PAGE_SIZE)
    }

    fn sized(all: impl IntoIterator<Item = T>, number: u32, size: usize) -> Page<T> {
        let all: Vec<T> = all.into_iter().collect();
        let total = all.len();
        let pages = total.div_ceil(size).max(1) as u32;
        let number = number.clamp(1, pages);
        let start = (number as usize - 1) * size;
        let items = all.into_iter().skip(start).take(size).collect();
        Page { items, number, pages, total }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page { items: self.items.into_iter().map(f).collect(), number: self.number, pages: self.pages, total: self.total }
    }

    /// The page before this one, if any.
    pub fn previous(&self) -> Option<u32> {
        (self.number > 1).then(|| self.number - 1)
    }

    /// The page after this one, if any.
    pub fn next(&self) -> Option<u32> {
        (self.number < self.pages).then(|| self.number + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_page_parameter_is_a_whole_number_from_one() {
        assert_eq!(parse_page(None), Ok(1));
        assert_eq!(parse_page(Some("")), Ok(1));
        assert_eq!(parse_page(Some(" 3 ")), Ok(3));
        assert_eq!(parse_page(Some("0")), Err(PageError::NotAPage));
        assert_eq!(parse_page(Some("-1")), Err(PageError::NotAPage));
        assert_eq!(parse_page(Some("2.5")), Err(PageError::NotAPage));
        assert_eq!(parse_page(Some("due")), Err(PageError::NotAPage));
        assert_eq!(parse_page(Some("100001")), Err(PageError::TooFar));
        assert_eq!(parse_page(Some("99999999999999999999")), Err(PageError::NotAPage));
    }

    #[test]
    fn pages_hold_thirty_results_and_say_where_they_stand() {
        let first = Page::of(1..=61, 1);
        assert_eq!((first.items.len(), first.number, first.pages, first.total), (30, 1, 3, 61));
        assert_eq!((first.previous(), first.next()), (None, Some(2)));
        let last = Page::of(1..=61, 3);
        assert_eq!(last.items, vec![61]);
        assert_eq!((last.previous(), last.next()), (Some(2), None));
    }

    #[test]
    fn an_empty_list_is_one_empty_page_and_a_page_past_the_end_shows_the_last() {
        let empty = Page::of(Vec::<u8>::new(), 4);
        assert_eq!((empty.items.len(), empty.number, empty.pages, empty.total), (0, 1, 1, 0));
        assert_eq!((empty.previous(), empty.next()), (None, None));
        let past = Page::of(1..=45, 9);
        assert_eq!((past.number, past.items.first()), (2, Some(&31)));
    }

    proptest! {
        /// Walking every page from the first gives back the whole list, in order, once.
        #[test]
        fn walking_the_pages_gives_every_result_once(total in 0usize..200, size in 1usize..40) {
            let all: Vec<usize> = (0..total).collect();
            let mut seen = Vec::new();
            let mut number = Some(1);
            while let Some(n) = number {
                let page = Page::sized(all.clone(), n, size);
                prop_assert_eq!(page.total, total);
                prop_assert!(page.items.len() <= size);
                prop_assert!(page.next().is_none() || page.items.len() == size, "only the last page is short");
                seen.extend(page.items.iter().copied());
                number = page.next();
            }
            prop_assert_eq!(seen, all);
        }
    }
}
