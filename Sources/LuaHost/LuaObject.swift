import CLua
import LuaBridgeC

/// Raw metatable field present in every metatable FairLua creates; marks userdata that box a Swift object.
let boxMarkerField = "__fairlua"

/// Where a class's metatable also lives in the registry: under a light-userdata key derived from its
/// name (FNV-1a), so pushing and checking an object is a pointer lookup instead of a string lookup.
public struct MetatableKey: Sendable {
    /// The metatable's registry name (`fairlua.Tensor`).
    public let name: String
    let bits: UInt

    /// The key of the metatable named `name`.
    public init(_ name: String) {
        self.name = name
        var h: UInt64 = 0xcbf29ce484222325
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        bits = UInt(truncatingIfNeeded: h) | 1
    }

    var pointer: UnsafeRawPointer { UnsafeRawPointer(bitPattern: bits)! }
}

extension LuaStack {
    /// Pushes `object` as a full userdata holding one retained pointer, with the metatable `metatable`.
    /// Lua owns the +1 reference; `__gc` / `__close` release it once (BINDING.md §2).
    public func pushObject(_ object: AnyObject, metatable: String) {
        pushObject(object, key: MetatableKey(metatable))
    }

    /// Pushes `object` with the metatable registered under `key`.
    public func pushObject(_ object: AnyObject, key: MetatableKey) {
        // Word 0: the retained pointer; word 1: external bytes reported for it (see reportExternalAllocation).
        let slot = lua_newuserdatauv(L, 2 * MemoryLayout<UInt>.size, 0)
        slot?.initializeMemory(as: UnsafeMutableRawPointer?.self,
                               repeating: Unmanaged.passRetained(object).toOpaque(), count: 1)
        slot?.storeBytes(of: 0, toByteOffset: MemoryLayout<UInt>.size, as: UInt.self)
        if lua_rawgetp(L, ls_registryindex(), key.pointer) == LUA_TNIL {
            // The first object of a class installed on first push (LuaState.installOnFirstPush).
            ls_pop(L, 1)
            LuaState.owning(L)?.installPendingClass(key.bits, on: L)
            lua_rawgetp(L, ls_registryindex(), key.pointer)
        }
        lua_setmetatable(L, -2)
    }

    /// The object at `idx` when its metatable is exactly the one under `key` (whose objects are all `T`).
    @inlinable
    public func object<T: AnyObject>(at idx: Int32, key: MetatableKey, as type: T.Type) -> T? {
        objectPointer(at: idx, key: key).map { Unmanaged<T>.fromOpaque($0).takeUnretainedValue() }
    }

    /// The retained pointer boxed at `idx` when its metatable is the one under `key` (non-generic part).
    public func objectPointer(at idx: Int32, key: MetatableKey) -> UnsafeMutableRawPointer? {
        guard lua_type(L, idx) == LUA_TUSERDATA, lua_getmetatable(L, idx) != 0 else { return nil }
        lua_rawgetp(L, ls_registryindex(), key.pointer)
        let same = lua_rawequal(L, -1, -2) != 0
        ls_pop(L, 2)
        guard same, let slot = lua_touserdata(L, idx) else { return nil }
        return slot.load(as: UnsafeMutableRawPointer?.self)
    }

    /// The Swift object boxed at `idx` when it is a FairLua userdata holding a `T`; never raises.
    public func object<T: AnyObject>(at idx: Int32, as type: T.Type = T.self) -> T? {
        guard let any = anyObject(at: idx) else { return nil }
        return any as? T
    }

    /// The Swift object boxed at `idx`, whatever its class; nil for other values or closed boxes.
    public func anyObject(at idx: Int32) -> AnyObject? {
        guard lua_type(L, idx) == LUA_TUSERDATA, ls_getmetafield_raw(L, idx, boxMarkerField) != LUA_TNIL else {
            return nil
        }
        ls_pop(L, 1)
        guard let slot = lua_touserdata(L, idx),
              let pointer = slot.load(as: UnsafeMutableRawPointer?.self) else { return nil }
        return Unmanaged<AnyObject>.fromOpaque(pointer).takeUnretainedValue()
    }
}

/// `__gc` and `__close` of every boxed object: release the Swift reference once and clear the slot.
let releaseBox: ls_SwiftFn = { L in
    guard let L, lua_type(L, 1) == LUA_TUSERDATA, let slot = lua_touserdata(L, 1) else { return 0 }
    if let pointer = slot.load(as: UnsafeMutableRawPointer?.self) {
        slot.storeBytes(of: nil, as: UnsafeMutableRawPointer?.self)
        if lua_rawlen(L, 1) >= 2 * MemoryLayout<UInt>.size {
            ls_external_release(L, Int(slot.load(fromByteOffset: MemoryLayout<UInt>.size, as: UInt.self)))
        }
        Unmanaged<AnyObject>.fromOpaque(pointer).release()
    }
    return 0
}
