//! Practice mode ("Thực hành"): sample people a community digital tech team uses to show a
//! procedure without anyone's real data. The businesses are fixed entries of the sandbox
//! business registry (docs/api.md), so their look-ups prefill for real; the citizen record
//! has the shape of the national population record a signed-in citizen's forms are
//! prefilled from (`PrefillSource::Citizen`, data/forms/README.md).
//!
//! The businesses' people are the registry entries' owner and representative, with their
//! registry phone and email, so what practice prefills agrees with what the look-up finds.
//! The identifiers pass every check a real one must (check digits, the ID's birth year and
//! sex), or practice would teach people that correct-looking input is refused.

use crate::form::{apply_prefill, prefill_fields, Answer, Answers, FormSchema, Loose, PrefillSource};

/// One sample person or business.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Persona {
    /// Stable id kept on the device (`practice-persona`).
    pub id: &'static str,
    pub title_vi: &'static str,
    pub title_en: &'static str,
    pub about_vi: &'static str,
    pub about_en: &'static str,
    /// The person filling the form (for a business, its owner or representative).
    pub full_name: &'static str,
    pub personal_id: &'static str,
    /// ISO `yyyy-mm-dd`, as the population record gives it.
    pub date_of_birth: &'static str,
    pub phone: &'static str,
    pub email: &'static str,
    /// Tax code (MST) to look up in the sandbox registry, for the businesses.
    pub tax_code: Option<&'static str>,
}

pub const PERSONAS: [Persona; 3] = [
    Persona {
        id: "cong-dan",
        title_vi: "Công dân",
        title_en: "A citizen",
        about_vi: "Chị Nguyễn Thị Hương, 41 tuổi, ở Hà Nội: thủ tục cá nhân như hộ tịch, cư trú.",
        about_en: "Ms Nguyễn Thị Hương, 41, of Hà Nội: personal procedures such as civil status or residence.",
        full_name: "Nguyễn Thị Hương",
        personal_id: "001185012345",
        date_of_birth: "1985-03-12",
        phone: "0912345678",
        email: "huong.nguyen@example.vn",
        tax_code: None,
    },
    Persona {
        id: "ho-kinh-doanh",
        title_vi: "Hộ kinh doanh",
        title_en: "A household business",
        about_vi: "Hộ kinh doanh Phở Hà Thành (MST 0190000044), Hà Nội.",
        about_en: "The household business Phở Hà Thành (tax code 0190000044), Hà Nội.",
        full_name: "Trần Thị Bích Ngọc",
        personal_id: "001179004821",
        date_of_birth: "1979-11-02",
        phone: "0983456712",
        email: "phohathanh@gmail.com",
        tax_code: Some("0190000044"),
    },
    Persona {
        id: "cong-ty",
        title_vi: "Công ty có chi nhánh",
        title_en: "A company with branches",
        about_vi: "Công ty cổ phần Thực phẩm Sài Gòn Xanh (MST 0390000027), TP.HCM, có chi nhánh tại Hà Nội (0390000027-001) và Đà Nẵng (0390000027-002).",
        about_en: "Sài Gòn Xanh Food JSC (tax code 0390000027), Ho Chi Minh City, with branches in Hà Nội (0390000027-001) and Đà Nẵng (0390000027-002).",
        full_name: "Lê Minh Tuấn",
        personal_id: "079072003456",
        date_of_birth: "1972-06-20",
        phone: "0903123456",
        email: "info@saigonxanh.com.vn",
        tax_code: Some("0390000027"),
    },
];

pub fn persona(id: &str) -> Option<&'static Persona> {
    PERSONAS.iter().find(|p| p.id == id)
}

impl Persona {
    /// A new form's answers filled as the person would find them if this sample were the
    /// signed-in citizen: the `citizen` prefill from [`Persona::citizen_record`], and for a
    /// business its tax code in the registry look-up's key field (the look-up itself stays
    /// the person's action, as it is for real). Blank fields only.
    pub fn prefill(&self, schema: &FormSchema, answers: &Answers) -> Answers {
        let record = serde_json::from_str::<Loose>(&self.citizen_record()).unwrap_or(Loose::Null);
        let (mut out, _) = apply_prefill(schema, answers, PrefillSource::Citizen, &record, false);
        if let Some(mst) = self.tax_code {
            let key = prefill_fields(schema, PrefillSource::BusinessRegistry)
                .into_iter()
                .find_map(|f| f.prefill.as_ref().and_then(|p| p.key_field.clone()));
            if let Some(key) = key {
                if out.get(&key).is_none_or(|a| a.is_blank()) {
                    out.insert(key, Answer::text(mst));
                }
            }
        }
        out
    }

    /// The population-record JSON the forms' `citizen` prefill reads.
    pub fn citizen_record(&self) -> String {
        serde_json::json!({
            "full_name": self.full_name,
            "personal_id": self.personal_id,
            "date_of_birth": self.date_of_birth,
            "phone": self.phone,
            "email": self.email,
        })
        .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::ids::{Cccd, Email, Mst, Phone};

    #[test]
    fn every_identifier_passes_the_real_checks() {
        for p in PERSONAS {
            let id = Cccd::parse(p.personal_id).unwrap_or_else(|e| panic!("{}: {e:?}", p.id));
            let dob = Date::parse_iso(p.date_of_birth).unwrap_or_else(|e| panic!("{}: {e:?}", p.id));
            id.check_birth_date(dob).unwrap_or_else(|e| panic!("{}: {e:?}", p.id));
            assert!(Phone::parse(p.phone).is_ok(), "{}", p.id);
            assert!(Email::parse(p.email).is_ok(), "{}", p.id);
            if let Some(mst) = p.tax_code {
                assert!(Mst::parse(mst).is_ok(), "{}", p.id);
            }
        }
    }

    #[test]
    fn prefill_fills_the_citizen_fields_and_the_tax_code() {
        let schema = crate::form::generic_schema(&crate::procedure::Procedure {
            code: "1.000001".into(),
            name: "Thủ tục thử".into(),
            field: "Hộ tịch".into(),
            agency: None,
            level: None,
            online: None,
            processing_time: None,
            fees: vec![],
            documents: vec![],
            steps: vec![],
            result: None,
            legal_basis: vec![],
            source: String::new(),
        });
        let blank = Answers::new();
        let person = PERSONAS[0].prefill(&schema, &blank);
        let text = |a: &Answers, id: &str| a.get(id).and_then(|v| v.as_text().map(str::to_owned));
        assert_eq!(text(&person, "full_name").as_deref(), Some("Nguyễn Thị Hương"));
        assert_eq!(text(&person, "cccd").as_deref(), Some("001185012345"));
        assert_eq!(text(&person, "org_tax_code"), None);
        let company = PERSONAS[2].prefill(&schema, &blank);
        assert_eq!(text(&company, "org_tax_code").as_deref(), Some("0390000027"));
        // What the person typed is kept.
        let mut typed = Answers::new();
        typed.insert("full_name".to_owned(), Answer::text("Người khác"));
        assert_eq!(text(&PERSONAS[0].prefill(&schema, &typed), "full_name").as_deref(), Some("Người khác"));
    }

    #[test]
    fn ids_are_unique_and_found() {
        for p in PERSONAS {
            assert_eq!(persona(p.id), Some(&p));
        }
        assert_eq!(persona("khac"), None);
    }

    #[test]
    fn citizen_record_has_the_prefill_paths() {
        let v: serde_json::Value = serde_json::from_str(&PERSONAS[0].citizen_record()).unwrap();
        for key in ["full_name", "personal_id", "date_of_birth", "phone", "email"] {
            assert!(v.get(key).and_then(|s| s.as_str()).is_some_and(|s| !s.is_empty()), "{key}");
        }
    }
}
