//! Official (hand-made) form schemas, compiled in from `data/forms/<procedure code>.json`
//! by build.rs, and the answer body `GET /api/v1/forms/{code}` sends.
//!
//! Every file is parsed and checked with [`FormSchema::check`] before the server starts:
//! a broken schema would otherwise only show up when a citizen opens that form.

use domain::form::{FormSchema, SchemaError};
use domain::ProcedureCode;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use utoipa::ToSchema;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/official_forms.rs"));
}

/// `(file stem, file bytes)` of every `data/forms/*.json` this binary was built with.
pub fn embedded_files() -> &'static [(&'static str, &'static [u8])] {
    embedded::OFFICIAL_FORMS
}

/// Where a served schema comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FormSource {
    /// Written by hand for this procedure (`data/forms/`).
    Official,
    /// Derived from the procedure's catalogue record (`domain::form::generic_schema`).
    Generic,
}

/// Body of `GET /api/v1/forms/{code}`. A wrapper rather than a header so that the marker
/// travels with the schema into caches, drafts and logs.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServedForm {
    pub source: FormSource,
    /// A `domain::form::FormSchema`: `{id, version, title, steps: [{id, title, fields}]}`;
    /// see docs/api.md and `domain/src/form/mod.rs` for the field types.
    #[schema(value_type = Object)]
    pub schema: FormSchema,
}

/// One thing wrong with one file.
#[derive(Debug, thiserror::Error)]
pub enum FormFileError {
    #[error(
        "data/forms/{file}.json: the file name must be the procedure code, e.g. 1.001612.json"
    )]
    BadName { file: String },
    #[error("data/forms/{file}.json: the catalogue has no procedure {file}")]
    UnknownProcedure { file: String },
    #[error("data/forms/{file}.json is not a form schema: {source}")]
    Parse {
        file: String,
        source: serde_json::Error,
    },
    #[error("data/forms/{file}.json: {}", list(.errors))]
    Check {
        file: String,
        errors: Vec<SchemaError>,
    },
}

fn list(errors: &[SchemaError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Every broken file at once, so one build fixes them all.
#[derive(Debug, thiserror::Error)]
#[error("official form schemas are broken; fix them and rebuild:\n  {}", lines(.0))]
pub struct FormFilesError(pub Vec<FormFileError>);

fn lines(errors: &[FormFileError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n  ")
}

/// Parses and checks `files` (stem, bytes); `is_procedure` says whether the catalogue
/// has a code. Returns the schemas by canonical procedure code.
pub fn load_official(
    files: &[(&str, &[u8])],
    is_procedure: impl Fn(&str) -> bool,
) -> Result<BTreeMap<String, FormSchema>, FormFilesError> {
    let mut schemas = BTreeMap::new();
    let mut errors = Vec::new();
    for (stem, bytes) in files {
        let file = (*stem).to_owned();
        // Exactly the canonical spelling: the URL is built from the code, so a file
        // named otherwise could never be served.
        let code = match ProcedureCode::parse(stem) {
            Ok(c) if c.as_str() == *stem => c,
            _ => {
                errors.push(FormFileError::BadName { file });
                continue;
            }
        };
        if !is_procedure(code.as_str()) {
            errors.push(FormFileError::UnknownProcedure { file });
            continue;
        }
        let schema: FormSchema = match serde_json::from_slice(bytes) {
            Ok(s) => s,
            Err(source) => {
                errors.push(FormFileError::Parse { file, source });
                continue;
            }
        };
        if let Err(problems) = schema.check() {
            errors.push(FormFileError::Check {
                file,
                errors: problems,
            });
            continue;
        }
        schemas.insert(code.as_str().to_owned(), schema);
    }
    if errors.is_empty() {
        Ok(schemas)
    } else {
        Err(FormFilesError(errors))
    }
}

/// [`load_official`] over the embedded files against a set of catalogue codes.
pub fn load_embedded(
    codes: &HashSet<String>,
) -> Result<BTreeMap<String, FormSchema>, FormFilesError> {
    load_official(embedded_files(), |c| codes.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"id": "t", "version": 1, "title": {"vi": "Thử"},
        "steps": [{"id": "s", "title": {"vi": "Bước"},
                   "fields": [{"id": "name", "type": "short_text", "label": {"vi": "Tên"}}]}]}"#;

    fn known(code: &str) -> bool {
        code == "1.001612" || code == "1.000001"
    }

    #[test]
    fn good_files_load_and_broken_ones_are_all_named() {
        let ok = load_official(&[("1.001612", GOOD.as_bytes())], known).expect("loads");
        assert_eq!(ok.len(), 1);
        assert_eq!(ok["1.001612"].id, "t");

        let duplicate = GOOD.replace(
            r#"[{"id": "name""#,
            r#"[{"id": "name", "type": "yes_no", "label": {"vi": "x"}}, {"id": "name""#,
        );
        let files: Vec<(&str, &[u8])> = vec![
            ("1.001612", duplicate.as_bytes()),
            ("1.000001", b"{not json"),
            ("dang-ky-ho-kinh-doanh", GOOD.as_bytes()),
            ("9.999999", GOOD.as_bytes()),
        ];
        let err = load_official(&files, known).expect_err("broken");
        assert_eq!(err.0.len(), 4);
        let text = err.to_string();
        for needle in [
            "data/forms/1.001612.json: name: id used twice",
            "data/forms/1.000001.json is not a form schema",
            "dang-ky-ho-kinh-doanh.json: the file name must be the procedure code",
            "the catalogue has no procedure 9.999999",
        ] {
            assert!(text.contains(needle), "{needle} in {text}");
        }
    }

    #[test]
    fn served_schemas_read_back_as_the_same_schema() {
        let schema: FormSchema = serde_json::from_str(GOOD).expect("schema");
        let body = serde_json::to_vec(&ServedForm {
            source: FormSource::Official,
            schema: schema.clone(),
        })
        .expect("json");
        let v: serde_json::Value = serde_json::from_slice(&body).expect("json");
        assert_eq!(v["source"], "official");
        let back: FormSchema = serde_json::from_value(v["schema"].clone()).expect("schema");
        assert_eq!(back, schema);
    }
}
