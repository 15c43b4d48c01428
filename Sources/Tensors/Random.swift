#if canImport(Glibc)
import Glibc
#endif

/// The generator behind every random tensor and shuffle: PCG32 (O'Neill 2014, XSH-RR output) seeded
/// through SplitMix64. Integer arithmetic only, so a seed gives the same numbers on every machine.
public struct RandomGenerator: Sendable {
    private var state: UInt64
    private let increment: UInt64

    /// A generator for `seed`.
    public init(seed: UInt64) {
        var s = seed
        func splitmix() -> UInt64 {
            s &+= 0x9E3779B97F4A7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
        state = splitmix()
        increment = splitmix() | 1
    }

    /// The next 32 random bits.
    public mutating func next32() -> UInt32 {
        let old = state
        state = old &* 6364136223846793005 &+ increment
        let xorshifted = UInt32(truncatingIfNeeded: ((old >> 18) ^ old) >> 27)
        let rot = UInt32(truncatingIfNeeded: old >> 59)
        return (xorshifted >> rot) | (xorshifted << ((~rot &+ 1) & 31))
    }

    /// Uniform in [0, 1) with 24 random bits (exactly representable as Float).
    public mutating func uniform() -> Float { Float(next32() >> 8) * (1.0 / 16_777_216.0) }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func uniformDouble() -> Double {
        let bits = (UInt64(next32()) << 21) ^ UInt64(next32() >> 11)
        return Double(bits) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Uniform integer in 0..<n (Lemire's unbiased method); 0 when n ≤ 1. Callers keep n < 2^32.
    public mutating func below(_ n: Int) -> Int {
        guard n > 1 else { return 0 }
        let bound = UInt32(truncatingIfNeeded: Swift.min(n, Int(UInt32.max)))
        var m = UInt64(next32()) * UInt64(bound)
        if UInt32(truncatingIfNeeded: m) < bound {
            let threshold = (0 &- bound) % bound
            while UInt32(truncatingIfNeeded: m) < threshold { m = UInt64(next32()) * UInt64(bound) }
        }
        return Int(m >> 32)
    }

    /// Standard normal (Box–Muller on Doubles, one value per call).
    public mutating func normal() -> Double {
        let u1 = 1 - uniformDouble(), u2 = uniformDouble()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A random permutation of 0..<n (Fisher–Yates).
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        if n > 1 { for i in stride(from: n - 1, to: 0, by: -1) { p.swapAt(i, below(i + 1)) } }
        return p
    }
}

/// The process-wide default generator, reseeded by `Tensor.seed(_:)` and `--seed`.
enum DefaultGenerator {
    nonisolated(unsafe) static var shared = RandomGenerator(seed: 0x5EED)
}

extension Tensor {
    /// Reseeds the default generator.
    public static func seed(_ seed: UInt64) { DefaultGenerator.shared = RandomGenerator(seed: seed) }

    /// The default generator itself (a host saves and restores it around code that must not move its stream).
    public static var defaultGenerator: RandomGenerator {
        get { DefaultGenerator.shared }
        set { DefaultGenerator.shared = newValue }
    }

    /// Uniform values in [0, 1).
    public static func rand(_ shape: [Int]) throws -> Tensor {
        let n = try Shape.elementCount(shape, op: "random")
        return Tensor(unchecked: shape, (0..<n).map { _ in DefaultGenerator.shared.uniform() })
    }

    /// Standard normal values.
    public static func randn(_ shape: [Int]) throws -> Tensor {
        let n = try Shape.elementCount(shape, op: "random")
        return Tensor(unchecked: shape, (0..<n).map { _ in Float(DefaultGenerator.shared.normal()) })
    }

    /// Integers uniform in low..<high.
    public static func randint(_ low: Int, _ high: Int, _ shape: [Int]) throws -> Tensor {
        guard high > low, high - low <= Int(UInt32.max) else {
            throw TensorError.invalid("'randint': high must be greater than low (got \(low), \(high))")
        }
        let n = try Shape.elementCount(shape, op: "random")
        return Tensor(unchecked: shape, (0..<n).map { _ in Float(low + DefaultGenerator.shared.below(high - low)) })
    }

    /// A random permutation of 0..<n as a tensor.
    public static func randperm(_ n: Int) throws -> Tensor {
        guard n >= 0 else { throw TensorError.invalid("'randperm': n must be ≥ 0, got \(n)") }
        _ = try Shape.elementCount([n], op: "randperm", elementSize: MemoryLayout<Int>.size + 4)
        return Tensor(DefaultGenerator.shared.permutation(n).map(Float.init))
    }
}
