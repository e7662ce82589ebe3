use crate::catalogue::use_catalogue;
use crate::document;
use crate::i18n::Strings;
use crate::query::CatalogueQuery;
use crate::router::use_location;
use domain::catalogue::POPULAR;
use leptos::prelude::*;

#[component]
pub fn Home(t: &'static Strings) -> impl IntoView {
    let catalogue = use_catalogue();
    let location = use_location();
    let input = NodeRef::<leptos::html::Input>::new();
    document::set_title("", t.portal_name);
    // The server's first HTML has the official names; take over once this page has them too.
    Effect::new(move |_| {
        if catalogue.loaded().is_some() {
            crate::takeover::ready();
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = input.get().map(|el| el.value()).unwrap_or_default();
        let query = CatalogueQuery { q: q.trim().to_owned(), ..CatalogueQuery::default() };
        location.navigate(&query.href(), false);
    };

    let name_of = move |code: &str, fallback: &'static str| {
        catalogue
            .loaded()
            .and_then(|l| l.index.items.iter().find(|e| e.code == code).map(|e| e.name.clone()))
            .unwrap_or_else(|| fallback.to_owned())
    };

    view! {
        <div class="container page">
            <h1>{t.home_title}</h1>
            <p class="lead">{t.home_intro}</p>
            <form class="search-form" role="search" action="/thu-tuc" method="get" on:submit=on_submit>
                <label for="search">{t.search_label}</label>
                <p id="search-hint" class="hint">{t.search_hint}</p>
                <div class="search-row">
                    <input
                        id="search"
                        name="q"
                        type="search"
                        autocomplete="off"
                        aria-describedby="search-hint"
                        node_ref=input
                    />
                    <button type="submit" class="button">{t.search_button}</button>
                </div>
            </form>
            <section class="popular" aria-labelledby="popular-title">
                <h2 id="popular-title">{t.popular_title}</h2>
                <ul class="popular-list">
                    {POPULAR
                        .into_iter()
                        .map(|(code, fallback)| {
                            view! {
                                <li>
                                    <a href=format!("/thu-tuc/{code}")>
                                        <span class="popular-name" lang="vi">{move || name_of(code, fallback)}</span>
                                        <span class="result-code">{code}</span>
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <p>
                    <a href="/thu-tuc" class="button button-secondary">{t.browse_all}</a>
                </p>
            </section>
        </div>
    }
}
