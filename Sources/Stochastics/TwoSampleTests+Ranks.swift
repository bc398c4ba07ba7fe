extension TwoSampleTests {
    /// The permutation p-value of `andersonDarling` (as `permutationPValue` computes it, with the
    /// same relabellings drawn from `stream`, so the same value), from ranks: the pooled values
    /// are sorted once and each relabelling costs O(N) rather than two sorts. This is what makes
    /// a log of thousands of failures against forty simulated replications take a moment.
    public static func andersonDarlingPValue(_ a: [Double], _ b: [Double], permutations: Int, stream: RandomStream) -> Double {
        precondition(!a.isEmpty && !b.isEmpty && permutations > 0)
        let ranks = PooledRanks(a + b)
        var inA = Array(repeating: false, count: ranks.count)
        for index in a.indices { inA[index] = true }
        var scratch = [Int](repeating: 0, count: ranks.count)
        let observed = ranks.andersonDarling(inA: inA, countA: a.count, scratch: &scratch)
        var labels = Array(0..<ranks.count)
        var atLeast = 1
        for _ in 0..<permutations {
            // The same Fisher–Yates draws as `permutationPValue` makes on the values themselves.
            for index in stride(from: labels.count - 1, to: 0, by: -1) {
                labels.swapAt(index, stream.index(below: index + 1))
            }
            for (position, original) in labels.enumerated() { inA[original] = position < a.count }
            if ranks.andersonDarling(inA: inA, countA: a.count, scratch: &scratch) >= observed - 1e-12 { atLeast += 1 }
        }
        return Double(atLeast) / Double(permutations + 1)
    }
}

/// Pooled values in sorted order, with each tie group's extent: what a rank statistic needs.
struct PooledRanks {
    /// Original indices in sorted order of their values.
    let order: [Int]
    /// For each sorted position, the last position holding the same value.
    let groupEnd: [Int]
    var count: Int { order.count }

    init(_ values: [Double]) {
        order = values.indices.sorted { values[$0] < values[$1] }
        var ends = Array(repeating: 0, count: values.count)
        var position = values.count - 1
        while position >= 0 {
            var start = position
            while start > 0 && values[order[start - 1]] == values[order[position]] { start -= 1 }
            for member in start...position { ends[member] = position }
            position = start - 1
        }
        groupEnd = ends
    }

    /// A²_kN of the labelling `inA` (by original index): Σ over each sample i of
    /// Σ_{j=1…N−1} (N·M_ij − j·n_i)² / (j·(N − j)) / n_i, all over N, where M_ij counts sample i's
    /// values at or below the j-th pooled value (a tie group counts whole).
    func andersonDarling(inA: [Bool], countA: Int, scratch: inout [Int]) -> Double {
        // scratch[s]: how many of sample A lie at sorted positions 0...s.
        var running = 0
        for (position, original) in order.enumerated() {
            if inA[original] { running += 1 }
            scratch[position] = running
        }
        let total = Double(count)
        var sum = 0.0
        for (isA, n) in [(true, Double(countA)), (false, Double(count - countA))] {
            var inner = 0.0
            for j in 1..<count {
                let end = groupEnd[j - 1]
                let inSample = isA ? scratch[end] : end + 1 - scratch[end]
                let jj = Double(j)
                let deviation = total * Double(inSample) - jj * n
                inner += deviation * deviation / (jj * (total - jj))
            }
            sum += inner / n
        }
        return sum / total
    }
}
