//! Checking many policies: every core busy, results handed on in input order, a
//! bounded number in flight, so the output is the same bytes as a single thread's
//! and memory does not grow with the number of files. Also what one policy's check
//! shares with the next: the loaded rules, activations by jurisdiction list, and their
//! rule lists by set of packs.

use crate::diag::Diagnostic;
use crate::engine::{self, Options};
use crate::finding::PolicyResult;
use crate::policy::{self, Context, Policy};
use crate::rules::{Active, Adjust, RuleList, RuleSet};
use crate::source::{self, Source};
use foldhash::fast::FixedState;
use std::collections::HashMap;
use std::collections::VecDeque;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};

/// Everything needed to check one policy, shared by the worker threads.
pub struct Checker<'a> {
    pub rules: &'a RuleSet,
    pub ctx: Context,
    pub opts: Options,
    pub adjust: Adjust,
    /// Jurisdictions added to every policy's own (`--jurisdiction`).
    pub jurisdictions: Vec<String>,
    pub max_file_size: u64,
    /// Activations already worked out: most runs check many policies that name
    /// the same few jurisdictions.
    activations: Mutex<Activations<'a>>,
}

#[derive(Default)]
struct Activations<'a> {
    /// By the jurisdictions asked for, in the order asked (it orders the packs).
    by_request: HashMap<Vec<String>, Arc<Active<'a>>, FixedState>,
    /// Rule lists by the set of packs, sorted: the costly half of an activation,
    /// the same whatever order the packs were asked for in.
    by_packs: Vec<(Vec<&'a str>, RuleList<'a>)>,
}

/// Distinct jurisdiction lists remembered (a few hundred bytes each); past this,
/// a list's pack order is worked out afresh, its rules still found below.
pub const ACTIVATIONS_KEPT: usize = 4096;
/// Distinct sets of packs whose rule lists are remembered (a few dozen KB each);
/// past this, rule lists are worked out afresh.
pub const RULE_LISTS_KEPT: usize = 64;

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
        Ok(self.check_policy(&policy))
    }

    /// Checks a loaded policy with the packs it names, plus `jurisdictions`.
    pub fn check_policy(&self, policy: &Policy) -> PolicyResult<'a> {
        let mut requested = policy.jurisdictions.clone();
        requested.extend(self.jurisdictions.iter().cloned());
        let active = self.activate(requested);
        engine::check(policy, &active, &self.opts)
    }

    fn activate(&self, requested: Vec<String>) -> Arc<Active<'a>> {
        // A poisoned lock only means another thread panicked; the cache is still sound.
        let mut kept = self.activations.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(active) = kept.by_request.get(&requested) {
            return Arc::clone(active);
        }
        let order = self.rules.pack_order(&requested);
        let mut set = order.packs.clone();
        set.sort_unstable();
        let list = match kept.by_packs.iter().find(|(s, _)| *s == set) {
            Some((_, list)) => list.clone(),
            None => {
                let list = self.rules.active_rules(&set, &self.adjust);
                if kept.by_packs.len() < RULE_LISTS_KEPT {
                    kept.by_packs.push((set, list.clone()));
                }
                list
            }
        };
        let active = Arc::new(Active::new(order, list));
        if kept.by_request.len() < ACTIVATIONS_KEPT {
            kept.by_request.insert(requested, Arc::clone(&active));
        }
        active
    }
}

/// Results finished ahead of the one the writer waits for, per thread: enough
/// that no thread waits for a slow neighbour, few enough that the results in
/// flight stay small (a result with many findings renders to 100 KB or more, and
/// keeping few of them keeps them in cache).
const AHEAD_PER_THREAD: usize = 4;

/// Threads for checking: `WATCHWISE_THREADS` if set (1 checks on this thread),
/// otherwise one per core. The command line refuses a bad setting up front
/// ([`threads_setting`]); here one falls back to the cores.
pub fn threads() -> usize {
    threads_setting().ok().flatten().unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// `WATCHWISE_THREADS`: unset, or a whole number of at least 1.
pub fn threads_setting() -> Result<Option<usize>, String> {
    match std::env::var("WATCHWISE_THREADS") {
        Err(_) => Ok(None),
        Ok(v) => match v.trim().parse::<usize>() {
            Ok(n) if n > 0 => Ok(Some(n)),
            _ => Err(format!("`{v}` is not a number of threads; give a whole number of at least 1, or unset it")),
        },
    }
}

/// Runs `work` over `items` on [`threads`] threads and hands each result to `sink`
/// in input order, on this thread. Threads take the next item as they finish one,
/// at most a few items ahead of the writer, so output order, and the bytes, are
/// those of one thread. `sink` may stop the run by returning an error.
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
    let shared = Mutex::new(Shared {
        done: VecDeque::new(),
        written: 0,
        stop: false,
        panicked: false,
        writer_waits: false,
        workers_waiting: 0,
    });
    let (ready, room) = (Condvar::new(), Condvar::new());
    // A poisoned lock means a worker panicked; the scope passes the panic on.
    let lock = || shared.lock().unwrap_or_else(|e| e.into_inner());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                // Wakes the writer should `work` panic, rather than leave it waiting.
                let _guard = OnPanic(|| {
                    let mut s = lock();
                    s.panicked = true;
                    s.stop = true;
                    ready.notify_all();
                    room.notify_all();
                });
                // One lock per item: hand in the last result and wait for room for the next.
                let mut finished: Option<(usize, R)> = None;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    {
                        let mut s = lock();
                        if let Some((j, r)) = finished.take() {
                            let slot = j - s.written;
                            if s.done.len() <= slot {
                                s.done.resize_with(slot + 1, || None);
                            }
                            s.done[slot] = Some(r);
                            // Wake the writer for a batch rather than for each result:
                            // when a run of results is ready at the front, when threads
                            // wait for room, or when nothing else is to come.
                            if s.writer_waits {
                                let run = s.done.iter().take_while(|d| d.is_some()).count();
                                if run >= threads
                                    || (run > 0 && s.workers_waiting > 0)
                                    || s.written + run == items.len()
                                {
                                    ready.notify_one();
                                }
                            }
                        }
                        if i >= items.len() {
                            return;
                        }
                        while i >= s.written + window && !s.stop {
                            s.workers_waiting += 1;
                            if s.writer_waits && s.done.front().is_some_and(Option::is_some) {
                                ready.notify_one();
                            }
                            s = room.wait(s).unwrap_or_else(|e| e.into_inner());
                            s.workers_waiting -= 1;
                        }
                        if s.stop {
                            return;
                        }
                    }
                    finished = Some((i, work(&items[i])));
                }
            });
        }
        // The writer takes every result ready at the front at once, then writes them.
        let mut batch = Vec::with_capacity(window);
        let mut written = 0;
        let mut outcome = Ok(());
        'write: while written < items.len() {
            {
                let mut s = lock();
                loop {
                    while let Some(Some(_)) = s.done.front() {
                        batch.extend(s.done.pop_front().flatten());
                    }
                    if !batch.is_empty() || s.panicked {
                        break;
                    }
                    s.writer_waits = true;
                    s = ready.wait(s).unwrap_or_else(|e| e.into_inner());
                    s.writer_waits = false;
                }
                s.written += batch.len();
                if s.workers_waiting > 0 {
                    room.notify_all();
                }
                if batch.is_empty() {
                    break 'write;
                }
            }
            for result in batch.drain(..) {
                written += 1;
                if let Err(e) = sink(result) {
                    outcome = Err(e);
                    break 'write;
                }
            }
        }
        if outcome.is_err() {
            lock().stop = true;
            room.notify_all();
        }
        outcome
    })
}

/// The state the writer and the workers share.
struct Shared<R> {
    /// Results by position after the `written` ones; `None` while in work.
    done: VecDeque<Option<R>>,
    written: usize,
    /// The sink failed or a worker panicked: no more work.
    stop: bool,
    /// A worker panicked: the writer stops waiting, and the scope passes the panic on.
    panicked: bool,
    /// Who waits: only then is a wake-up worth its system call.
    writer_waits: bool,
    workers_waiting: usize,
}

/// Runs its function when dropped during a panic.
struct OnPanic<F: Fn()>(F);

impl<F: Fn()> Drop for OnPanic<F> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            (self.0)();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::in_order;

    /// A kept activation is the one worked out afresh, for jurisdiction lists in
    /// every order, with repeats, unknown ids and pack overrides; lists that name
    /// the same packs in another order share one rule list.
    #[test]
    fn kept_activations_are_fresh_ones() {
        use crate::rules::load::{self, LoadOptions};
        use crate::rules::{Adjust, Severity};
        use std::sync::Arc;
        let rules = load::load(load::embedded_sources(), LoadOptions::default()).unwrap();
        let opts = crate::engine::Options { lang: crate::Lang::En, today: jiff::civil::date(2026, 11, 29) };
        let adjust = Adjust { overrides: vec![("PRV-001".into(), Severity::Low)], disable: vec!["TRU-012".into()] };
        let checker = super::Checker::new(&rules, opts, adjust.clone());
        let ids: Vec<String> = rules.packs.iter().map(|p| p.id.clone()).chain(["xx".to_string()]).collect();
        let mut rng = crate::testgen::Rng::new(7);
        let mut seen = Vec::new();
        let mut shared = 0;
        for _ in 0..400 {
            let n = rng.below(5);
            let requested: Vec<String> = (0..n).map(|_| rng.pick(&ids).clone()).collect();
            let kept = checker.activate(requested.clone());
            let fresh = rules.activate(&requested, &adjust);
            assert_eq!(kept.packs, fresh.packs, "{requested:?}");
            assert_eq!(kept.missing, fresh.missing, "{requested:?}");
            assert_eq!(kept.ids, fresh.ids, "{requested:?}");
            let pairs = |a: &crate::rules::Active| -> Vec<(String, Severity, u64)> {
                a.rules.iter().map(|r| (r.rule.id.clone(), r.severity, r.kinds)).collect()
            };
            assert_eq!(pairs(&kept), pairs(&fresh), "{requested:?}");
            let mut set = kept.packs.clone();
            set.sort();
            if let Some(i) = seen.iter().position(|(s, _): &(Vec<&str>, Arc<_>)| *s == set) {
                // Sets past the number kept get their rules afresh.
                if i < super::RULE_LISTS_KEPT {
                    assert!(Arc::ptr_eq(&seen[i].1, &kept.rules), "{requested:?}");
                    shared += 1;
                }
            } else {
                seen.push((set, Arc::clone(&kept.rules)));
            }
        }
        assert!(seen.len() > 10 && shared > 100, "{} sets, {shared} shared", seen.len());
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
