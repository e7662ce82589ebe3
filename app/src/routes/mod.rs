//! One file per page, and the table from URL path to page.

pub mod apply;
pub mod catalogue;
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
    /// `/thu-tuc/:code/nop-ho-so`
    Apply(String),
    NotFound,
}

impl Page {
    pub fn from_path(path: &str) -> Page {
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [] => Page::Home,
            ["thu-tuc"] => Page::Catalogue,
            ["thu-tuc", code] => Page::Procedure((*code).to_owned()),
            ["thu-tuc", code, "nop-ho-so"] => Page::Apply((*code).to_owned()),
            _ => Page::NotFound,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Page;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn paths_map_to_pages() {
        assert_eq!(Page::from_path("/"), Page::Home);
        assert_eq!(Page::from_path("/thu-tuc/"), Page::Catalogue);
        assert_eq!(Page::from_path("/thu-tuc/1.001612"), Page::Procedure("1.001612".into()));
        assert_eq!(Page::from_path("/thu-tuc/1.001612/nop-ho-so"), Page::Apply("1.001612".into()));
        assert_eq!(Page::from_path("/khong-co"), Page::NotFound);
        assert_eq!(Page::from_path("/thu-tuc/1/2/3"), Page::NotFound);
    }
}
