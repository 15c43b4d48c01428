/// NumPy's `.npz` archives: `np.savez` (stored) and `np.savez_compressed` (deflate) read as name → tensor
/// (each member `NAME.npy` read as `Npy` does); written stored, float32, as `np.savez` does.
public enum Npz {
    /// The arrays of the archive at `path`, in the archive's order, named without `.npy`.
    public static func load(_ path: String, warn: (String) -> Void = { _ in }) throws -> [(name: String, tensor: Tensor)] {
        let file = try MappedFile(path)
        var out: [(name: String, tensor: Tensor)] = []
        try ZipArchive.forEachEntry(file.bytes, name: path) { member, bytes in
            guard member.hasSuffix(".npy") else {
                throw TensorError.invalid("\(path): member '\(member)' is not a .npy array (np.savez writes NAME.npy members)")
            }
            out.append((String(member.dropLast(4)), try Npy.decode(bytes, name: "\(path): \(member)", warn: warn)))
        }
        return out
    }

    /// Writes `tensors` to `path` as a stored `.npz` of float32 arrays, atomically (names sorted, for reproducible files).
    public static func save(_ tensors: [(name: String, tensor: Tensor)], to path: String) throws {
        let entries = try tensors.sorted { $0.name < $1.name }.map { item in
            ZipArchive.Entry(name: item.name + ".npy", bytes: try Npy.encode(item.tensor, name: path))
        }
        try AtomicFile.write(try ZipArchive.stored(entries, name: path), to: path)
    }
}
