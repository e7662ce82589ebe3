//! What the fuzz targets share: the real form schemas and a byte reader.
//!
//! The reader's layout (a length byte before each string, little-endian numbers, zero
//! when the input runs out) is deliberately plain, so seeds in `fuzz/seeds/` can be
//! written by hand and a crash file can be read without tooling.

use domain::date::Date;
use domain::form::{generic_schema, AdminCheck, AdminUnits, FormSchema};
use domain::Procedure;
use std::sync::OnceLock;

/// Every form schema the fuzzers use, by procedure code: each official one in
/// `data/forms/` (read at start-up, so a new file is fuzzed without touching this
/// crate) and the generic schemas of the real catalogue records in
/// `fixtures/procedures.json` (with and without documents to upload).
pub fn schemas() -> &'static [(String, FormSchema)] {
    static SCHEMAS: OnceLock<Vec<(String, FormSchema)>> = OnceLock::new();
    SCHEMAS.get_or_init(load_schemas)
}

/// The schema the server would check a filing for `code` against; an unknown code gets
/// one of the others (chosen by `pick`) so that its answers are still validated.
pub fn schema_for(code: &str, pick: usize) -> &'static FormSchema {
    let all = schemas();
    all.iter()
        .find(|(c, _)| c == code)
        .map_or(&all[pick % all.len()].1, |(_, s)| s)
}

fn load_schemas() -> Vec<(String, FormSchema)> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let mut out = Vec::new();
    let dir = format!("{root}/data/forms");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    // Sorted so that a schema's index, which the inputs refer to, is the same everywhere.
    files.sort();
    for path in files {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let schema: FormSchema =
            serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // The server refuses to start with a broken schema; fuzzing one would find
        // nothing a citizen can reach.
        assert!(schema.check().is_ok(), "{} does not check", path.display());
        let code = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        out.push((code, schema));
    }
    let fixtures = format!("{root}/fuzz/fixtures/procedures.json");
    let text = std::fs::read(&fixtures).unwrap_or_else(|e| panic!("{fixtures}: {e}"));
    let procedures: Vec<Procedure> =
        serde_json::from_slice(&text).unwrap_or_else(|e| panic!("{fixtures}: {e}"));
    for p in &procedures {
        out.push((p.code.clone(), generic_schema(p)));
    }
    out
}

/// Reads fuzz input front to back; past the end every number is 0 and every string
/// empty, so any input is complete.
pub struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Reader<'a> {
        Reader { data }
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    pub fn bytes(&mut self, n: usize) -> &'a [u8] {
        let (head, rest) = self.data.split_at(n.min(self.data.len()));
        self.data = rest;
        head
    }

    pub fn u16(&mut self) -> u16 {
        u16::from(self.byte()) | u16::from(self.byte()) << 8
    }

    pub fn u32(&mut self) -> u32 {
        u32::from(self.u16()) | u32::from(self.u16()) << 16
    }

    pub fn u64(&mut self) -> u64 {
        u64::from(self.u32()) | u64::from(self.u32()) << 32
    }

    /// A length byte, then that many bytes as text (invalid UTF-8 replaced, as a
    /// browser or a web framework would).
    pub fn text(&mut self) -> String {
        let n = usize::from(self.byte());
        String::from_utf8_lossy(self.bytes(n)).into_owned()
    }

    pub fn rest(self) -> &'a [u8] {
        self.data
    }
}

/// Province/ward look-ups without the 3,321 wards: a mode byte says whether every pair
/// is known, none can be checked, or the answer depends on the codes (so all four
/// outcomes reach the validator).
pub struct FuzzAdminUnits(pub u8);

impl AdminUnits for FuzzAdminUnits {
    fn check(&self, province: u32, ward: u32) -> AdminCheck {
        match self.0 % 3 {
            0 => AdminCheck::Valid,
            1 => AdminCheck::Unknown,
            _ => match (province % 4, ward % 3) {
                (0, _) => AdminCheck::UnknownProvince,
                (_, 0) => AdminCheck::UnknownWard,
                (1, 1) => AdminCheck::WardNotInProvince,
                _ => AdminCheck::Valid,
            },
        }
    }
}

/// A "today" from 1970 to 2149: the server's clock, or a phone's that is set wrong.
pub fn today(days: u16) -> Date {
    let epoch = Date::new(1970, 1, 1).expect("a valid date");
    epoch
        .add_days(i64::from(days))
        .expect("within years 1–9999")
}

/// What the server does with a filing's answers once the JSON is read, and what must
/// hold afterwards: what it stores passes the same validation again (a supplement or
/// an officer re-reads it), keeps its contact phone, and reads back from its JSON.
pub fn file_answers(
    schema: &FormSchema,
    answers: &domain::form::Answers,
    ctx: &domain::form::ValidationContext<'_>,
) {
    use domain::form::{submission, validate_all, Answers};
    let Ok(kept) = submission(schema, answers, ctx) else {
        return;
    };
    let again = validate_all(schema, &kept, ctx);
    assert!(
        again.is_empty(),
        "stored answers fail validation: {again:?}\nstored: {kept:?}"
    );
    let phone = domain::dossier::contact_phone(schema, &kept);
    if let Some(p) = &phone {
        assert_eq!(
            domain::dossier::canonical_phone(p).as_ref(),
            Some(p),
            "the stored contact phone is not canonical"
        );
    }
    let json = serde_json::to_string(&kept).expect("answers serialize");
    let back: Answers = serde_json::from_str(&json).expect("stored answers read back");
    assert_eq!(
        domain::dossier::contact_phone(schema, &back),
        phone,
        "the contact phone changes once stored: {json}"
    );
}
