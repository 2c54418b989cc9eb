//! At most [`MAX_ERRORS_PER_FILE`] errors of one file, then one line counting the rest.
//!
//! A hostile file can hold hundreds of thousands of mistakes (one bad value repeated
//! on a line); each diagnostic costs a message, a snippet and a line of output. The
//! first ones by position are kept, the rest only counted, and callers ask
//! [`Capped::wants`] before building an expensive one (a suggestion over many names).

use super::{Code, Diagnostic, Message, Span};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// The most errors shown for one file.
pub(super) const MAX_ERRORS_PER_FILE: usize = 100;

/// A kept diagnostic, ordered by position and then by arrival, so that the result
/// does not depend on the order of equal spans in the heap.
struct Kept {
    span: Span,
    seq: usize,
    diagnostic: Diagnostic,
}

impl Kept {
    fn key(&self) -> (Span, usize) {
        (self.span, self.seq)
    }
}

impl PartialEq for Kept {
    fn eq(&self, other: &Kept) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Kept {}

impl PartialOrd for Kept {
    fn partial_cmp(&self, other: &Kept) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Kept {
    fn cmp(&self, other: &Kept) -> Ordering {
        self.key().cmp(&other.key())
    }
}

/// The errors of one file: the first [`MAX_ERRORS_PER_FILE`] by position, and how many
/// more there were.
#[derive(Default)]
pub(crate) struct Capped {
    /// A max-heap: the last kept error is on top, the one to drop for an earlier one.
    kept: BinaryHeap<Kept>,
    seq: usize,
    hidden: usize,
    first_hidden: Option<Span>,
}

impl Capped {
    pub(crate) fn new() -> Capped {
        Capped::default()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// Whether an error at `span` would be shown. When it would not, it is counted
    /// here, and the caller need not build it.
    pub(crate) fn wants(&mut self, span: Span) -> bool {
        let full = self.kept.len() >= MAX_ERRORS_PER_FILE;
        // An equal span arrives later, so it sorts after the one kept.
        if full && self.kept.peek().is_some_and(|last| span >= last.span) {
            self.hide(span);
            return false;
        }
        true
    }

    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        if !self.wants(diagnostic.span) {
            return;
        }
        self.seq += 1;
        self.kept.push(Kept { span: diagnostic.span, seq: self.seq, diagnostic });
        if self.kept.len() > MAX_ERRORS_PER_FILE
            && let Some(last) = self.kept.pop()
        {
            self.hide(last.span);
        }
    }

    fn hide(&mut self, span: Span) {
        self.hidden += 1;
        self.first_hidden = Some(self.first_hidden.map_or(span, |s| s.min(span)));
    }

    /// The kept errors in order of position, then, if any were left out, one error at
    /// the first of those saying how many. `locate` makes that diagnostic from its
    /// span and message (with the file's name and source line).
    pub(crate) fn finish(self, locate: impl FnOnce(Span, Message) -> Diagnostic) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = self.kept.into_sorted_vec().into_iter().map(|k| k.diagnostic).collect();
        if let Some(span) = self.first_hidden {
            let message = Message::new(Code::MoreErrors).arg("max", MAX_ERRORS_PER_FILE).arg("count", self.hidden);
            out.push(locate(span, message));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize) -> Diagnostic {
        Diagnostic::new("p.yaml", Span::new(line, 1, 1), Message::new(Code::NoValue).arg("place", "`x`"))
    }

    #[test]
    fn keeps_the_first_by_position_and_counts_the_rest() {
        let mut errors = Capped::new();
        // Reverse order: every later one displaces a kept one.
        for line in (1..=250).rev() {
            errors.push(at(line));
        }
        let out = errors.finish(|span, m| Diagnostic::new("p.yaml", span, m));
        assert_eq!(out.len(), MAX_ERRORS_PER_FILE + 1);
        let lines: Vec<u32> = out.iter().map(|d| d.span.line).collect();
        assert_eq!(lines[..MAX_ERRORS_PER_FILE], (1..=100).collect::<Vec<u32>>()[..]);
        let last = out.last().unwrap();
        assert_eq!(last.code, Some(Code::MoreErrors));
        assert_eq!(last.span.line, 101);
        assert!(last.message.contains("first 100 errors") && last.message.contains("150 more"), "{}", last.message);
    }

    #[test]
    fn under_the_cap_nothing_is_added() {
        let mut errors = Capped::new();
        for line in [3, 1, 2] {
            errors.push(at(line));
        }
        let out = errors.finish(|_, _| unreachable!("nothing was left out"));
        assert_eq!(out.iter().map(|d| d.span.line).collect::<Vec<_>>(), [1, 2, 3]);
    }

    #[test]
    fn refuses_work_once_full() {
        let mut errors = Capped::new();
        for line in 1..=100 {
            errors.push(at(line));
        }
        assert!(!errors.wants(Span::new(100, 1, 1)));
        assert!(errors.wants(Span::new(50, 1, 1)));
    }
}
