//! Links the `defectors` binary as a position-dependent executable on Linux with glibc.
//!
//! As a position-independent executable (rustc's default) the dynamic loader applies about
//! 82,000 relocations to the binary at every start: 3.4 ms of a 50 ms seeds build here,
//! against 1.8 ms linked with `-no-pie` (`defectors --version`, 40 runs each; BENCHMARKS.md,
//! thirteenth session). What it gives up is address randomisation of the binary's own code,
//! which a local batch tool that reads the user's own files can do without.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
