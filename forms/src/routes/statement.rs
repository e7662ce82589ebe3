//! `/tiep-can`: the accessibility statement (tuyên bố về khả năng tiếp cận), linked from
//! the footer: the standard aimed at, how it is tested, the known gaps, how to report a
//! problem and when the statement was last reviewed. Text: statement_i18n.rs.

use crate::i18n::use_lang;
use crate::statement_i18n::{REPORT_EMAIL, REVIEWED_ON};
use leptos::prelude::*;

#[component]
pub fn Statement() -> impl IntoView {
    let lang = use_lang();
    let s = move || lang.statement();
    Effect::new(move |_| lang.set_title(lang.statement().title));
    let list = move |pick: fn(&'static crate::statement_i18n::StatementStrings) -> &'static [&'static str]| {
        move || pick(lang.statement()).iter().map(|item| view! { <li>{*item}</li> }).collect_view()
    };
    let mailto = format!("mailto:{REPORT_EMAIL}");

    view! {
        <div class="container page statement-page">
            <h1 class="heading-l">{move || s().title}</h1>
            <p class="lead">{move || s().intro}</p>

            <section id="statement-standard" aria-labelledby="statement-standard-title">
                <h2 class="heading-m" id="statement-standard-title">{move || s().standard_title}</h2>
                <p>{move || s().standard}</p>
                <p>{move || s().status}</p>
            </section>

            <section id="statement-features" aria-labelledby="statement-features-title">
                <h2 class="heading-m" id="statement-features-title">{move || s().features_title}</h2>
                <ul>{list(|s| &s.features)}</ul>
            </section>

            <section id="statement-tested" aria-labelledby="statement-tested-title">
                <h2 class="heading-m" id="statement-tested-title">{move || s().tested_title}</h2>
                <p>{move || s().tested_intro}</p>
                <ul>{list(|s| &s.tested)}</ul>
                <p>{move || s().tested_limits}</p>
            </section>

            <section id="statement-gaps" aria-labelledby="statement-gaps-title">
                <h2 class="heading-m" id="statement-gaps-title">{move || s().gaps_title}</h2>
                <p>{move || s().gaps_intro}</p>
                <ul>{list(|s| &s.gaps)}</ul>
            </section>

            <section id="statement-report" aria-labelledby="statement-report-title">
                <h2 class="heading-m" id="statement-report-title">{move || s().report_title}</h2>
                <p>{move || s().report_intro}</p>
                <p>
                    {move || s().report_email_label}" "
                    <a href=mailto id="statement-email">{REPORT_EMAIL}</a>
                </p>
                <p id="statement-reply">{move || s().report_reply}</p>
                <p>{move || s().report_include_intro}</p>
                <ul>{list(|s| &s.report_include)}</ul>
                <p>{move || s().report_other_ways}</p>
            </section>

            <p class="statement-reviewed" id="statement-reviewed">
                {move || s().reviewed_label}" "
                <time datetime=REVIEWED_ON>{move || s().reviewed_date}</time>
            </p>
        </div>
    }
}
