/// Shared pieces of the fuzz harnesses (see `Ops/runbooks/fuzzing.md`).
///
/// A harness must never trap on valid behaviour: parsers may reject anything they like, by
/// throwing or returning `nil`. A harness traps (``harnessCheck(_:_:)``) only when an
/// invariant the code documents is broken, e.g. "chunks may split the input anywhere" or
/// "the canonical JSON reads back as the same manifest"; libFuzzer and the replay test then
/// report it like any other crash.

/// Traps with `message` unless `condition` holds. Kept in release builds too (`fatalError`).
@inline(never)
func harnessCheck(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition {
        fatalError("FuzzHarnesses invariant broken: \(message())")
    }
}

/// A small deterministic PRNG (SplitMix64), so a given input always takes the same path.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `1...upper` (`upper` ≥ 1).
    mutating func next(atMost upper: Int) -> Int {
        Int(next() % UInt64(max(upper, 1))) + 1
    }
}

/// FNV-1a of the first `limit` bytes and the length: a seed derived from the input itself,
/// so that every corpus file is a plain file of the fuzzed format (no header bytes).
func seed(of bytes: UnsafeRawBufferPointer, limit: Int = 16) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in bytes.prefix(limit) {
        hash ^= UInt64(byte)
        hash &*= 0x0000_0100_0000_01B3
    }
    hash ^= UInt64(bytes.count)
    hash &*= 0x0000_0100_0000_01B3
    return hash
}

/// Keeps a value alive and observed, so touching descriptions is not optimised away.
@inline(never)
func consume<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
