import CacheHints

extension Array {
    /// Starts loading element `index` into cache without waiting for it (a hint: nothing
    /// happens outside the array). Worth it where a handler will touch several arrays at
    /// unrelated places: hinted together, their cache misses overlap instead of queueing.
    @inline(__always) func prefetch(_ index: Int) {
        guard index >= 0 && index < count else { return }
        withUnsafeBufferPointer { fleetsim_prefetch_for_writing($0.baseAddress! + index) }
    }
}
