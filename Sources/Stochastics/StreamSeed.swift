/// Derives the seed of one random stream from the run's master seed, the stream's stable name
/// and the replication index.
///
/// Every stochastic source in a model draws from its own stream, so adding a component or a
/// policy never shifts the draws of the others: strategies are compared on common random numbers.
/// The derivation is FNV-1a over the name's UTF-8 bytes, mixed with the seed and replication by
/// SplitMix64's finaliser (Steele, Lea & Flood 2014), which is stable across platforms and Swift
/// versions, unlike `Hasher`.
public struct StreamSeed: Hashable, Sendable {
    public let value: UInt64

    public init(master: UInt64, name: String, replication: Int) {
        var mixed = Self.splitMix(master ^ Self.splitMix(StableHash.fnv1a64(name.utf8)))
        mixed = Self.splitMix(mixed ^ UInt64(truncatingIfNeeded: replication))
        value = mixed
    }

    /// The seed as GSL's `gsl_rng_set` takes it. MT19937 keeps the low 32 bits, and maps 0 to its
    /// default seed, so the two halves are folded together and 0 is avoided.
    var gslSeed: UInt {
        let folded = (value >> 32) ^ (value & 0xffff_ffff)
        return UInt(folded == 0 ? 0x9e37_79b9 : folded)
    }

    static func splitMix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// FNV-1a, 64-bit (Fowler, Noll & Vo): a fingerprint that, unlike `Hasher`, is the same in every
/// process and on every platform. Not a security hash.
public enum StableHash {
    @inlinable
    public static func fnv1a64<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The hash as 16 lowercase hex digits.
    @inlinable
    public static func fnv1a64Hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let hex = String(fnv1a64(bytes), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
