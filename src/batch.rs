//! Checking many policies: every core busy, results handed on in input order, a
//! bounded number in flight, so the output is the same bytes as a single thread's
//! and memory does not grow with the number of files. Also what one policy's check
//! shares with the next: the loaded rules and the activations by jurisdiction list.

use crate::diag::Diagnostic;
use crate::engine::{self, Options};
use crate::finding::PolicyResult;
use crate::policy::{self, Context, Policy};
use crate::rules::{Active, Adjust, RuleSet};
use crate::source::{self, Source};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};

/// Everything needed to check one policy, shared by the worker threads.
pub struct Checker<'a> {
    pub rules: &'a RuleSet,
    pub ctx: Context,
    pub opts: Options,
    pub adjust: Adjust,
    /// Jurisdictions added to every policy's own (`--jurisdiction`).
    pub jurisdictions: Vec<String>,
    pub max_file_size: u64,
    activations: Mutex<Activations<'a>>,
}

#[derive(Default)]
struct Activations<'a> {
    /// By the jurisdictions asked for, in the order asked (it orders the packs):
    /// most runs check many policies that name the same few jurisdictions.
    kept: HashMap<Vec<String>, Arc<Active<'a>>>,
    /// The ids of the rules of every activation handed out.
    evaluated: BTreeSet<String>,
}

/// Distinct jurisdiction lists whose activations are remembered (each with its own
/// rule list, about 15 KB with every pack active); past this, an activation is
/// worked out afresh, so memory stays bounded whatever the policies name.
const ACTIVATIONS_KEPT: usize = 256;

impl<'a> Checker<'a> {
    pub fn new(rules: &'a RuleSet, opts: Options, adjust: Adjust) -> Checker<'a> {
        let ctx = Context { packs: rules.pack_ids(), rules: rules.rule_ids(), limits: Default::default() };
        Checker {
            rules,
            ctx,
            opts,
            adjust,
            jurisdictions: Vec::new(),
            max_file_size: source::DEFAULT_MAX_FILE_SIZE,
            activations: Mutex::default(),
        }
    }

    pub fn check_file(&self, file: &Path) -> Result<PolicyResult<'a>, Vec<Diagnostic>> {
        let src = source::read(file, self.max_file_size).map_err(|d| vec![d])?;
        self.check_source(&src)
    }

    pub fn check_source(&self, src: &Source) -> Result<PolicyResult<'a>, Vec<Diagnostic>> {
        let policy = policy::load(src, &self.ctx)?;
        self.check_policy(&policy)
    }

    /// Checks a loaded policy with the packs it names, plus `jurisdictions`.
    pub fn check_policy(&self, policy: &Policy) -> Result<PolicyResult<'a>, Vec<Diagnostic>> {
        let active = self.active_for(policy);
        engine::check(policy, &active, &self.opts).map_err(|d| vec![d])
    }

    /// The rules that apply to `policy` (its packs, plus `jurisdictions`).
    pub(crate) fn active_for(&self, policy: &Policy) -> Arc<Active<'a>> {
        let mut requested = policy.jurisdictions.clone();
        requested.extend(self.jurisdictions.iter().cloned());
        self.activate(requested)
    }

    /// The ids of the rules evaluated for any policy checked so far, sorted.
    pub fn evaluated(&self) -> BTreeSet<String> {
        self.lock().evaluated.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Activations<'a>> {
        // A poisoned lock only means another thread panicked; the cache is still sound.
        self.activations.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn activate(&self, requested: Vec<String>) -> Arc<Active<'a>> {
        let mut activations = self.lock();
        if let Some(active) = activations.kept.get(&requested) {
            return Arc::clone(active);
        }
        let active = Arc::new(self.rules.activate(&requested, &self.adjust));
        activations.evaluated.extend(active.ids.iter().cloned());
        if activations.kept.len() < ACTIVATIONS_KEPT {
            activations.kept.insert(requested, Arc::clone(&active));
        }
        active
    }
}

/// Results a worker may finish ahead of the one the writer waits for, per thread:
/// enough that no thread waits for a slow neighbour, few enough that the results
/// in flight stay small (a result with many findings renders to 100 KB or more).
const AHEAD_PER_THREAD: usize = 4;

/// Threads for checking: `WATCHWISE_THREADS` if set (1 checks on this thread),
/// otherwise one per core. The command line refuses a bad setting up front
/// ([`threads_setting`]); here one falls back to the cores.
pub fn threads() -> usize {
    threads_setting().ok().flatten().unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// `WATCHWISE_THREADS`: unset, or a whole number of at least 1.
/// `Err` holds the value as set.
pub fn threads_setting() -> Result<Option<usize>, String> {
    match std::env::var("WATCHWISE_THREADS") {
        Err(_) => Ok(None),
        Ok(v) => match v.trim().parse::<usize>() {
            Ok(n) if n > 0 => Ok(Some(n)),
            _ => Err(v),
        },
    }
}

/// Runs `work` over `items` on [`threads`] threads and hands each result to `sink`
/// in input order, on this thread, so the output is that of one thread. Workers
/// take the next item as they finish one, but never more than a few items ahead
/// of the writer. `sink` may stop the run by returning an error; a panic in `work`
/// is passed on to the caller.
pub fn in_order<T, R, E>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let threads = threads().min(items.len());
    if threads <= 1 {
        return items.iter().try_for_each(|item| sink(work(item)));
    }
    let window = threads * AHEAD_PER_THREAD;
    let next = AtomicUsize::new(0);
    // Items handed to the sink so far: a worker starts item `i` only below `taken + window`.
    let taken = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel(window);
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let tx = tx.clone();
                let (next, taken, stop, work) = (&next, &taken, &stop, &work);
                scope.spawn(move || {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= items.len() {
                            return;
                        }
                        while i >= taken.load(Ordering::Acquire) + window {
                            if stop.load(Ordering::Acquire) {
                                return;
                            }
                            std::thread::park();
                        }
                        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&items[i])));
                        if tx.send((i, result)).is_err() {
                            return;
                        }
                    }
                })
            })
            .collect();
        drop(tx);
        let wake = || workers.iter().for_each(|w| w.thread().unpark());
        // Results that came before their turn, by position.
        let mut early = BTreeMap::new();
        let mut outcome = Ok(());
        let mut panic = None;
        'write: for (i, result) in &rx {
            match result {
                Ok(r) => early.insert(i, r),
                Err(payload) => {
                    panic = Some(payload);
                    break;
                }
            };
            while let Some(r) = early.remove(&taken.load(Ordering::Relaxed)) {
                taken.fetch_add(1, Ordering::Release);
                wake();
                if let Err(e) = sink(r) {
                    outcome = Err(e);
                    break 'write;
                }
            }
        }
        stop.store(true, Ordering::Release);
        wake();
        drop(rx);
        if let Some(payload) = panic {
            std::panic::resume_unwind(payload);
        }
        outcome
    })
}

#[cfg(test)]
mod tests {
    use super::in_order;

    /// The rules evaluated are those of every policy's activation, whether it was
    /// kept or worked out afresh.
    #[test]
    fn evaluated_rules_are_those_of_the_activations() {
        use crate::rules::load::{self, LoadOptions};
        let rules = load::load(load::embedded_sources(), LoadOptions::default()).unwrap();
        let opts = crate::engine::Options { lang: crate::Lang::En, today: jiff::civil::date(2026, 11, 29) };
        let checker = super::Checker::new(&rules, opts, Default::default());
        let mut expected = std::collections::BTreeSet::new();
        for seed in 0..20 {
            let src = crate::source::Source::new(format!("gen/{seed}.yaml"), crate::testgen::policy(seed));
            let r = checker.check_source(&src).unwrap();
            let policy = crate::policy::load(&src, &checker.ctx).unwrap();
            let fresh = rules.activate(&policy.jurisdictions, &Default::default());
            assert_eq!(r.rules, fresh.ids);
            expected.extend(r.rules.iter().cloned());
        }
        assert_eq!(checker.evaluated(), expected);
    }

    /// However many distinct jurisdiction lists the policies name, the activations
    /// kept stay bounded, and those past the bound are still right.
    #[test]
    fn activations_kept_are_bounded() {
        use crate::rules::load::{self, LoadOptions};
        let rules = load::load(load::embedded_sources(), LoadOptions::default()).unwrap();
        let opts = crate::engine::Options { lang: crate::Lang::En, today: jiff::civil::date(2026, 11, 29) };
        let checker = super::Checker::new(&rules, opts, Default::default());
        for i in 0..super::ACTIVATIONS_KEPT + 10 {
            let requested = vec!["eu".to_string(), format!("x{i}")];
            let active = checker.activate(requested.clone());
            assert_eq!(active.missing, [format!("x{i}")]);
            assert_eq!(active.ids, rules.activate(&requested, &Default::default()).ids);
        }
        assert_eq!(checker.lock().kept.len(), super::ACTIVATIONS_KEPT);
    }

    /// Results reach the sink in input order, whatever order the threads finish in.
    #[test]
    fn order_is_kept() {
        let items: Vec<u64> = (0..500).collect();
        let mut seen = Vec::new();
        let work = |&i: &u64| {
            // Uneven work: later items often finish first.
            std::thread::sleep(std::time::Duration::from_micros((i * 7919) % 200));
            i * 2
        };
        in_order(&items, work, |r| {
            seen.push(r);
            Ok::<(), ()>(())
        })
        .unwrap();
        assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    /// A failing sink stops the run: nothing after it is handed on.
    #[test]
    fn a_failing_sink_stops_the_run() {
        let items: Vec<u32> = (0..10_000).collect();
        let mut seen = 0;
        let result = in_order(
            &items,
            |&i| i,
            |i| {
                seen += 1;
                if i == 10 { Err(i) } else { Ok(()) }
            },
        );
        assert_eq!(result, Err(10));
        assert_eq!(seen, 11);
    }

    /// No item is started more than the window ahead of the writer.
    #[test]
    fn workers_stay_near_the_writer() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let items: Vec<usize> = (0..2_000).collect();
        let written = AtomicUsize::new(0);
        let ahead = AtomicUsize::new(0);
        let work = |&i: &usize| {
            ahead.fetch_max(i - written.load(Ordering::SeqCst).min(i), Ordering::SeqCst);
            i
        };
        in_order(&items, work, |i| {
            assert_eq!(i, written.load(Ordering::SeqCst));
            // A slow writer: the workers would run far ahead if nothing held them.
            std::thread::sleep(std::time::Duration::from_micros(20));
            written.fetch_add(1, Ordering::SeqCst);
            Ok::<(), ()>(())
        })
        .unwrap();
        let window = super::threads().min(items.len()) * super::AHEAD_PER_THREAD;
        assert!(ahead.load(Ordering::SeqCst) <= window, "{} ahead", ahead.load(Ordering::SeqCst));
    }

    /// A panic in the work reaches the caller instead of leaving the writer waiting.
    #[test]
    fn a_panic_in_the_work_is_passed_on() {
        let items: Vec<u32> = (0..100).collect();
        let result = std::panic::catch_unwind(|| {
            in_order(&items, |&i| if i == 7 { panic!("planted") } else { i }, |_| Ok::<(), ()>(()))
        });
        assert!(result.is_err());
    }
}
