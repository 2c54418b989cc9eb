//! Conditions laid out flat for the engine.
//!
//! A rule's condition tree is scattered over memory as its pack loaded, and the
//! engine walks a few hundred of them per measure: most of that time went to
//! waiting for tree nodes. Here the conditions of an activation's rules sit in one
//! array of small steps, in the order the engine reads them, each group followed
//! by its items, and each leaf holding its memo number, so that a test already
//! answered is settled without reading the rule at all.

use super::condition::{self, Memo};
use super::model::Cond;
use crate::policy::Policy;

#[derive(Clone, Copy, Debug)]
enum Step<'a> {
    /// A test, its number for the memo, and whether it reads a measure.
    Leaf {
        memo: u32,
        in_measure: bool,
        leaf: &'a Cond,
    },
    /// Groups, with the number of steps below them (their items, nested).
    All(u32),
    Any(u32),
    Not(u32),
    AnyMeasure(u32),
    AllMeasures(u32),
}

#[derive(Clone, Debug, Default)]
pub struct Flat<'a> {
    steps: Vec<Step<'a>>,
    /// Where each rule's condition starts, by the rule's place in its list.
    starts: Vec<u32>,
}

impl<'a> Flat<'a> {
    /// The conditions in order, numbered for the memo already
    /// ([`condition::number_leaves`]).
    pub fn new(conds: impl Iterator<Item = &'a Cond>) -> Flat<'a> {
        let mut flat = Flat::default();
        for c in conds {
            flat.starts.push(flat.steps.len() as u32);
            flat.push(c);
        }
        flat
    }

    fn push(&mut self, cond: &'a Cond) {
        let group = |c: &Cond| -> fn(u32) -> Step<'a> {
            match c {
                Cond::All(_) => Step::All,
                Cond::Any(_) => Step::Any,
                Cond::Not(_) => Step::Not,
                Cond::AnyMeasure(_) => Step::AnyMeasure,
                _ => Step::AllMeasures,
            }
        };
        let at = self.steps.len();
        match cond {
            Cond::Leaf { field, memo, .. } => {
                self.steps.push(Step::Leaf { memo: memo.get(), in_measure: field.in_measure, leaf: cond });
                return;
            }
            Cond::All(items) | Cond::Any(items) => {
                self.steps.push(Step::All(0));
                items.iter().for_each(|c| self.push(c));
            }
            Cond::Not(inner) | Cond::AnyMeasure(inner) | Cond::AllMeasures(inner) => {
                self.steps.push(Step::All(0));
                self.push(inner);
            }
        }
        self.steps[at] = group(cond)((self.steps.len() - at - 1) as u32);
    }

    /// Whether the condition of the rule at `place` holds, as
    /// [`condition::eval`] would find it.
    pub fn holds(&self, place: usize, policy: &Policy, measure: Option<usize>, memo: &mut Memo) -> bool {
        self.run(self.starts[place] as usize, policy, measure, memo)
    }

    fn run(&self, at: usize, policy: &Policy, measure: Option<usize>, memo: &mut Memo) -> bool {
        let items = |below: u32| (at + 1, at + 1 + below as usize);
        match self.steps[at] {
            Step::Leaf { memo: id, in_measure, leaf } => {
                condition::leaf_holds(leaf, id, in_measure, policy, measure, memo)
            }
            Step::All(below) => {
                let (mut i, end) = items(below);
                while i < end {
                    if !self.run(i, policy, measure, memo) {
                        return false;
                    }
                    i = self.after(i);
                }
                true
            }
            Step::Any(below) => {
                let (mut i, end) = items(below);
                while i < end {
                    if self.run(i, policy, measure, memo) {
                        return true;
                    }
                    i = self.after(i);
                }
                false
            }
            Step::Not(_) => !self.run(at + 1, policy, measure, memo),
            Step::AnyMeasure(_) => (0..policy.measures.len()).any(|i| self.run(at + 1, policy, Some(i), memo)),
            Step::AllMeasures(_) => {
                !policy.measures.is_empty()
                    && (0..policy.measures.len()).all(|i| self.run(at + 1, policy, Some(i), memo))
            }
        }
    }

    /// The step after the one at `at` and everything below it.
    fn after(&self, at: usize) -> usize {
        match self.steps[at] {
            Step::Leaf { .. } => at + 1,
            Step::All(b) | Step::Any(b) | Step::Not(b) | Step::AnyMeasure(b) | Step::AllMeasures(b) => {
                at + 1 + b as usize
            }
        }
    }
}
