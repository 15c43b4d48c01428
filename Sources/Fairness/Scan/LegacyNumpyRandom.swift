/// NumPy's legacy global generator (`np.random.seed`, `RandomState`): MT19937 seeded by `init_genrand`, with the
/// draws AIF360's MDSS makes (`rand`, `choice(n)`, `permutation`), so that its random restarts are reproduced
/// draw for draw (Matsumoto & Nishimura 1998; NumPy's `mt19937.c`, `distributions.c`, `_bounded_integers.pyx`).
struct LegacyNumpyRandom {
    private var state = [UInt32](repeating: 0, count: 624)
    private var position = 624

    /// `np.random.seed(seed)` for a seed in [0, 2³² − 1].
    init(seed: UInt32) {
        state[0] = seed
        for i in 1..<624 { state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i) }
    }

    /// The next 32-bit output (tempered).
    mutating func nextUInt32() -> UInt32 {
        if position >= 624 { regenerate() }
        var y = state[position]
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    private mutating func regenerate() {
        func twist(_ i: Int, _ next: Int, _ far: Int) {
            let y = (state[i] & 0x8000_0000) | (state[next] & 0x7FFF_FFFF)
            state[i] = state[far] ^ (y >> 1) ^ (y & 1 == 0 ? 0 : 0x9908_B0DF)
        }
        for i in 0..<227 { twist(i, i + 1, i + 397) }
        for i in 227..<623 { twist(i, i + 1, i - 227) }
        twist(623, 0, 396)
        position = 0
    }

    /// `np.random.rand()`: a double in [0, 1) with 53 random bits, (a·2²⁶ + b) / 2⁵³.
    mutating func uniform() -> Double {
        let a = Double(nextUInt32() >> 5), b = Double(nextUInt32() >> 6)
        return (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// A value in [0, max] by rejection under the smallest all-ones mask ≥ max (`random_interval` and the masked
    /// bounded draw of `randint`, identical for 32-bit ranges).
    mutating func masked(_ max: UInt32) -> UInt32 {
        guard max > 0 else { return 0 }
        var mask = max
        for shift in [1, 2, 4, 8, 16] as [UInt32] { mask |= mask >> shift }
        while true {
            let v = nextUInt32() & mask
            if v <= max { return v }
        }
    }

    /// `np.random.choice(n)` for n ≥ 1: `randint(0, n)`.
    mutating func choice(_ n: Int) -> Int { Int(masked(UInt32(truncatingIfNeeded: n - 1))) }

    /// `np.random.permutation(items)` of a 1-d array: Fisher–Yates from the end, swapping i with a draw in [0, i].
    mutating func permutation<T>(_ items: [T]) -> [T] {
        var out = items
        var i = out.count - 1
        while i >= 1 {
            out.swapAt(i, Int(masked(UInt32(truncatingIfNeeded: i))))
            i -= 1
        }
        return out
    }
}
