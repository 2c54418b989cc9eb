//! The allocator: mimalloc, tuned for a run that allocates and frees result
//! buffers at a steady rate.
//!
//! A check with many packs builds a result of a hundred kilobytes or more per
//! policy and frees it once written. By default mimalloc hands freed pages back to
//! the system after a delay, and the next result takes fresh pages that the kernel
//! must zero: profiles showed a fifth of the time of a large run in page clearing.
//! Keeping freed pages for reuse removes it; the peak is unchanged, since the
//! pages kept are the ones the run needed at its peak anyway.

/// mimalloc's `mi_option_purge_delay` (mimalloc.h, v3): milliseconds before freed
/// memory is returned to the system; -1 never. Not exported by libmimalloc-sys,
/// so named here; a test checks it against the option's documented default.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Call once at the start of `main` in a binary whose global allocator is mimalloc.
pub fn tune() {
    // SAFETY: sets a process-wide option of mimalloc; any time is allowed, and the
    // option only governs when freed pages go back to the system.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

#[cfg(test)]
mod tests {
    /// The index names the purge delay: its default is 1000 ms in mimalloc v3
    /// (options.c); a different mimalloc would fail here rather than set another option.
    #[test]
    fn the_option_is_the_purge_delay() {
        // SAFETY: reads an option.
        let value = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(value, 1000);
    }
}
