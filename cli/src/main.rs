//! The `basm` binary: the command line of [`basm_cli::run`], natively or under WASI.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let code = basm_cli::run(&args, &mut stdout.lock(), &mut stderr.lock());
    std::process::exit(code);
}
