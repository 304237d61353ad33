/// A small deterministic random number generator: SplitMix64 (Steele, Lea and Flood 2014,
/// the generator `java.util.SplittableRandom` uses), so bootstrap intervals and sampling plans
/// are the same on every machine and every run for the same seed.
///
/// ```swift
/// var generator = SeededGenerator(seed: 20_261_001)
/// let index = Int.random(in: 0..<10, using: &generator)
/// ```
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator; equal seeds give equal sequences.
    public init(seed: UInt64) {
        state = seed
    }

    /// A seed derived from text (FNV-1a, 64 bit), e.g. `"tenant|program|2026-10"`.
    public static func seed(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state = state &+ 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A uniform index in `0..<count` (count > 0) by rejection, so it does not depend on the
    /// standard library's `random(in:using:)` algorithm.
    public mutating func index(below count: Int) -> Int {
        precondition(count > 0)
        let bound = UInt64(count)
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let value = next()
            if value < limit { return Int(value % bound) }
        }
    }
}
