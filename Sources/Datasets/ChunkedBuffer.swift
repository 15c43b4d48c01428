#if canImport(Glibc)
import Glibc
#endif

/// Append-only storage in 4 MiB chunks mapped straight from the kernel: growing never copies (an array
/// doubling its capacity briefly holds both copies), joining two buffers moves chunks, and `array()`
/// unmaps each chunk as soon as it is copied, so reading a column peaks at about its own size.
/// A class: builders holding it may be copied, the chunks are owned once.
final class ChunkedBuffer<Element: BitwiseCopyable> {
    private static var chunkCapacity: Int { (4 << 20) / MemoryLayout<Element>.stride }
    private var chunks: [UnsafeMutablePointer<Element>] = []
    /// Whether each chunk came from mmap (else from the allocator, when mapping failed).
    private var mapped: [Bool] = []
    /// Elements in the last chunk (full when there is none, so the first append maps one).
    private var tail = ChunkedBuffer.chunkCapacity
    /// The last chunk, where appends go (a placeholder until the first chunk is mapped).
    private var current = UnsafeMutablePointer<Element>.allocate(capacity: 1)
    private var ownsPlaceholder = true

    /// All elements.
    var count: Int { chunks.isEmpty ? 0 : (chunks.count - 1) * Self.chunkCapacity + tail }

    init() {}

    deinit {
        for (chunk, m) in zip(chunks, mapped) { Self.release(chunk, mapped: m) }
        if ownsPlaceholder { current.deallocate() }
    }

    /// Adds `value` at the end.
    @inline(__always)
    func append(_ value: Element) {
        if tail == Self.chunkCapacity { grow() }
        current[tail] = value
        tail += 1
    }

    /// Maps a new last chunk.
    private func grow() {
        let (chunk, m) = Self.map()
        chunks.append(chunk)
        mapped.append(m)
        if ownsPlaceholder { current.deallocate() }
        ownsPlaceholder = false
        current = chunk
        tail = 0
    }

    /// Moves every element of `other` to the end of this buffer (`other` is left empty).
    func append(moving other: ChunkedBuffer<Element>) {
        if tail == Self.chunkCapacity, let last = other.chunks.last {
            // Whole chunks can be taken over as they are.
            chunks += other.chunks
            mapped += other.mapped
            if ownsPlaceholder { current.deallocate() }
            ownsPlaceholder = false
            current = last
            tail = other.tail
            other.empty()
            return
        }
        let (taken, takenMapped, lastCount) = (other.chunks, other.mapped, other.tail)
        other.empty()
        for (k, chunk) in taken.enumerated() {
            let n = k == taken.count - 1 ? lastCount : Self.chunkCapacity
            for i in 0..<n { append(chunk[i]) }
            Self.release(chunk, mapped: takenMapped[k])
        }
    }

    /// Calls `body` with every element in order.
    func forEach(_ body: (Element) throws -> Void) rethrows {
        for (k, chunk) in chunks.enumerated() {
            let n = k == chunks.count - 1 ? tail : Self.chunkCapacity
            for i in 0..<n { try body(chunk[i]) }
        }
    }

    /// The elements as one array; the buffer is emptied chunk by chunk while they are copied.
    func array() -> [Element] {
        let total = count
        let result = [Element](unsafeUninitializedCapacity: total) { out, initialized in
            var offset = 0
            for (k, chunk) in chunks.enumerated() {
                let n = k == chunks.count - 1 ? tail : Self.chunkCapacity
                if let base = out.baseAddress { (base + offset).update(from: chunk, count: n) }
                offset += n
                Self.release(chunk, mapped: mapped[k])
            }
            initialized = offset
        }
        empty()
        return result
    }

    /// Forgets every chunk (their memory has been released or moved).
    private func empty() {
        chunks = []
        mapped = []
        if !ownsPlaceholder {
            current = UnsafeMutablePointer<Element>.allocate(capacity: 1)
            ownsPlaceholder = true
        }
        tail = Self.chunkCapacity
    }

    /// A new chunk, and whether it was mapped (mmap failing falls back to the allocator).
    private static func map() -> (UnsafeMutablePointer<Element>, Bool) {
        let bytes = chunkCapacity * MemoryLayout<Element>.stride
        guard let raw = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), raw != MAP_FAILED else {
            return (UnsafeMutablePointer<Element>.allocate(capacity: chunkCapacity), false)
        }
        return (raw.bindMemory(to: Element.self, capacity: chunkCapacity), true)
    }

    private static func release(_ chunk: UnsafeMutablePointer<Element>, mapped: Bool) {
        if mapped { munmap(UnsafeMutableRawPointer(chunk), chunkCapacity * MemoryLayout<Element>.stride) } else { chunk.deallocate() }
    }
}
