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
    /// `/thu-tuc/:code/nop-ho-so[/…]` and `/ho-so-nhap[/…]`: the forms module's pages. One
    /// variant without data, so moving between form URLs keeps the module mounted.
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
            ["thu-tuc", _, "nop-ho-so", ..] | ["ho-so-nhap", ..] => Page::Forms,
            _ => Page::NotFound,
        }
    }
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// The drafts list and drafts opened from it, which the header marks as "Drafts" rather
/// than "Procedures" although both are [`Page::Forms`].
pub fn is_drafts_path(path: &str) -> bool {
    segments(path).next() == Some("ho-so-nhap")
}

#[cfg(test)]
mod tests {
    use super::{is_drafts_path, Page};

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
        assert!(is_drafts_path("/ho-so-nhap") && is_drafts_path("/ho-so-nhap/abc"));
        assert!(!is_drafts_path("/ho-so-nhapx") && !is_drafts_path("/thu-tuc/1.001612/nop-ho-so"));
        assert_eq!(Page::from_path("/thu-tuc/1.001612/nop-ho-sox"), Page::NotFound);
        assert_eq!(Page::from_path("/thu-tuc/nop-ho-so"), Page::Procedure("nop-ho-so".into()));
        assert_eq!(Page::from_path("/khong-co"), Page::NotFound);
        assert_eq!(Page::from_path("/thu-tuc/1/2/3"), Page::NotFound);
    }
}
