//! The compact catalogue index the app downloads once and searches locally.
//!
//! Field and agency names repeat across thousands of procedures, so entries point into
//! two string tables instead of repeating them; one-letter keys keep the JSON small.

use crate::fee::{has_online_channel, FeeSummary};
use crate::procedure::{Level, Online, Procedure};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Bumped whenever the index's JSON shape changes, so cached copies are thrown away.
pub const INDEX_FORMAT: u32 = 1;

/// The procedures people come for most, shown on the home page, with a short name to
/// show until the catalogue (and with it the official name) has loaded.
pub const POPULAR: [(&str, &str); 8] = [
    ("1.001193", "Đăng ký khai sinh"),
    ("1.000894", "Đăng ký kết hôn"),
    ("1.004222", "Đăng ký thường trú"),
    ("3.000333", "Cấp Phiếu lý lịch tư pháp"),
    ("1.001612", "Đăng ký thành lập hộ kinh doanh"),
    ("2.000815", "Chứng thực bản sao"),
    ("1.013225", "Cấp giấy phép xây dựng"),
    ("3.000346", "Cấp giấy phép lái xe"),
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogueIndex {
    pub format: u32,
    /// Distinct fields (lĩnh vực), sorted.
    pub fields: Vec<String>,
    /// Distinct agencies (cơ quan thực hiện), sorted.
    pub agencies: Vec<String>,
    pub items: Vec<IndexEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndexEntry {
    #[serde(rename = "c")]
    pub code: String,
    #[serde(rename = "n")]
    pub name: String,
    /// Index into [`CatalogueIndex::fields`].
    #[serde(rename = "f")]
    pub field: u16,
    /// Index into [`CatalogueIndex::agencies`].
    #[serde(rename = "a", default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<u16>,
    #[serde(rename = "l", default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    #[serde(rename = "o", default, skip_serializing_if = "Option::is_none")]
    pub online: Option<Online>,
    /// The fee table lists the online channel (Trực tuyến) for this procedure.
    #[serde(rename = "w", default, skip_serializing_if = "is_false")]
    pub online_channel: bool,
    #[serde(rename = "p", default)]
    pub fee: FeeSummary,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl CatalogueIndex {
    /// Builds the index; entries keep the order of `procedures`.
    pub fn build(procedures: &[Procedure]) -> CatalogueIndex {
        let table = |names: Vec<&str>| -> (Vec<String>, BTreeMap<String, u16>) {
            let mut v: Vec<String> = names.into_iter().map(str::to_owned).collect();
            v.sort();
            v.dedup();
            let ids = v
                .iter()
                .enumerate()
                .map(|(i, s)| (s.clone(), i as u16))
                .collect();
            (v, ids)
        };
        let (fields, field_ids) = table(procedures.iter().map(|p| p.field.as_str()).collect());
        let (agencies, agency_ids) = table(
            procedures
                .iter()
                .filter_map(|p| p.agency.as_deref())
                .collect(),
        );
        let items = procedures
            .iter()
            .map(|p| IndexEntry {
                code: p.code.clone(),
                name: p.name.clone(),
                field: field_ids[&p.field],
                agency: p.agency.as_ref().map(|a| agency_ids[a]),
                level: p.level,
                online: p.online,
                online_channel: has_online_channel(&p.fees),
                fee: FeeSummary::of(&p.fees),
            })
            .collect();
        CatalogueIndex {
            format: INDEX_FORMAT,
            fields,
            agencies,
            items,
        }
    }

    pub fn field_name(&self, e: &IndexEntry) -> &str {
        self.fields
            .get(e.field as usize)
            .map(String::as_str)
            .unwrap_or("")
    }

    /// Position of a field name in [`CatalogueIndex::fields`], which is sorted.
    pub fn field_id(&self, name: &str) -> Option<u16> {
        let i = self.fields.binary_search_by(|f| f.as_str().cmp(name)).ok()?;
        u16::try_from(i).ok()
    }

    pub fn agency_name(&self, e: &IndexEntry) -> Option<&str> {
        e.agency
            .and_then(|a| self.agencies.get(a as usize))
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::procedure::Fee;

    fn proc(code: &str, field: &str, agency: Option<&str>) -> Procedure {
        Procedure {
            code: code.into(),
            name: format!("Thủ tục {code}"),
            field: field.into(),
            agency: agency.map(Into::into),
            level: Some(Level::Commune),
            online: None,
            processing_time: None,
            fees: vec![Fee {
                description: Some("Trực tuyến".into()),
                amount_vnd: Some(0),
                text: "Miễn phí".into(),
            }],
            documents: vec![],
            steps: vec![],
            result: None,
            legal_basis: vec![],
            source: String::new(),
        }
    }

    #[test]
    fn tables_are_shared_and_round_trip() {
        let ps = vec![
            proc("1.000001", "Hộ tịch", Some("UBND xã")),
            proc("1.000002", "Hộ tịch", None),
        ];
        let idx = CatalogueIndex::build(&ps);
        assert_eq!(idx.fields, vec!["Hộ tịch"]);
        assert_eq!(idx.field_name(&idx.items[1]), "Hộ tịch");
        assert_eq!(idx.agency_name(&idx.items[0]), Some("UBND xã"));
        assert_eq!(idx.agency_name(&idx.items[1]), None);
        assert!(idx.items[0].online_channel && idx.items[0].fee.free);
        let json = serde_json::to_string(&idx).unwrap();
        assert_eq!(serde_json::from_str::<CatalogueIndex>(&json).unwrap(), idx);
    }
}
