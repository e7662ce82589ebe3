use crate::catalogue::{use_catalogue, Loaded, Status};
use crate::components::catalogue_error::CatalogueError;
use crate::components::filters::Filters;
use crate::components::result_item::{ResultItem, ResultRow};
use crate::document;
use crate::i18n::Strings;
use crate::query::CatalogueQuery;
use crate::router::use_location;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// Rows rendered at first and added per "show more": enough to fill a phone screen a few
/// times, few enough that typing never waits on the DOM.
const PAGE: usize = 20;

/// Search results as positions into one loaded catalogue.
#[derive(Clone)]
struct Results {
    loaded: Arc<Loaded>,
    items: Vec<usize>,
}

impl PartialEq for Results {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.loaded, &other.loaded) && self.items == other.items
    }
}

#[component]
pub fn Catalogue(t: &'static Strings) -> impl IntoView {
    let state = use_catalogue();
    let location = use_location();
    let query = Memo::new(move |_| {
        location.search.track();
        CatalogueQuery::from_location(location)
    });
    let shown = RwSignal::new(PAGE);
    document::set_title(t.catalogue_title, t.portal_name);

    let results = Memo::new(move |_| {
        let loaded = state.loaded()?;
        let items = query.with(|q| {
            let filter = q.filter(&loaded);
            loaded.search.search(&q.q, &filter).into_iter().map(|h| h.item).collect()
        });
        Some(Results { loaded, items })
    });
    // The server's first HTML shows the same results; take over once this page has them.
    Effect::new(move |_| {
        if results.with(Option::is_some) {
            crate::takeover::ready();
        }
    });
    // A new search starts again at the top of its results.
    Effect::new(move |_| {
        query.track();
        shown.set(PAGE);
    });

    let rows = move || {
        results.with(|r| {
            let Some(r) = r else { return Vec::new() };
            let idx = &r.loaded.index;
            r.items
                .iter()
                .take(shown.get())
                .filter_map(|&i| idx.items.get(i))
                .map(|e| ResultRow {
                    code: e.code.clone(),
                    name: e.name.clone(),
                    field: idx.field_name(e).to_owned(),
                    level: e.level,
                    fee: e.fee,
                })
                .collect::<Vec<_>>()
        })
    };
    let total = move || results.with(|r| r.as_ref().map(|r| r.items.len()));
    // Its own memo, so the button is not rebuilt (and focus lost) on every click.
    let more = Memo::new(move |_| total().is_some_and(|n| n > shown.get()));
    let fields = Signal::derive(move || state.loaded().map(|l| l.index.fields.clone()).unwrap_or_default());

    // Filters add a history entry; typing replaces it, so Back leaves the page rather
    // than undoing letters.
    let on_filters = Callback::new(move |q: CatalogueQuery| location.navigate(&q.href(), false));
    let on_input = move |ev: leptos::ev::Event| {
        let mut q = query.get_untracked();
        q.q = event_target_value(&ev);
        location.navigate(&q.href(), true);
    };

    view! {
        <div class="container page">
            <h1>{t.catalogue_title}</h1>
            {t.data_language_note.map(|note| view! { <p class="hint">{note}</p> })}
            // First on the page: without a catalogue nothing below can work.
            {move || matches!(state.status(), Status::Failed).then(|| view! { <CatalogueError t state/> })}
            // `action`, `method` and the filters' `form`/`name` attributes are for the server's
            // copy of this page (server/src/prerender), which must work without JavaScript.
            <form id="catalogue-search" class="search-form" role="search" action="/thu-tuc" method="get" on:submit=submit_hides_keyboard>
                <label for="search">{t.search_label}</label>
                <p id="search-hint" class="hint">{t.search_hint}</p>
                <input
                    id="search"
                    name="q"
                    type="search"
                    autocomplete="off"
                    aria-describedby="search-hint"
                    aria-controls="results"
                    prop:value=move || query.with(|q| q.q.clone())
                    on:input=on_input
                />
            </form>
            <Filters t query fields on_change=on_filters/>
            <p id="result-count" class="result-count" role="status">
                {move || match (state.status(), total()) {
                    (Status::Ready(_), Some(n)) => (t.result_count)(n),
                    (Status::Loading, _) => t.loading_catalogue.to_owned(),
                    _ => String::new(),
                }}
            </p>
            {move || (total() == Some(0)).then(|| view! { <p class="notice">{t.no_results}</p> })}
            <ul id="results" class="results">
                {move || rows().into_iter().map(|row| view! { <ResultItem t row/> }).collect_view()}
            </ul>
            {move || {
                more.get().then(|| {
                    view! {
                        <div class="more">
                            <p class="hint">{move || (t.showing)(shown.get(), total().unwrap_or_default())}</p>
                            <button type="button" class="button button-secondary" on:click=move |_| shown.update(|n| *n += PAGE)>
                                {t.show_more}
                            </button>
                        </div>
                    }
                })
            }}
        </div>
    }
}

/// Results already follow every keystroke; Enter only needs to get the on-screen
/// keyboard out of the way so they can be seen.
fn submit_hides_keyboard(ev: leptos::ev::SubmitEvent) {
    ev.prevent_default();
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = active {
        let _ = el.blur();
    }
}
