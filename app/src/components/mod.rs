pub mod catalogue_error;
pub mod filters;
pub mod footer;
pub mod header;
pub mod lang_toggle;
pub mod procedure_not_found;
pub mod result_item;
pub mod status_bar;
