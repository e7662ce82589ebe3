use crate::format;
use crate::i18n::Strings;
use crate::query::CatalogueQuery;
use domain::search::FeeFilter;
use domain::Level;
use leptos::prelude::*;

/// Levels a citizen can pick; districts were abolished in July 2025 and only linger in
/// old records, so they are not offered.
const LEVELS: [Level; 3] = [Level::Province, Level::Commune, Level::Ministry];
const FEES: [FeeFilter; 3] = [FeeFilter::Any, FeeFilter::Free, FeeFilter::HasOnlineFee];

/// Level, field and fee pickers. Each change produces the whole new query, which the
/// page writes into the URL; the selections follow the URL back (back/forward, reload).
#[component]
pub fn Filters(
    t: &'static Strings,
    query: Memo<CatalogueQuery>,
    fields: Signal<Vec<String>>,
    on_change: Callback<CatalogueQuery>,
) -> impl IntoView {
    let change = move |edit: &dyn Fn(&mut CatalogueQuery)| {
        let mut q = query.get_untracked();
        edit(&mut q);
        on_change.run(q);
    };
    let fee_label = move |fee: FeeFilter| match fee {
        FeeFilter::Any => t.any_fee,
        FeeFilter::Free => t.fee_free_filter,
        FeeFilter::HasOnlineFee => t.fee_online_filter,
    };

    view! {
        <fieldset class="filters">
            <legend>{t.filters_title}</legend>
            <div class="filter">
                <label for="filter-level">{t.filter_level}</label>
                <select
                    id="filter-level"
                    name="level"
                    form="catalogue-search"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        change(&|q| q.level = Level::parse(&v));
                    }
                >
                    <option value="" prop:selected=move || query.with(|q| q.level.is_none())>
                        {t.any_level}
                    </option>
                    {LEVELS
                        .into_iter()
                        .map(|l| {
                            view! {
                                <option value=l.as_str() prop:selected=move || query.with(|q| q.level == Some(l))>
                                    {format::level(Some(l), t)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="filter">
                <label for="filter-field">{t.filter_field}</label>
                <select
                    id="filter-field"
                    name="field"
                    form="catalogue-search"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        change(&|q| q.field = Some(v.clone()).filter(|f| !f.is_empty()));
                    }
                >
                    <option value="" prop:selected=move || query.with(|q| q.field.is_none())>
                        {t.any_field}
                    </option>
                    {move || {
                        fields
                            .get()
                            .into_iter()
                            .map(|field| {
                                let value = field.clone();
                                let selected = move || query.with(|q| q.field.as_deref() == Some(value.as_str()));
                                view! {
                                    <option value=field.clone() lang="vi" prop:selected=selected>
                                        {field.clone()}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            <div class="filter">
                <label for="filter-fee">{t.filter_fee}</label>
                <select
                    id="filter-fee"
                    name="fee"
                    form="catalogue-search"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        change(&|q| q.fee = FeeFilter::from_param(&v));
                    }
                >
                    {FEES
                        .into_iter()
                        .map(|fee| {
                            view! {
                                <option value=fee.param().unwrap_or("") prop:selected=move || query.with(|q| q.fee == fee)>
                                    {fee_label(fee)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <Show when=move || query.with(CatalogueQuery::has_filters)>
                <button
                    type="button"
                    class="button button-secondary"
                    on:click=move |_| {
                        change(&|q| {
                            q.level = None;
                            q.field = None;
                            q.fee = FeeFilter::Any;
                        })
                    }
                >
                    {t.clear_filters}
                </button>
            </Show>
        </fieldset>
    }
}
