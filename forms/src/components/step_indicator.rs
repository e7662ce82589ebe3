//! "Bước 2/6": where the person is among the steps shown for their answers.

use crate::i18n::use_lang;
use leptos::prelude::*;

#[component]
pub fn StepIndicator(number: Signal<usize>, total: Signal<usize>) -> impl IntoView {
    let lang = use_lang();
    view! { <p class="step-indicator">{move || (lang.t().step_of)(number.get(), total.get())}</p> }
}
