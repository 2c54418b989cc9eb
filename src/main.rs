fn main() {
    std::process::exit(watchwise::cli::run(std::env::args_os()));
}
