//! Building blocks shared by several pages.

pub mod agenda_days;
pub mod feedback;
pub mod filters;
pub mod hours;
pub mod layout;
pub mod page_data;
pub mod pager;
pub mod url;

use crate::domain::text::Lang;
use leptos::prelude::*;

/// The interface language of this page, provided by the app root.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}
