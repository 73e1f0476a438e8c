//! The protobuf half of `cargo xtask codegen`: Qdrant's gRPC API as prost messages and tonic
//! client stubs, written to `crates/grpc/src/generated/`.
//!
//! The `.proto` files are committed in `crates/grpc/proto/`: a verbatim copy of those shipped in
//! the `qdrant-client` crate on crates.io, at the version pinned below, so that regenerating (and
//! the freshness test) needs neither the network nor cargo's registry. protox compiles them in
//! pure Rust, so no `protoc` is needed. `cargo xtask codegen --update-protos` re-copies them from
//! the pinned crate, found through cargo.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use prost_build::Module;

use crate::workspace_root;

/// The crate whose `proto/` directory the committed protos are copied from. Pinned exactly: a new
/// Qdrant API is a deliberate bump here, followed by `cargo xtask codegen --update-protos`.
const PROTO_CRATE: &str = "qdrant-client";
/// The pinned version of [`PROTO_CRATE`].
pub const PROTO_CRATE_VERSION: &str = "1.20.0";
/// Where the copied `.proto` files are committed, relative to the workspace root.
pub const PROTO_DIR: &str = "crates/grpc/proto";
/// The entry point that imports every other `.proto` of the API.
const PROTO_ROOT: &str = "qdrant.proto";
/// The protobuf package of the API, and so the one generated module.
const PACKAGE: &str = "qdrant";
/// Where the generated module is committed, relative to the workspace root.
pub const GENERATED: &str = "crates/grpc/src/generated/qdrant.rs";

/// Regenerates the committed protobuf code from the committed protos; first, with
/// `update_protos`, copies the protos of the pinned crate over the committed ones.
pub fn run(update_protos: bool) -> Result<(), String> {
    if update_protos {
        copy_protos(&locate_protos()?, &committed_protos())?;
    }
    let generated = generate(&committed_protos())?;
    crate::codegen::write_if_changed(&workspace_root().join(GENERATED), &generated)
}

/// The directory of the committed `.proto` files.
pub fn committed_protos() -> PathBuf {
    workspace_root().join(PROTO_DIR)
}

/// Replaces the `.proto` files in `to` with those of `from` that the API's root imports (directly
/// or not), byte for byte. The crate ships a few more (serverless and internal APIs, other
/// packages) that no RPC of the server uses: they are left out, so that what is committed is what
/// is compiled. Other files in `to` (the README) are kept.
fn copy_protos(from: &Path, to: &Path) -> Result<(), String> {
    let descriptors = protox::compile([PROTO_ROOT], [from])
        .map_err(|error| format!("cannot compile {}: {error}", from.display()))?;
    let wanted: Vec<String> = descriptors
        .file
        .iter()
        .map(|file| file.name().to_owned())
        .filter(|name| from.join(name).is_file())
        .collect();
    fs::create_dir_all(to).map_err(|error| format!("cannot create {}: {error}", to.display()))?;
    let existing =
        fs::read_dir(to).map_err(|error| format!("cannot list {}: {error}", to.display()))?;
    for entry in existing {
        let path = entry.map_err(|error| error.to_string())?.path();
        if path.extension().is_some_and(|ext| ext == "proto") {
            fs::remove_file(&path)
                .map_err(|error| format!("cannot remove {}: {error}", path.display()))?;
        }
    }
    for name in &wanted {
        let content = fs::read_to_string(from.join(name))
            .map_err(|error| format!("cannot read {name} of {}: {error}", from.display()))?;
        write_atomically(&to.join(name), &content)?;
    }
    eprintln!(
        "copied {} protos of {PROTO_CRATE} {PROTO_CRATE_VERSION} into {}",
        wanted.len(),
        to.display()
    );
    Ok(())
}

/// Finds the `proto/` directory of `qdrant-client` in cargo's registry cache (only for
/// `--update-protos`: everything else reads the committed copy).
///
/// Asks `cargo metadata` about a one-dependency manifest (written under the target directory, a
/// workspace of its own): cargo downloads the crate from crates.io if needed, verifies its
/// checksum, and reports where it unpacked it. Nothing is compiled, and `qdrant-client` stays out
/// of this workspace's `Cargo.lock`: as a real dependency it would build tonic 0.12 and prost 0.13
/// for every `cargo xtask`.
pub fn locate_protos() -> Result<PathBuf, String> {
    let dir = target_dir()
        .join("xtask")
        .join(format!("{PROTO_CRATE}-{PROTO_CRATE_VERSION}"));
    let manifest = format!(
        "# Written by `cargo xtask codegen` to find the .proto files of {PROTO_CRATE} through cargo.\n\
         [package]\n\
         name = \"quadrant-proto-source\"\n\
         version = \"0.0.0\"\n\
         edition = \"2024\"\n\
         publish = false\n\n\
         [lib]\n\
         path = \"lib.rs\"\n\n\
         [dependencies]\n\
         {PROTO_CRATE} = {{ version = \"={PROTO_CRATE_VERSION}\", default-features = false }}\n\n\
         [workspace]\n"
    );
    write_atomically(&dir.join("Cargo.toml"), &manifest)?;
    write_atomically(&dir.join("lib.rs"), "")?;

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .current_dir(&dir)
        .output()
        .map_err(|error| format!("could not run cargo metadata: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "`cargo metadata` for {PROTO_CRATE} {PROTO_CRATE_VERSION} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|error| format!("cargo metadata printed invalid JSON: {error}"))?;
    let manifest_path = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|package| package["name"] == PROTO_CRATE && package["version"] == PROTO_CRATE_VERSION)
        .and_then(|package| package["manifest_path"].as_str())
        .ok_or_else(|| {
            format!("cargo metadata does not list {PROTO_CRATE} {PROTO_CRATE_VERSION}")
        })?;
    let proto_dir = Path::new(manifest_path)
        .parent()
        .map(|crate_dir| crate_dir.join("proto"))
        .ok_or_else(|| format!("odd manifest path {manifest_path}"))?;
    if !proto_dir.join(PROTO_ROOT).is_file() {
        return Err(format!("{} has no {PROTO_ROOT}", proto_dir.display()));
    }
    Ok(proto_dir)
}

/// The cargo target directory: `$CARGO_TARGET_DIR`, else `target/` in the workspace.
fn target_dir() -> PathBuf {
    let root = workspace_root();
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

/// Writes `content` unless it is already there, through a rename so that a concurrent reader (a
/// test and `cargo xtask codegen` at once) never sees half a file.
fn write_atomically(path: &Path, content: &str) -> Result<(), String> {
    if fs::read_to_string(path).ok().as_deref() == Some(content) {
        return Ok(());
    }
    let parent = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent)
        .map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
    let partial = path.with_extension(format!("partial-{}", std::process::id()));
    fs::write(&partial, content)
        .and_then(|()| fs::rename(&partial, path))
        .map_err(|error| format!("cannot write {}: {error}", path.display()))
}

/// Compiles the protos in `proto_dir` and generates the `qdrant` module: prost messages and tonic
/// clients (no servers), formatted by prettyplease, so the same protos always give the same bytes.
pub fn generate(proto_dir: &Path) -> Result<String, String> {
    let descriptors = protox::compile([PROTO_ROOT], [proto_dir])
        .map_err(|error| format!("cannot compile {}: {error}", proto_dir.display()))?;
    // The imported well-known types are part of the request, so that prost can see their fields,
    // but generate no code: prost maps `google.protobuf` to `prost_types`.
    let requests: Vec<_> = descriptors
        .file
        .into_iter()
        .map(|file| (Module::from_protobuf_package_name(file.package()), file))
        .collect();

    let mut config = prost_build::Config::new();
    // Written by hand, to copy its floats in blocks: quadrant-grpc's dense.rs.
    config.extern_path(".qdrant.DenseVector", "crate::dense::DenseVector");
    config.service_generator(
        tonic_prost_build::configure()
            .build_client(true)
            .build_server(false)
            // No `connect()`: the transport builds its own `Channel` (TLS, timeouts, API key).
            .build_transport(false)
            // prost's codec, decoding answers from a contiguous slice: quadrant-grpc's codec.rs.
            .codec_path("crate::codec::SliceCodec")
            .service_generator(),
    );
    let mut modules = config
        .generate(requests)
        .map_err(|error| format!("prost-build failed: {error}"))?;
    let module = Module::from_protobuf_package_name(PACKAGE);
    let code = modules
        .remove(&module)
        .ok_or_else(|| format!("the protos generate no `{PACKAGE}` package"))?;
    if let Some(other) = modules.keys().next() {
        return Err(format!(
            "the protos have a package `{other}` besides `{PACKAGE}`: extend quadrant-grpc"
        ));
    }
    Ok(format!(
        "// @generated by `cargo xtask codegen` from the protos of {PROTO_CRATE} \
         {PROTO_CRATE_VERSION} in {PROTO_DIR} (package `{PACKAGE}`). Do not edit: bump the version in \
         xtask/src/protos.rs and run `cargo xtask codegen --update-protos`.\n{code}"
    ))
}
