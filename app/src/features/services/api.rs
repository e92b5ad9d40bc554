//! Services guide server functions.

use crate::domain::audience::TargetGroup;
use crate::domain::ids::{HubId, ServiceId};
use crate::domain::paging::Page;
use crate::domain::search::{Guide, ServiceQuery};
use crate::domain::service::{Service, TaxonomyTerm};
use crate::domain::text::Text;
use crate::error::{AppError, Reason};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

/// A service in the results list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceCard {
    pub id: ServiceId,
    pub name: Text,
    pub organization: String,
    pub city: String,
    pub summary: Text,
    pub free: bool,
}

impl ServiceCard {
    pub fn of(s: &Service) -> ServiceCard {
        ServiceCard {
            id: s.id,
            name: s.name.clone(),
            organization: s.organization.name.clone(),
            city: s.city.clone(),
            summary: s.description.map(first_sentence),
            free: matches!(s.cost, crate::domain::service::Cost::Free),
        }
    }
}

/// The first sentence, so a result stays one or two lines on a phone.
fn first_sentence(text: &str) -> String {
    match text.find(". ") {
        Some(i) => text[..=i].to_string(),
        None => text.to_string(),
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceSearchView {
    pub query: ServiceQuery,
    pub cities: Vec<String>,
    pub taxonomy: Vec<TaxonomyTerm>,
    /// One page of the matching services, best first, and how many match in all.
    pub results: Page<ServiceCard>,
    /// Set by a device that keeps only these cities, answering a page of every city offline:
    /// what it shows is theirs only, and the page says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_kept: Option<Vec<String>>,
}

/// Turns the search form's values into a query, refusing unknown codes.
/// The longest search accepted, in characters (the search box stops there too).
pub const QUERY_MAX: usize = 200;

pub fn service_query(
    q: Option<String>,
    category: Option<String>,
    group: Option<String>,
    city: Option<String>,
) -> Result<ServiceQuery, AppError> {
    use crate::features::non_empty;
    let group = match non_empty(group) {
        None => None,
        Some(g) => Some(TargetGroup::from_code(&g).ok_or_else(|| AppError::bad_param("group", Reason::Unknown, &g))?),
    };
    let q = q.unwrap_or_default();
    if q.chars().count() > QUERY_MAX {
        return Err(AppError::bad_param("q", Reason::TooLong, &q));
    }
    Ok(ServiceQuery { q, category: non_empty(category), group, city: non_empty(city) })
}

#[server(endpoint = "services", input = GetUrl, output = crate::codec::Json)]
pub async fn search_services(
    q: Option<String>,
    category: Option<String>,
    group: Option<String>,
    city: Option<String>,
    page: Option<String>,
) -> Result<ServiceSearchView, AppError> {
    use crate::store::use_store;
    let query = service_query(q, category, group, city)?;
    let page = crate::features::parse_page_param(page.as_deref())?;
    let store = use_store()?;
    let guide = store.guide().await?;
    search_view(&guide, query, page)
}

/// Page `page` of a search of the guide; an unknown category is refused.
pub fn search_view(guide: &Guide, query: ServiceQuery, page: u32) -> Result<ServiceSearchView, AppError> {
    if let Some(c) = &query.category
        && !guide.taxonomy().iter().any(|t| &t.code == c)
    {
        return Err(AppError::bad_param("category", Reason::Unknown, c));
    }
    let results = Page::of(guide.search(&query), page).map(ServiceCard::of);
    Ok(ServiceSearchView { query, cities: guide.cities().to_vec(), taxonomy: guide.taxonomy().to_vec(), results, only_kept: None })
}

/// A service with its category names and the hubs it is delivered at.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServicePageView {
    pub service: Service,
    pub categories: Vec<TaxonomyTerm>,
    pub hubs: Vec<(HubId, Text)>,
}

#[server(endpoint = "service", input = GetUrl, output = crate::codec::Json)]
pub async fn get_service(id: String) -> Result<ServicePageView, AppError> {
    use crate::store::use_store;
    let id: ServiceId = id.parse().map_err(|_| AppError::NotFound)?;
    let store = use_store()?;
    let service = store.service(id).await?;
    let taxonomy = store.taxonomy().await?;
    let hubs = store.hubs(Some(&service.city)).await?;
    Ok(service_view(service, &taxonomy, &hubs))
}

/// The service page from content already loaded. A location may point at a hub removed
/// since: the service stays readable, without the link.
pub fn service_view(service: Service, taxonomy: &[TaxonomyTerm], hubs: &[crate::domain::hub::Hub]) -> ServicePageView {
    let categories = taxonomy.iter().filter(|t| service.categories.contains(&t.code)).cloned().collect();
    let hubs = service
        .locations
        .iter()
        .filter_map(|l| l.hub_id)
        .filter_map(|id| hubs.iter().find(|h| h.id == id))
        .map(|h| (h.id, h.name.clone()))
        .collect();
    ServicePageView { service, categories, hubs }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_keep_the_first_sentence() {
        assert_eq!(first_sentence("Aiuto con l'ISEE. Su appuntamento."), "Aiuto con l'ISEE.");
        assert_eq!(first_sentence("Una frase sola"), "Una frase sola");
    }

    #[test]
    fn queries_refuse_unknown_groups_and_very_long_text() {
        assert!(service_query(Some("caf".into()), None, Some("elderly".into()), None).is_ok());
        assert!(matches!(service_query(None, None, Some("aliens".into()), None), Err(AppError::BadRequest(_))));
        assert!(matches!(service_query(Some("x".repeat(201)), None, None, None), Err(AppError::BadRequest(_))));
        let q = service_query(Some("caf".into()), Some("".into()), Some("".into()), Some("".into())).unwrap();
        assert_eq!(q, ServiceQuery { q: "caf".into(), ..Default::default() });
    }
}
