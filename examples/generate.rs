//! Writes N generated policies (`watchwise::testgen`, seeds 0..N) into a folder:
//! `cargo run --example generate --features testgen -- DIR N`.

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(n)) = (args.next(), args.next().and_then(|n| n.parse::<u64>().ok())) else {
        eprintln!("usage: generate DIR N");
        std::process::exit(2);
    };
    std::fs::create_dir_all(&dir).expect("create the folder");
    for seed in 0..n {
        let path = std::path::Path::new(&dir).join(format!("gen{seed:04}.yaml"));
        std::fs::write(path, watchwise::testgen::policy(seed)).expect("write a policy");
    }
}
