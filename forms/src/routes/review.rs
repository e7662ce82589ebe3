//! "Kiểm tra lại thông tin": every answer on one page, each with "Thay đổi" back to its
//! step (which then returns here), and the way to submission once nothing is missing.

use super::step::{change_href, HEADING_ID};
use super::submit_button::SubmitButton;
use crate::answer_path::{self, dom_id};
use crate::components::save_status::SaveStatus;
use crate::i18n::{use_lang, Lang};
use crate::nav::{navigate, step_href};
use crate::session::{use_session, Session};
use domain::form::{display_answer, visible_fields, Answers, Field, FieldKind, FormSchema};
use leptos::prelude::*;

#[component]
pub fn Review() -> impl IntoView {
    let s = use_session();
    let lang = use_lang();
    let (code, draft) = (s.code.get_value(), s.draft_id.get_value());
    Effect::new(move |_| {
        lang.set_title(lang.t().review_title);
    });
    s.admin.load_provinces();
    let errors = Memo::new(move |_| s.all_errors());
    let back = {
        let (code, draft) = (code.clone(), draft.clone());
        move || match s.visible_steps().last() {
            Some(last) => step_href(&code, &draft, &s.step_id(*last)),
            None => format!("/thu-tuc/{code}"),
        }
    };
    let sections = {
        let (code, draft) = (code.clone(), draft.clone());
        move || {
            let schema = s.schema();
            let answers = s.answers.get();
            // Address names appear as their units load.
            s.admin.provinces.track();
            s.admin.wards.track();
            s.visible_steps()
                .into_iter()
                .map(|i| section(&s, lang, &schema, &answers, i, &code, &draft))
                .collect_view()
        }
    };
    let problems = {
        let (code, draft) = (code.clone(), draft.clone());
        move || {
            let errs = errors.get();
            (!errs.is_empty()).then(|| {
                let items = errs
                    .into_iter()
                    .map(|e| {
                        let schema = s.schema();
                        let top = e.path.split(['[', '.']).next().unwrap_or(&e.path).to_owned();
                        let step = schema.steps.iter().find(|st| st.fields.iter().any(|f| f.id == top)).map(|st| st.id.clone());
                        let href = change_href(&code, &draft, &step.unwrap_or_default(), &dom_id(&e.path));
                        let message = lang.pick(&e.message_vi, &e.message_en).to_owned();
                        let go = href.clone();
                        view! { <li><a href=href on:click=move |ev| { ev.prevent_default(); navigate(&go, false) }>{message}</a></li> }
                    })
                    .collect_view();
                view! {
                    <div class="error-summary" id="error-summary" tabindex="-1" role="alert">
                        <h2 class="error-summary-title">{move || lang.t().error_summary_title}</h2>
                        <ul class="error-summary-list">{items}</ul>
                    </div>
                }
            })
        }
    };
    let send = SubmitButton::new(s);
    // The list of what is missing if there is one, else the heading.
    crate::dom::focus_new_page(HEADING_ID);
    let ready = move || {
        errors.with(|e| e.is_empty()).then(|| {
            let supplement = s.supplement_for.get_value();
            let note = supplement.clone().map(|c| view! { <p class="notice">{move || (lang.t().supplement_for)(&c)}</p> });
            let label = move || if supplement.is_some() { lang.t().supplement_submit } else { lang.t().submit_button };
            view! {
                <h2 class="heading-m">{move || lang.t().ready_title}</h2>
                <p>{move || lang.t().ready_body}</p>
                {note}
                {move || send.rejection()}
                <button type="button" class="button" id="submit" disabled=move || send.busy() on:click=move |_| send.press()>
                    {label}
                </button>
                {move || send.status()}
            }
        })
    };
    view! {
        <a class="back-link" href=back>{move || lang.t().back}</a>
        {problems}
        <h1 class="heading-l" id=HEADING_ID tabindex="-1">{move || lang.t().review_title}</h1>
        <p>{move || lang.t().review_intro}</p>
        {sections}
        {ready}
        <SaveStatus/>
    }
}

fn section(s: &Session, lang: Lang, schema: &FormSchema, answers: &Answers, index: usize, code: &str, draft: &str) -> impl IntoView {
    let step = &schema.steps[index];
    let title = lang.pick(step.title.vi(), step.title.en()).to_owned();
    let rows = visible_fields(schema, index, answers)
        .into_iter()
        .filter(|f| !matches!(f.kind, FieldKind::Heading | FieldKind::Hidden))
        .map(|f| row(s, lang, f, &f.id, answers, code, draft, &step.id))
        .collect_view();
    view! {
        <section class="review-section">
            <h2 class="heading-m">{title}</h2>
            <dl class="summary-list">{rows}</dl>
        </section>
    }
}

#[allow(clippy::too_many_arguments)]
fn row(s: &Session, lang: Lang, f: &Field, path: &str, answers: &Answers, code: &str, draft: &str, step: &str) -> AnyView {
    let label = lang.pick(f.label.vi(), f.label.en()).to_owned();
    let href = change_href(code, draft, step, &dom_id(path));
    let go = href.clone();
    let change = view! {
        <a href=href on:click=move |ev| { ev.prevent_default(); navigate(&go, false) }>
            {lang.t().change}<span class="visually-hidden">{format!(" {label}")}</span>
        </a>
    };
    if let FieldKind::Group { fields, .. } = &f.kind {
        let items = answer_path::items(answers, path);
        let inner = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let lines = fields
                    .iter()
                    .filter(|c| c.kind.is_input() && !matches!(c.kind, FieldKind::Hidden))
                    .filter_map(|c| {
                        let a = item.get(&c.id)?;
                        let text = display_answer(c, a, domain_lang(lang), &|addr| address_text(s, addr));
                        (!text.is_empty()).then(|| {
                            view! { <li>{lang.pick(c.label.vi(), c.label.en()).to_owned()}": "<span lang=typed_lang(c)>{text}</span></li> }
                        })
                    })
                    .collect_view();
                view! { <li><strong>{(lang.t().item_n)(i + 1)}</strong><ul>{lines}</ul></li> }
            })
            .collect_view();
        let empty = items.is_empty().then(|| lang.t().not_answered);
        return view! {
            <div class="summary-row">
                <dt>{label.clone()}</dt>
                <dd>{empty}<ol class="review-items">{inner}</ol></dd>
                <dd class="summary-action">{change}</dd>
            </div>
        }
        .into_any();
    }
    let text = answers
        .get(path)
        .map(|a| display_answer(f, a, domain_lang(lang), &|addr| address_text(s, addr)))
        .filter(|t| !t.is_empty());
    let text_lang = text.as_ref().and_then(|_| typed_lang(f));
    let text = text.unwrap_or_else(|| lang.t().not_answered.to_owned());
    view! {
        <div class="summary-row">
            <dt>{label.clone()}</dt>
            <dd lang=text_lang>{text}</dd>
            <dd class="summary-action">{change}</dd>
        </div>
    }
    .into_any()
}

/// Free text the person typed, addresses (official place names) and VSIC lines (official
/// names) are Vietnamese whatever the interface language; marked so, a screen reader reads
/// them with a Vietnamese voice (WCAG 3.1.2). Choices are shown in the interface language.
fn typed_lang(f: &Field) -> Option<&'static str> {
    matches!(f.kind, FieldKind::ShortText { .. } | FieldKind::LongText { .. } | FieldKind::Address { .. } | FieldKind::Vsic { .. })
        .then_some("vi")
}

fn domain_lang(lang: Lang) -> domain::form::Lang {
    if lang.en() {
        domain::form::Lang::En
    } else {
        domain::form::Lang::Vi
    }
}

/// "Số 12 phố X, Phường Y, Thành phố Z", with the names of the units loaded so far.
fn address_text(s: &Session, a: &domain::form::AddressAnswer) -> String {
    if let Some(p) = a.province {
        s.admin.load_wards(p);
    }
    let (p, w) = s.admin.name(a.province, a.ward);
    [a.street.trim(), w.as_str(), p.as_str()].iter().filter(|x| !x.is_empty()).copied().collect::<Vec<_>>().join(", ")
}
