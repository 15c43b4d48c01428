/// The audit's Poisson bootstrap (Hanley & MacGibbon 2006; Chamandy et al. 2012, "Estimating uncertainty for
/// massive data streams"): replicate r counts each row k ~ Poisson(1) times, with k drawn from a hash of the seed
/// and the row's bytes alone. So the replicates, and the intervals, depend only on the rows and the seed, never
/// on how the rows were sharded or ordered; identical rows draw identical weights (they are resampled together).
///
/// Exactly: `h = mix(seed ^ 0x243F6A8885A308D3)`, then for each 8-byte little-endian word `w` of the row's bytes
/// (a last partial word padded with zero bytes) `h = mix(h ^ w)`, then `h = mix(h ^ n)` with n the byte count;
/// replicate r (0-based) uses `u = mix(h &+ (r + 1) &* 0x9E3779B97F4A7C15)` and k = the number of
/// `poissonCDF` thresholds ≤ u (inversion of the Poisson(1) distribution, `u / 2^64` uniform). `mix` is
/// SplitMix64's finaliser. The row's bytes are its fields after unquoting, joined by the separator byte (a space
/// for `--sep whitespace`), without the line end: for an unquoted line, the line itself.
enum AuditBootstrap {
    /// SplitMix64's finaliser (Steele, Lea & Flood 2014).
    @inline(__always) static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `floor(2^64 · P(K ≤ k))` for K ~ Poisson(1), k = 0…20 (computed exactly with rationals; the last is 2^64 − 1).
    static let poissonCDF: [UInt64] = [
        0x5E2D_58D8_B3BC_DF1A, 0xBC5A_B1B1_6779_BE35, 0xEB71_5E1D_C158_2DC2, 0xFB23_9797_34A2_52F1, 0xFF10_25F5_9174_DC3D,
        0xFFD9_0F3B_A405_5E19, 0xFFFA_8B71_FC72_C913, 0xFFFF_540C_0914_B3C9, 0xFFFF_ED1F_4AA8_F120, 0xFFFF_FE21_6E64_1462,
        0xFFFF_FFD4_D85D_3183, 0xFFFF_FFFC_6DA2_62B4, 0xFFFF_FFFF_BA12_D178, 0xFFFF_FFFF_FB07_C64C, 0xFFFF_FFFF_FFAB_8EA5,
        0xFFFF_FFFF_FFFA_BE22, 0xFFFF_FFFF_FFFF_B11A, 0xFFFF_FFFF_FFFF_FBA1, 0xFFFF_FFFF_FFFF_FFC5, 0xFFFF_FFFF_FFFF_FFFD,
        0xFFFF_FFFF_FFFF_FFFF,
    ]

    /// The row hash of `bytes` under `seed`.
    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        var h = mix(seed ^ 0x243F_6A88_85A3_08D3)
        let n = bytes.count
        var i = 0
        while i + 8 <= n {
            h = mix(h ^ UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i += 8
        }
        if i < n {
            var tail: UInt64 = 0
            for k in i..<n { tail |= UInt64(bytes[k]) << (8 * UInt64(k - i)) }
            h = mix(h ^ tail)
        }
        return mix(h ^ UInt64(n))
    }

    /// Replicate r's count of the row whose hash is `h`.
    @inline(__always) static func weight(_ h: UInt64, replicate r: Int) -> Int {
        let u = mix(h &+ UInt64(r + 1) &* 0x9E37_79B9_7F4A_7C15)
        var k = 0
        while k < 20 && u >= poissonCDF[k] { k += 1 }
        return k
    }
}
