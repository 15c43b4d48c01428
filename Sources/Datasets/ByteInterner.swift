/// Maps byte strings to dense codes 0, 1, 2, … without allocating per lookup (open addressing over an
/// arena), so categorical columns of millions of rows are read at memory speed.
public struct ByteInterner {
    private var arena: [UInt8] = []
    private var offsets: [Int] = []          // start of entry k in the arena; its end is offsets[k + 1]
    private var hashes: [UInt64] = []
    private var slots = [Int32](repeating: -1, count: 64)

    public init() { offsets.append(0) }

    /// Number of distinct strings.
    public var count: Int { hashes.count }

    /// The bytes of entry `code`.
    public func bytes(_ code: Int) -> ArraySlice<UInt8> { arena[offsets[code]..<offsets[code + 1]] }

    /// The code of `key`, adding it when new.
    public mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        var h: UInt64 = 0xcbf29ce484222325                 // FNV-1a
        for b in key { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let code = slots[s]
            if code < 0 { break }
            if hashes[Int(code)] == h && equal(Int(code), key) { return code }
            s = (s + 1) & mask
        }
        let code = Int32(hashes.count)
        hashes.append(h)
        arena.append(contentsOf: key)
        offsets.append(arena.count)
        slots[s] = code
        if hashes.count * 2 > slots.count { rehash() }
        return code
    }

    private func equal(_ code: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = offsets[code], end = offsets[code + 1]
        guard end - start == key.count else { return false }
        for k in 0..<key.count where arena[start + k] != key[k] { return false }
        return true
    }

    private mutating func rehash() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (code, h) in hashes.enumerated() {
            var s = Int(truncatingIfNeeded: h) & mask
            while slots[s] >= 0 { s = (s + 1) & mask }
            slots[s] = Int32(code)
        }
    }
}
