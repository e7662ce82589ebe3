//! The fees of a dossier line by line, each named phí or lệ phí (a receipt must say which
//! is which), with the total. Shared by the payment panel and the receipt (biên lai).

use crate::i18n::use_lang;
use domain::dossier::FeeItem;
use domain::fee::format_vnd;
use leptos::prelude::*;

#[component]
pub fn FeeLines(items: Vec<FeeItem>, total_vnd: i64) -> impl IntoView {
    let lang = use_lang();
    let rows = items
        .into_iter()
        .map(|item| {
            let kind = item.kind;
            view! {
                <tr>
                    <th scope="row">{move || lang.pick(kind.label_vi(), kind.label_en()).to_owned()}</th>
                    <td class="amount">{format_vnd(item.amount_vnd)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="fee-lines">
            <thead>
                <tr>
                    <th scope="col">{move || lang.t().pay_fee_item}</th>
                    <th scope="col" class="amount">{move || lang.t().pay_amount}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
            <tfoot>
                <tr>
                    <th scope="row">{move || lang.t().pay_fee_total}</th>
                    <td class="amount" id="fee-total">{format_vnd(total_vnd)}</td>
                </tr>
            </tfoot>
        </table>
    }
}
