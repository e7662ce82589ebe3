// The in-browser search benchmark lives in the binary, not the library: `#[wasm_bindgen]`
// exports of a library end up in every module that links it, the forms module included.
mod bench;

fn main() {
    portal_app::start();
}
