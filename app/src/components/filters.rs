//! The choices of a filter form (the guide's, the agenda's, the home page's place chooser).

use leptos::either::Either;
use leptos::prelude::*;

/// One choice of a filter form: a labelled `<select>` named `name`, whose first option,
/// `any` (the empty value), leaves the filter out; then `options` as (value, label). The
/// option `selected` is chosen by attribute (the server's HTML, forms sent without
/// JavaScript). When the form is rebuilt in place (after a sync), a choice the person made
/// meanwhile stays: the attributes that did not change are left alone (which is why every
/// list must come out in one order, see `category_options`).
/// `by_property` sets the choice through the property too, for a page that keeps the
/// person's choice itself and must show it over their earlier one (the home page's place).
#[component]
pub fn FilterSelect(
    label: &'static str,
    name: &'static str,
    any: &'static str,
    options: Vec<(String, String)>,
    selected: Option<String>,
    #[prop(optional)] by_property: bool,
) -> impl IntoView {
    let nothing = selected.is_none();
    let options = options
        .into_iter()
        .map(|(value, text)| {
            let on = selected.as_deref() == Some(value.as_str());
            // Not an optional property: rebuilt as `None`, it would unselect the option.
            if by_property {
                Either::Left(view! { <option value=value selected=on prop:selected=on>{text}</option> })
            } else {
                Either::Right(view! { <option value=value selected=on>{text}</option> })
            }
        })
        .collect_view();
    let any = if by_property {
        Either::Left(view! { <option value="" prop:selected=nothing>{any}</option> })
    } else {
        Either::Right(view! { <option value="">{any}</option> })
    };
    view! {
        <label>
            <span>{label}</span>
            <select name=name>
                {any}
                {options}
            </select>
        </label>
    }
}
