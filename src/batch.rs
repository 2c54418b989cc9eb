//! Checking many policies: every core busy, results handed on in input order, a
//! bounded number in flight, so the output is the same bytes as a single thread's
//! and memory does not grow with the number of files.

use crate::diag::Diagnostic;
use crate::engine::{self, Options};
use crate::finding::PolicyResult;
use crate::policy::{self, Context, Policy};
use crate::rules::Active;
use crate::rules::{Adjust, RuleSet};
use crate::source::{self, Source};
use rayon::prelude::*;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Files checked at once: enough to keep every core busy, few enough that only
/// this many results wait to be written.
pub const CHUNK: usize = 64;

/// Everything needed to check one policy, shared by the worker threads.
pub struct Checker<'a> {
    pub rules: &'a RuleSet,
    pub ctx: Context,
    pub opts: Options,
    pub adjust: Adjust,
    /// Jurisdictions added to every policy's own (`--jurisdiction`).
    pub jurisdictions: Vec<String>,
    pub max_file_size: u64,
    /// Activations already worked out, by the jurisdictions asked for: most runs
    /// check many policies that name the same few.
    activations: Mutex<Vec<(Vec<String>, Arc<Active<'a>>)>>,
}

/// Distinct jurisdiction lists remembered; past this, activations are worked out afresh.
const ACTIVATIONS_KEPT: usize = 64;

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
        engine::check(policy, self.rules, &active, &self.opts)
    }

    fn activate(&self, requested: Vec<String>) -> Arc<Active<'a>> {
        // A poisoned lock only means another thread panicked; the list is still sound.
        let known = |list: &Vec<(Vec<String>, Arc<Active<'a>>)>| {
            list.iter().find(|(r, _)| *r == requested).map(|(_, a)| Arc::clone(a))
        };
        if let Some(active) = known(&self.activations.lock().unwrap_or_else(|e| e.into_inner())) {
            return active;
        }
        let active = Arc::new(self.rules.activate(&requested, &self.adjust));
        let mut list = self.activations.lock().unwrap_or_else(|e| e.into_inner());
        if list.len() < ACTIVATIONS_KEPT && known(&list).is_none() {
            list.push((requested, Arc::clone(&active)));
        }
        active
    }
}

/// Runs `work` over `items` on all cores and hands each result to `sink` in input
/// order, `CHUNK` items at a time. `sink` may stop the run by returning an error.
pub fn in_order<T, R, E>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    for chunk in items.chunks(CHUNK) {
        let results: Vec<R> =
            if chunk.len() == 1 { vec![work(&chunk[0])] } else { chunk.par_iter().map(&work).collect() };
        for r in results {
            sink(r)?;
        }
    }
    Ok(())
}
