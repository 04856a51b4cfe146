//! The `basm` binary: the command line of [`basm_cli::run`], natively or under WASI.

fn main() {
    #[cfg(target_os = "wasi")]
    wasi_cwd();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let code = basm_cli::run(&args, &mut stdout.lock(), &mut stderr.lock());
    std::process::exit(code);
}

/// Under WASI there is no working directory: the npm package's launcher (`pkg/src/bin.mjs`)
/// preopens `/` and passes the user's directory in `BASM_WASI_CWD`, so that relative paths
/// mean what they mean in the user's shell and are printed as the user typed them.
#[cfg(target_os = "wasi")]
fn wasi_cwd() {
    if let Some(dir) = std::env::var_os("BASM_WASI_CWD")
        && let Err(e) = std::env::set_current_dir(&dir)
    {
        eprintln!(
            "basm: cannot use the working directory {}: {e}",
            dir.to_string_lossy()
        );
        std::process::exit(basm_cli::EXIT_USAGE);
    }
}
