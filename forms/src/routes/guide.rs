//! `/thu-tuc/:code/huong-dan`: the one-page guide (tờ hướng dẫn) that community teams print
//! and hand out for a procedure: its name and code, the agency, what to prepare, the steps,
//! the fees, the processing time, and where to file online — the procedure page's address
//! in full and as a QR code.
//!
//! The procedure is read as the procedure page reads it (app/src/routes/procedure.rs): the
//! copy kept in IndexedDB first, so an opened procedure prints offline, then the server's.
//! Official data is long and uneven (one procedure lists 121 documents), so each list is
//! cut to what fits one A4 page, saying how many entries were left out and where to read
//! them all; e2e/guide.spec.mjs prints the longest procedures in the data to prove it.

use crate::components::qr_code::QrCode;
use crate::i18n::use_lang;
use domain::fee::format_vnd;
use domain::{Document, Fee, Procedure, ProcedureCode};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_app::api::{self, ApiClientError};
use portal_app::store::{now_ms, CachedProcedure, Store};
use std::sync::Arc;

/// A saved copy younger than this is shown without asking the server again (as on the
/// procedure page, which has usually just saved it).
const FRESH_MS: f64 = 10.0 * 60.0 * 1000.0;

/// What fits one A4 page beside everything else on the guide, lists cut at whichever limit
/// comes first. Found by printing the procedures with the most documents (121: eight
/// entries, or fewer when long, leave room for the steps and fees), the longest documents,
/// steps, fees and names in `data/`; measured once in print layout, the tallest of all
/// 2,849 guides (3.000578) fills ≈ 90 % of the page. e2e/guide.spec.mjs prints those.
mod fit {
    pub const NAME: usize = 240;
    pub const FACT: usize = 160;
    pub const DOCS: usize = 8;
    pub const DOCS_CHARS: usize = 1000;
    pub const DOC: usize = 170;
    pub const STEPS: usize = 6;
    pub const STEPS_CHARS: usize = 700;
    pub const STEP: usize = 150;
    pub const FEES: usize = 3;
    pub const FEE: usize = 80;
    /// The channel before the note in a fee's description ("Trực tuyến, Dịch vụ bưu chính").
    pub const CHANNEL: usize = 60;
    /// The tab title.
    pub const TITLE: usize = 80;
}

#[derive(Clone)]
enum Load {
    Loading,
    /// `offline`: this is the saved copy because the server could not be reached.
    Shown { procedure: Arc<Procedure>, offline: bool },
    NotFound,
    /// No connection and no saved copy.
    Offline,
    Failed,
}

#[component]
pub fn Guide(code: String) -> impl IntoView {
    let lang = use_lang();
    let load = RwSignal::new(Load::Loading);
    let attempt = RwSignal::new(0u32);
    let valid = ProcedureCode::parse(&code).ok();
    Effect::new(move |_| {
        attempt.track();
        match valid.clone() {
            Some(code) => {
                load.set(Load::Loading);
                spawn_local(fetch(code, load));
            }
            None => load.set(Load::NotFound),
        }
    });
    Effect::new(move |_| {
        let g = lang.guide();
        load.with(|l| match l {
            Load::Loading => lang.set_title(g.loading),
            Load::Shown { procedure, .. } => lang.set_title(&(g.tab_title)(&clip(&procedure.name, fit::TITLE).0)),
            Load::NotFound => lang.set_title(g.not_found_title),
            Load::Offline => lang.set_title(g.offline_title),
            Load::Failed => lang.set_title(g.failed_title),
        });
    });

    let shown_code: String = code.chars().take(40).collect();
    let retry = move |_| attempt.update(|n| *n += 1);
    let body = move || match load.get() {
        Load::Loading => view! {
            <h1 class="heading-l">{move || lang.guide().kicker}</h1>
            <p class="hint" role="status" id="guide-loading">{move || lang.guide().loading}</p>
        }
        .into_any(),
        Load::Shown { procedure, offline } => view! { <Leaflet procedure offline/> }.into_any(),
        Load::NotFound => {
            let code = shown_code.clone();
            view! {
                <h1 class="heading-l">{move || lang.guide().not_found_title}</h1>
                <div class="notice notice-error" role="alert" id="guide-error" data-kind="not-found">
                    <p>{move || (lang.guide().not_found)(&code)}</p>
                </div>
                <p><a class="button" href="/thu-tuc">{move || lang.guide().to_catalogue}</a></p>
            }
            .into_any()
        }
        Load::Offline => {
            let code = shown_code.clone();
            view! {
                <h1 class="heading-l">{move || lang.guide().offline_title}</h1>
                <div class="notice notice-warning" role="alert" id="guide-error" data-kind="offline">
                    <p>{move || (lang.guide().offline)(&code)}</p>
                    <button type="button" class="button" on:click=retry>{move || lang.guide().retry}</button>
                </div>
            }
            .into_any()
        }
        Load::Failed => view! {
            <h1 class="heading-l">{move || lang.guide().failed_title}</h1>
            <div class="notice notice-error" role="alert" id="guide-error" data-kind="failed">
                <p>{move || lang.guide().failed}</p>
                <button type="button" class="button" on:click=retry>{move || lang.guide().retry}</button>
            </div>
        }
        .into_any(),
    };
    view! { <div class="container page guide-page">{body}</div> }
}

/// The saved copy first, then the server's unless the copy is fresh; a 404 also drops the
/// copy. Signals are set with `try_set`: the page may be gone by the time an answer comes.
async fn fetch(code: ProcedureCode, load: RwSignal<Load>) {
    let store = Store::open().await.ok();
    let mut have_copy = false;
    let mut fresh = false;
    if let Some(store) = &store {
        if let Ok(Some(saved)) = store.load_procedure(code.as_str()).await {
            if let Ok(p) = portal_app::decode::procedure(&saved.body) {
                let _ = load.try_set(Load::Shown { procedure: Arc::new(p), offline: false });
                have_copy = true;
                fresh = now_ms() - saved.fetched_at < FRESH_MS;
            }
        }
    }
    if !fresh {
        match api::procedure(code.as_str()).await {
            Ok((p, body)) => {
                let _ = load.try_set(Load::Shown { procedure: Arc::new(p), offline: false });
                if let Some(store) = &store {
                    let _ = store.save_procedure(code.as_str(), &CachedProcedure { fetched_at: now_ms(), body }).await;
                }
            }
            Err(e) if e.is_not_found() => {
                let _ = load.try_set(Load::NotFound);
                if let Some(store) = &store {
                    let _ = store.forget_procedure(code.as_str()).await;
                }
            }
            Err(_) if have_copy => {
                let _ = load.try_update(|l| {
                    if let Load::Shown { offline, .. } = l {
                        *offline = true;
                    }
                });
            }
            Err(ApiClientError::Unreachable) => {
                let _ = load.try_set(Load::Offline);
            }
            Err(_) => {
                let _ = load.try_set(Load::Failed);
            }
        }
    }
    if let Some(store) = store {
        store.close();
    }
}

/// `https://<this portal>/thu-tuc/<code>`: what the QR code and the printed address open.
fn procedure_url(code: &str) -> String {
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    format!("{origin}/thu-tuc/{code}")
}

#[component]
fn Leaflet(procedure: Arc<Procedure>, offline: bool) -> impl IntoView {
    let lang = use_lang();
    let p = procedure;
    let url = procedure_url(&p.code);
    let procedure_href = format!("/thu-tuc/{}", p.code);
    let (name, name_cut) = clip(&p.name, fit::NAME);
    let agency = p.agency.as_deref().map(|a| clip(a, fit::FACT)).filter(|(a, _)| !a.is_empty());
    let time = p.processing_time.as_deref().map(|t| clip(t, fit::FACT)).filter(|(t, _)| !t.is_empty());
    let documents = documents(&p.documents);
    let steps = Fitted::of(p.steps.iter().map(|s| Entry::item(s.clone())), fit::STEPS, fit::STEPS_CHARS, fit::STEP);
    let fees = fees(&p.fees);
    let shortened = name_cut
        || agency.as_ref().is_some_and(|a| a.1)
        || time.as_ref().is_some_and(|t| t.1)
        || documents.shortened
        || steps.shortened
        || fees.shortened;

    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let qr = {
        let url = url.clone();
        move || view! { <QrCode text=url.clone() label=(lang.guide().qr_label)(&url)/> }
    };
    let g = move || lang.guide();
    view! {
        <p class="actions no-print">
            <button type="button" class="button" id="print-guide" on:click=print>{move || g().print_button}</button>
            <a class="button button-secondary" href=procedure_href id="guide-procedure">{move || g().back_to_procedure}</a>
        </p>
        {offline.then(|| view! { <p class="notice no-print" role="status" id="guide-offline">{move || g().offline_copy}</p> })}
        {move || g().data_language_note.map(|note| view! { <p class="hint" id="guide-data-language">{note}</p> })}
        <article class="guide" id="guide" aria-labelledby="guide-title">
            <p class="guide-kicker">{move || g().kicker}</p>
            <h1 id="guide-title" lang="vi">{name}</h1>
            <div class="guide-online" id="guide-online">
                <h2 class="guide-online-title">{move || g().online_title}</h2>
                <div id="guide-qr">{qr}</div>
                <p class="guide-online-hint">{move || g().online_hint}</p>
                <p class="guide-url"><a href=url.clone() id="guide-url">{url.clone()}</a></p>
            </div>
            <dl class="guide-facts">
                {fact("guide-code", move || g().code_label, Some(p.code.clone()), false)}
                {fact("guide-agency", move || g().agency_label, agency.map(|a| a.0), true)}
                {fact("guide-time", move || g().time_label, time.map(|t| t.0), true)}
            </dl>
            {section("guide-documents", move || g().documents_title, documents, false, move || g().no_documents, move |n| (g().more_documents)(n))}
            {section("guide-steps", move || g().steps_title, steps, true, move || g().no_steps, move |n| (g().more_steps)(n))}
            {section("guide-fees", move || g().fees_title, fees, false, move || g().no_fees, move |n| (g().more_fees)(n))}
            {shortened.then(|| view! { <p class="guide-note" id="guide-shortened">{move || g().shortened}</p> })}
            <p class="guide-source">{move || g().source}</p>
        </article>
    }
}

/// One line of the guide's facts; values from the procedure's data are Vietnamese.
fn fact(
    id: &'static str,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    value: Option<String>,
    data: bool,
) -> impl IntoView {
    let lang = use_lang();
    let marked = (data && value.is_some()).then_some("vi");
    view! {
        <div>
            <dt>{label}</dt>
            <dd id=id lang=marked>
                {move || value.clone().unwrap_or_else(|| lang.guide().not_stated.to_owned())}
            </dd>
        </div>
    }
}

/// A titled list of the guide, or "none listed", and how many entries were left out.
fn section(
    id: &'static str,
    title: impl Fn() -> &'static str + Send + Sync + 'static,
    fitted: Fitted,
    ordered: bool,
    none: impl Fn() -> &'static str + Send + Sync + 'static,
    more: impl Fn(usize) -> String + Send + Sync + 'static,
) -> impl IntoView {
    let heading = format!("{id}-title");
    let labelled_by = heading.clone();
    let body = if fitted.entries.is_empty() {
        view! { <p>{none}</p> }.into_any()
    } else {
        let items = fitted
            .entries
            .into_iter()
            .map(|e| {
                let class = e.heading.then_some("guide-group");
                view! {
                    <li class=class>
                        {e.lead.map(|l| view! { <strong class="guide-lead">{l}</strong>" " })}
                        {e.text}
                        {e.aside.map(|a| view! { " "<span class="guide-aside">{a}</span> })}
                    </li>
                }
            })
            .collect_view();
        if ordered {
            view! { <ol class="guide-list" lang="vi">{items}</ol> }.into_any()
        } else {
            view! { <ul class="guide-list" lang="vi">{items}</ul> }.into_any()
        }
    };
    let hidden = fitted.hidden;
    view! {
        <section id=id class="guide-section" aria-labelledby=labelled_by>
            <h2 id=heading>{title}</h2>
            {body}
            {(hidden > 0).then(|| view! { <p class="guide-more">{move || more(hidden)}</p> })}
        </section>
    }
}

/// Documents in order, group headings included (they say which case the papers are for),
/// each with its number of copies.
fn documents(documents: &[Document]) -> Fitted {
    let entries = documents.iter().map(|d| {
        if d.is_heading() {
            Entry { heading: true, ..Entry::item(d.name.clone()) }
        } else {
            let copies = d.copies.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(|c| format!("({})", clip(c, 40).0));
            Entry { aside: copies, ..Entry::item(d.name.clone()) }
        }
    });
    Fitted::of(entries, fit::DOCS, fit::DOCS_CHARS, fit::DOC)
}

/// Each fee: the amount as `1.500.000 ₫` where the source states it without doubt, its
/// text as published otherwise, and the channels it applies to.
fn fees(fees: &[Fee]) -> Fitted {
    let entries = fees.iter().map(|f| {
        let lead = match f.amount_vnd {
            Some(a) => format_vnd(a),
            None => f.text.clone(),
        };
        let channel = f
            .description
            .as_deref()
            .and_then(|d| d.split_once(':').map(|(c, _)| c.trim()).or(Some(d.trim())))
            .filter(|c| !c.is_empty() && c.chars().count() <= fit::CHANNEL)
            .map(str::to_owned);
        Entry { heading: false, lead: Some(clip(&lead, fit::FEE).0), text: channel.unwrap_or_default(), aside: None }
    });
    Fitted::of(entries, fit::FEES, usize::MAX, fit::FEE)
}

/// One line of a list on the guide.
struct Entry {
    /// A group heading among documents: shown, never counted as a document.
    heading: bool,
    /// Bold first words (a fee's amount).
    lead: Option<String>,
    text: String,
    /// After the text, quieter (a document's copies).
    aside: Option<String>,
}

impl Entry {
    fn item(text: String) -> Entry {
        Entry { heading: false, lead: None, text, aside: None }
    }

    fn len(&self) -> usize {
        [self.lead.as_deref(), Some(self.text.as_str()), self.aside.as_deref()]
            .into_iter()
            .flatten()
            .map(|s| s.chars().count())
            .sum()
    }
}

/// A list cut to fit: the entries shown, how many entries (not headings) were left out,
/// and whether any shown text was shortened.
struct Fitted {
    entries: Vec<Entry>,
    hidden: usize,
    shortened: bool,
}

impl Fitted {
    /// At most `max` entries and about `budget` characters (the first entry always shows),
    /// each text cut to `each` characters. Blank entries are skipped; a heading is never
    /// left last, with nothing under it.
    fn of(entries: impl IntoIterator<Item = Entry>, max: usize, budget: usize, each: usize) -> Fitted {
        let mut shown: Vec<Entry> = Vec::new();
        let mut hidden = 0;
        let mut used = 0usize;
        let mut shortened = false;
        let mut full = false;
        for mut e in entries {
            if e.text.trim().is_empty() && e.lead.is_none() {
                continue;
            }
            if !full {
                let (text, cut) = clip(&e.text, each);
                e.text = text;
                let len = e.len();
                if shown.len() < max && (shown.is_empty() || used.saturating_add(len) <= budget) {
                    used += len;
                    shortened |= cut;
                    shown.push(e);
                    continue;
                }
                full = true;
            }
            if !e.heading {
                hidden += 1;
            }
        }
        while shown.last().is_some_and(|e| e.heading) {
            shown.pop();
        }
        Fitted { entries: shown, hidden, shortened }
    }
}

/// `text` on one line (runs of white space become one space), cut to at most `max`
/// characters at a word boundary with "…"; and whether it was cut.
fn clip(text: &str, max: usize) -> (String, bool) {
    let words: Vec<&str> = text.split_whitespace().collect();
    let line = words.join(" ");
    if line.chars().count() <= max {
        return (line, false);
    }
    let head: String = line.chars().take(max.saturating_sub(1)).collect();
    // Back to the last space unless that loses more than half of it (one very long word).
    let head = match head.rfind(' ') {
        Some(i) if i > head.len() / 2 => &head[..i],
        _ => head.as_str(),
    };
    let head = head.trim_end_matches(|c: char| c.is_whitespace() || ",;:(-–—".contains(c));
    (format!("{head}…"), true)
}

#[cfg(test)]
mod tests {
    use super::{clip, Entry, Fitted};

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn clip_cuts_at_a_word_on_a_character_boundary() {
        assert_eq!(clip("  Tờ khai\n đăng ký  ", 40), ("Tờ khai đăng ký".to_owned(), false));
        let (cut, was) = clip("Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở", 20);
        assert!(was);
        assert_eq!(cut, "Giấy chứng nhận…");
        assert!(cut.chars().count() <= 20);
        // One long word: cut inside it rather than lose it all.
        assert_eq!(clip("Đăngkýbiệnphápbảođảm", 10).0.chars().count(), 10);
    }

    fn heading(s: &str) -> Entry {
        Entry { heading: true, ..Entry::item(s.to_owned()) }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn lists_keep_order_and_count_what_is_left_out() {
        let entries = vec![heading("A"), Entry::item("a1".into()), Entry::item("a2".into()), heading("B"), Entry::item("b1".into())];
        let f = Fitted::of(entries, 4, usize::MAX, 100);
        // The heading B would be last with nothing under it: dropped, and not counted.
        assert_eq!(f.entries.iter().map(|e| e.text.as_str()).collect::<Vec<_>>(), ["A", "a1", "a2"]);
        assert_eq!(f.hidden, 1);
        assert!(!f.shortened);

        // The character budget stops the list too, but the first entry always shows.
        let long = "x ".repeat(200);
        let f = Fitted::of(vec![Entry::item(long.clone()), Entry::item("y".into()), Entry::item(String::new())], 8, 50, 120);
        assert_eq!(f.entries.len(), 1);
        assert_eq!(f.hidden, 1);
        assert!(f.shortened);
    }
}
