#ifndef FLEETSIM_CACHE_HINTS_H
#define FLEETSIM_CACHE_HINTS_H

/// Asks the processor to start loading the cache line holding `address`, to be written soon,
/// without waiting for it: several such loads then overlap instead of each stalling in turn.
/// A hint only; it never faults, whatever the address.
static inline void fleetsim_prefetch_for_writing(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
