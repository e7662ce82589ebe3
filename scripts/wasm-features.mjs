// The WebAssembly features wasm-opt may use: what wasm-bindgen 0.2.130's output needs and
// every browser the portal supports has. The shell's Trunk build passes the same list in
// index.html (data-wasm-opt-params, which cannot import this).
export const WASM_FEATURES = [
  '--enable-bulk-memory',
  '--enable-nontrapping-float-to-int',
  '--enable-sign-ext',
  '--enable-mutable-globals',
  '--enable-multivalue',
  '--enable-reference-types',
];
