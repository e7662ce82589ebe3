//! An address on the 2025 map: province, then ward (loaded for that province), then the
//! street and house number.

use crate::i18n::use_lang;
use crate::session::use_session;
use domain::form::{AddressAnswer, Answer, Field};
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn AddressInput(field: Arc<Field>, path: String, id: String) -> impl IntoView {
    let s = use_session();
    let lang = use_lang();
    s.admin.load_provinces();
    let current = {
        let path = path.clone();
        Memo::new(move |_| s.value(&path).and_then(|a| a.as_address().cloned()).unwrap_or_default())
    };
    // Wards of the chosen province, fetched when it is chosen (or found in a draft).
    Effect::new(move |_| {
        if let Some(p) = current.with(|a| a.province) {
            s.admin.load_wards(p);
        }
    });
    let off = {
        // Inside a group, the group's lock: a read-only prefilled group locks its items.
        let fid = if path.contains('[') { crate::answer_path::top(&path).to_owned() } else { field.id.clone() };
        Signal::derive(move || s.locked(&fid) || !s.editable.get())
    };
    let update = {
        let path = path.clone();
        move |f: &dyn Fn(&mut AddressAnswer)| {
            let mut a = current.get_untracked();
            f(&mut a);
            s.set(&path, (!a.is_empty()).then_some(Answer::Address(a)));
        }
    };
    let update = Arc::new(update);
    let on_province = {
        let (update, path) = (update.clone(), path.clone());
        move |ev: leptos::ev::Event| {
            let code = event_target_value(&ev).parse::<u32>().ok();
            update(&|a: &mut AddressAnswer| {
                if a.province != code {
                    // A ward belongs to one province: keeping it would pair it with the wrong one.
                    a.ward = None;
                }
                a.province = code;
            });
            s.blur(&path);
        }
    };
    let on_ward = {
        let update = update.clone();
        move |ev: leptos::ev::Event| {
            let code = event_target_value(&ev).parse::<u32>().ok();
            update(&|a: &mut AddressAnswer| a.ward = code);
        }
    };
    let on_street = {
        let update = update.clone();
        move |ev: leptos::ev::Event| {
            let text = event_target_value(&ev);
            update(&|a: &mut AddressAnswer| a.street = text.clone());
        }
    };
    let blur = {
        let path = path.clone();
        move |_| s.blur(&path)
    };
    let (blur2, blur3) = (blur.clone(), blur.clone());
    let provinces = move || {
        let chosen = current.with(|a| a.province);
        let mut out = vec![view! { <option value="" selected=chosen.is_none()>{lang.t().choose}</option> }.into_any()];
        s.admin.provinces.with(|list| {
            for u in list.iter().flatten() {
                out.push(view! { <option value=u.code.to_string() selected=chosen == Some(u.code)>{u.name.clone()}</option> }.into_any());
            }
        });
        out
    };
    let wards = move || {
        let (province, chosen) = current.with(|a| (a.province, a.ward));
        let Some(p) = province else {
            return vec![view! { <option value="">{lang.t().choose_province_first}</option> }.into_any()];
        };
        let mut out = vec![view! { <option value="" selected=chosen.is_none()>{lang.t().choose}</option> }.into_any()];
        s.admin.wards.with(|m| {
            for u in m.get(&p).into_iter().flatten() {
                out.push(view! { <option value=u.code.to_string() selected=chosen == Some(u.code)>{u.name.clone()}</option> }.into_any());
            }
        });
        out
    };
    let wards_failed = move || {
        let p = current.with(|a| a.province);
        p.is_some_and(|p| s.admin.failed.with(|f| f.contains(&p)))
            .then(|| view! { <p class="hint" role="status">{lang.t().wards_unavailable}</p> })
    };
    let (ward_id, street_id) = (format!("{id}-ward"), format!("{id}-street"));
    // Each of the three controls is marked while the address has an error on show (the
    // fieldset around them is described by its text).
    let invalid = {
        let path = path.clone();
        move || s.error(&path, lang).is_some().then_some("true")
    };
    let (invalid2, invalid3) = (invalid.clone(), invalid.clone());
    let street_value = move || current.with(|a| a.street.clone());
    view! {
        <div class="address">
            <div class="form-subgroup">
                <label class="label label-s" for=id.clone()>{move || lang.t().province}</label>
                <select class="select" id=id.clone() disabled=move || off.get() aria-invalid=invalid on:change=on_province on:blur=blur>
                    {provinces}
                </select>
            </div>
            <div class="form-subgroup">
                <label class="label label-s" for=ward_id.clone()>{move || lang.t().ward}</label>
                <select class="select" id=ward_id disabled=move || off.get() || current.with(|a| a.province.is_none())
                    aria-invalid=invalid2 on:change=on_ward on:blur=blur2>
                    {wards}
                </select>
                {wards_failed}
            </div>
            <div class="form-subgroup">
                <label class="label label-s" for=street_id.clone()>{move || lang.t().street}</label>
                <input class="input" type="text" id=street_id autocomplete="street-address" readonly=move || off.get()
                    aria-invalid=invalid3 prop:value=street_value on:input=on_street on:blur=blur3/>
            </div>
        </div>
    }
}
