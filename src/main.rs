// Loading the built-in rule packs allocates many small nodes at every start;
// mimalloc makes that noticeably cheaper than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    watchwise::tune_allocator();
    std::process::exit(watchwise::cli::run(std::env::args_os()));
}
