//! One file per page, and the table from URL path to page.

pub mod catalogue;
pub mod forms_host;
pub mod home;
pub mod not_found;
pub mod procedure;

/// Which page a path shows. Only the path decides; the query is the page's own state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    Home,
    /// `/thu-tuc`
    Catalogue,
    /// `/thu-tuc/:code`
    Procedure(String),
    /// `/thu-tuc/:code/nop-ho-so[/…]`, `/ho-so-nhap[/…]`, `/ho-so/:code` (and its payment
    /// receipts `/ho-so/:code/bien-lai/:txn_ref`), `/ho-so-cua-toi`,
    /// `/tra-cuu`, `/thanh-toan/ket-qua`, `/du-lieu` (data on this device), a procedure's
    /// printable guide `/thu-tuc/:code/huong-dan`, a draft handed off `/nhan/:code`, the
    /// assisted mode `/ho-tro`, statistics `/thong-ke` and the accessibility statement
    /// `/tiep-can`: the forms
    /// module's pages. One variant without data, so moving between form URLs keeps the
    /// module mounted.
    Forms,
    NotFound,
}

impl Page {
    pub fn from_path(path: &str) -> Page {
        let segments: Vec<&str> = segments(path).collect();
        match segments.as_slice() {
            [] => Page::Home,
            ["thu-tuc"] => Page::Catalogue,
            ["thu-tuc", code] => Page::Procedure((*code).to_owned()),
            ["thu-tuc", _, "nop-ho-so", ..]
            | ["ho-so-nhap", ..]
            | ["ho-so", _]
            | ["ho-so", _, "bien-lai", _]
            | ["ho-so-cua-toi"]
            | ["tra-cuu"]
            | ["thanh-toan", "ket-qua"]
            | ["du-lieu"]
            | ["thu-tuc", _, "huong-dan"]
            | ["nhan", _]
            | ["ho-tro"]
            | ["thong-ke"]
            | ["tiep-can"] => Page::Forms,
            _ => Page::NotFound,
        }
    }
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// The header link a path belongs under, by its first segment: the forms module's pages
/// are all [`Page::Forms`], yet drafts, "my dossiers" (with a dossier's status page) and
/// the look-up each have their own link, and applying stays under "Procedures".
pub fn nav_section(path: &str) -> &str {
    match segments(path).next() {
        Some("ho-so") => "ho-so-cua-toi",
        Some(first) => first,
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::{nav_section, Page};

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn paths_map_to_pages() {
        assert_eq!(Page::from_path("/"), Page::Home);
        assert_eq!(Page::from_path("/thu-tuc/"), Page::Catalogue);
        assert_eq!(Page::from_path("/thu-tuc/1.001612"), Page::Procedure("1.001612".into()));
        assert_eq!(Page::from_path("/thu-tuc/1.001612/nop-ho-so"), Page::Forms);
        assert_eq!(Page::from_path("/thu-tuc/1.001612/nop-ho-so/"), Page::Forms);
        assert_eq!(Page::from_path("/thu-tuc/1.001612/nop-ho-so/buoc/2"), Page::Forms);
        assert_eq!(Page::from_path("/ho-so-nhap"), Page::Forms);
        assert_eq!(Page::from_path("/ho-so-nhap/abc"), Page::Forms);
        assert_eq!(nav_section("/ho-so-nhap"), "ho-so-nhap");
        assert_eq!(nav_section("/ho-so-nhap/abc"), "ho-so-nhap");
        assert_eq!(nav_section("/ho-so-nhapx"), "ho-so-nhapx");
        assert_eq!(nav_section("/thu-tuc/1.001612/nop-ho-so"), "thu-tuc");
        assert_eq!(nav_section("/"), "");
        // A dossier's status page is reached from "my dossiers".
        assert_eq!(nav_section("/ho-so/000.00.31.H29-251122-0001-XY"), "ho-so-cua-toi");
        assert_eq!(nav_section("/ho-so-cua-toi"), "ho-so-cua-toi");
        assert_eq!(nav_section("/tra-cuu"), "tra-cuu");
        assert_eq!(Page::from_path("/ho-so/000.00.31.H29-251122-0001-XY"), Page::Forms);
        assert_eq!(Page::from_path("/ho-so-cua-toi"), Page::Forms);
        assert_eq!(Page::from_path("/ho-so-cua-toi/"), Page::Forms);
        assert_eq!(Page::from_path("/tra-cuu"), Page::Forms);
        assert_eq!(Page::from_path("/thanh-toan/ket-qua"), Page::Forms);
        assert_eq!(Page::from_path("/ho-so"), Page::NotFound);
        assert_eq!(Page::from_path("/ho-so/a/b"), Page::NotFound);
        // A payment's receipt (biên lai) sits under its dossier.
        assert_eq!(Page::from_path("/ho-so/000.00.31.H29-251122-0001-XY/bien-lai/HS2511220001A"), Page::Forms);
        assert_eq!(Page::from_path("/ho-so/a/bien-lai/b/"), Page::Forms);
        assert_eq!(Page::from_path("/ho-so/a/bien-lai"), Page::NotFound);
        assert_eq!(Page::from_path("/ho-so/a/bien-lai/b/c"), Page::NotFound);
        assert_eq!(nav_section("/ho-so/a/bien-lai/b"), "ho-so-cua-toi");
        assert_eq!(Page::from_path("/thanh-toan"), Page::NotFound);
        assert_eq!(Page::from_path("/thanh-toan/khac"), Page::NotFound);
        assert_eq!(Page::from_path("/tra-cuu/x"), Page::NotFound);
        assert_eq!(Page::from_path("/du-lieu"), Page::Forms);
        assert_eq!(Page::from_path("/du-lieu/x"), Page::NotFound);
        assert_eq!(Page::from_path("/thu-tuc/1.001612/huong-dan"), Page::Forms);
        assert_eq!(Page::from_path("/nhan/K7QX3M2P"), Page::Forms);
        assert_eq!(Page::from_path("/nhan"), Page::NotFound);
        assert_eq!(Page::from_path("/ho-tro"), Page::Forms);
        assert_eq!(Page::from_path("/thong-ke"), Page::Forms);
        assert_eq!(Page::from_path("/tiep-can"), Page::Forms);
        assert_eq!(Page::from_path("/thu-tuc/1.001612/nop-ho-sox"), Page::NotFound);
        assert_eq!(Page::from_path("/thu-tuc/nop-ho-so"), Page::Procedure("nop-ho-so".into()));
        assert_eq!(Page::from_path("/khong-co"), Page::NotFound);
        assert_eq!(Page::from_path("/thu-tuc/1/2/3"), Page::NotFound);
    }
}
