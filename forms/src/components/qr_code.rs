//! A QR code made on the phone: the symbol is encoded here by the `qrcode` crate (error
//! correction M, the standard four-module quiet zone kept) and drawn as an SVG image, so it
//! stays sharp at any size and in print, needs no request and works offline.
//!
//! A QR code needs a camera; whoever shows one also shows its text (the guide prints the
//! address beside it), and `label` names the image for screen readers.

use leptos::prelude::*;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode as Symbol};

/// `text` encoded as a QR code, shown as an image named `label`. Sized by CSS
/// (`.qr-code`: 12rem, never wider than its container). Renders nothing for a text too
/// long for any QR code, which a page address never is.
#[component]
pub fn QrCode(text: String, label: String) -> impl IntoView {
    svg_data_url(&text).map(|src| view! { <img class="qr-code" src=src alt=label/> })
}

/// The symbol as an SVG `data:` URL (the portal's CSP allows `data:` images), one SVG
/// unit per module so the browser scales it without blurring (`crispEdges`).
fn svg_data_url(text: &str) -> Option<String> {
    let svg = svg_markup(text)?;
    Some(format!("data:image/svg+xml,{}", String::from(js_sys::encode_uri_component(&svg))))
}

fn svg_markup(text: &str) -> Option<String> {
    let symbol = Symbol::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    Some(
        symbol
            .render::<svg::Color>()
            .quiet_zone(true)
            .module_dimensions(1, 1)
            .dark_color(svg::Color("#000"))
            .light_color(svg::Color("#fff"))
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::svg_markup;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn svg_keeps_the_quiet_zone() {
        let text = "https://dichvucong.example/thu-tuc/1.004222";
        let modules = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M).unwrap().width();
        let svg = svg_markup(text).unwrap();
        // Four light modules on every side, one SVG unit each.
        let side = modules + 8;
        assert!(svg.contains(&format!(r#"viewBox="0 0 {side} {side}""#)), "{svg}");
        assert!(svg.contains("crispEdges"));
        assert!(svg.contains(r##"fill="#000""##));
    }
}
