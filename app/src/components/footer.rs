use crate::components::text_size::TextSize;
use crate::i18n::{use_i18n, Strings};
use leptos::prelude::*;

/// One loop over the links, as in the header: each written-out link would be its own code.
const LINKS: [(&str, fn(&Strings) -> &'static str); 4] = [
    ("/du-lieu", |t| t.footer_storage),
    ("/ho-tro", |t| t.footer_assist),
    ("/thong-ke", |t| t.footer_stats),
    ("/tiep-can", |t| t.footer_accessibility),
];

#[component]
pub fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    let links = LINKS
        .into_iter()
        .map(|(href, label)| view! { <li><a href=href>{move || label(i18n.t())}</a></li> })
        .collect_view();
    view! {
        <footer class="site-footer">
            <div class="container">
                <p><TextSize/></p>
                <p>{move || i18n.t().source_line}</p>
                <p>{move || i18n.t().footer_note}</p>
                <nav aria-label=move || i18n.t().footer_links_label><ul class="footer-links">{links}</ul></nav>
            </div>
        </footer>
    }
}
