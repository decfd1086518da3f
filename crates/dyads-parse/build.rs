// Embeds the shipped model (models/en_ewt.dyads) when it exists, so the
// `dyads` binary runs with nothing beside it; before the first training run
// the crate still builds, and `Model::embedded()` says no model is there.
fn main() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/en_ewt.dyads");
    println!("cargo:rerun-if-changed={}", path.display());
    println!("cargo::rustc-check-cfg=cfg(dyads_embedded_model)");
    if path.exists() {
        println!("cargo:rustc-cfg=dyads_embedded_model");
        println!("cargo:rustc-env=DYADS_MODEL_PATH={}", path.canonicalize().unwrap().display());
    }
}
