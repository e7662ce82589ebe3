//! The catalogue's search state as URL parameters, so reload, back/forward and shared
//! links all land on the same results: `/thu-tuc?q=…&level=…&field=…&fee=…`.

use crate::catalogue::Loaded;
use domain::search::{FeeFilter, Filter};
use domain::Level;
use crate::router::Location;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogueQuery {
    pub q: String,
    pub level: Option<Level>,
    /// Field name rather than its position, which shifts when the catalogue changes.
    pub field: Option<String>,
    pub fee: FeeFilter,
}

impl CatalogueQuery {
    /// Reads the query from the URL; unknown values fall back to "any".
    pub fn from_location(loc: Location) -> CatalogueQuery {
        CatalogueQuery {
            q: loc.query("q").unwrap_or_default(),
            level: loc.query("level").as_deref().and_then(Level::parse),
            field: loc.query("field").filter(|f| !f.is_empty()),
            fee: loc.query("fee").as_deref().map(FeeFilter::from_param).unwrap_or_default(),
        }
    }

    pub fn href(&self) -> String {
        let mut parts = Vec::new();
        if !self.q.is_empty() {
            parts.push(format!("q={}", encode(&self.q)));
        }
        if let Some(l) = self.level {
            parts.push(format!("level={}", l.as_str()));
        }
        if let Some(f) = &self.field {
            parts.push(format!("field={}", encode(f)));
        }
        if let Some(fee) = self.fee.param() {
            parts.push(format!("fee={fee}"));
        }
        if parts.is_empty() {
            "/thu-tuc".to_owned()
        } else {
            format!("/thu-tuc?{}", parts.join("&"))
        }
    }

    pub fn has_filters(&self) -> bool {
        self.level.is_some() || self.field.is_some() || self.fee != FeeFilter::Any
    }

    /// The search filter; a field this catalogue does not know matches nothing rather
    /// than silently showing everything.
    pub fn filter(&self, loaded: &Loaded) -> Filter {
        let field = self.field.as_deref().map(|name| loaded.index.field_id(name).unwrap_or(u16::MAX));
        Filter { level: self.level, field, fee: self.fee, ..Filter::default() }
    }
}

fn encode(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}
