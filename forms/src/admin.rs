//! Provinces and wards of the 2025 map for address fields, loaded as they are needed
//! (a province's ward list only once someone picks it) and kept offline.

use crate::fetch::get_cached;
use domain::form::AdminCheck;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Unit {
    pub code: u32,
    pub name: String,
}

#[derive(Debug, Clone, Copy)]
pub struct Admin {
    pub provinces: RwSignal<Option<Vec<Unit>>>,
    pub wards: RwSignal<HashMap<u32, Vec<Unit>>>,
    /// Provinces whose ward list could not be loaded (offline, never saved).
    pub failed: RwSignal<Vec<u32>>,
}

impl Admin {
    pub fn new() -> Admin {
        Admin { provinces: RwSignal::new(None), wards: RwSignal::new(HashMap::new()), failed: RwSignal::new(Vec::new()) }
    }

    pub fn load_provinces(self) {
        if self.provinces.with_untracked(|p| p.is_some()) {
            return;
        }
        spawn_local(async move {
            if let Ok(f) = get_cached("/api/v1/admin-units/provinces").await {
                if let Ok(list) = serde_json::from_str::<Vec<Unit>>(&f.body) {
                    self.provinces.set(Some(list));
                }
            }
        });
    }

    pub fn load_wards(self, province: u32) {
        if self.wards.with_untracked(|w| w.contains_key(&province)) {
            return;
        }
        spawn_local(async move {
            let list = match get_cached(&format!("/api/v1/admin-units/provinces/{province}/wards")).await {
                Ok(f) => serde_json::from_str::<Vec<Unit>>(&f.body).ok(),
                Err(_) => None,
            };
            match list {
                Some(list) => {
                    self.failed.update(|f| f.retain(|p| *p != province));
                    self.wards.update(|w| {
                        w.insert(province, list);
                    });
                }
                None => self.failed.update(|f| f.push(province)),
            }
        });
    }

    /// The validator's view: what is loaded is checked, the rest is left to the server.
    pub fn check(&self, province: u32, ward: u32) -> AdminCheck {
        let known = self.provinces.with_untracked(|p| p.as_ref().map(|list| list.iter().any(|u| u.code == province)));
        if known == Some(false) {
            return AdminCheck::UnknownProvince;
        }
        self.wards.with_untracked(|w| match w.get(&province) {
            Some(list) if list.iter().any(|u| u.code == ward) => AdminCheck::Valid,
            // Whether the code exists elsewhere or nowhere, it is not in this province.
            Some(_) => AdminCheck::WardNotInProvince,
            None => AdminCheck::Unknown,
        })
    }

    pub fn name(&self, province: Option<u32>, ward: Option<u32>) -> (String, String) {
        let p = province
            .and_then(|c| self.provinces.with_untracked(|l| l.as_ref()?.iter().find(|u| u.code == c).map(|u| u.name.clone())))
            .unwrap_or_default();
        let w = match (province, ward) {
            (Some(pc), Some(wc)) => self
                .wards
                .with_untracked(|m| m.get(&pc).and_then(|l| l.iter().find(|u| u.code == wc)).map(|u| u.name.clone()))
                .unwrap_or_default(),
            _ => String::new(),
        };
        (p, w)
    }
}
