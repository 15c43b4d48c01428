import LuaHost

/// The option names of the layer constructors, declared once, and Gluon's two ways of giving a window:
/// positionally (`nn.Conv2D(32, 3, {…})`) or as a keyword (`nn.Conv2D(32, {kernel_size = 3, …})`).
enum LayerOptions {
    /// `nn.Conv2D`'s options (Gluon's names).
    static let convolution = ["kernel_size", "strides", "padding", "dilation", "activation", "use_bias", "in_channels"]
    /// `nn.MaxPool2D` / `nn.AvgPool2D`'s options.
    static let pooling = ["pool_size", "strides", "padding"]

    /// The window at argument `i` (options follow at `i + 1`), or option `key` of an options table at `i`; nil when absent.
    static func window(_ call: LuaCall, _ i: Int32, _ key: String, options: [String]) throws -> (size: Int?, options: LuaOptions) {
        if call.type(i) == .table {
            let o = try call.options(i, allowed: options)
            return (try o.integer(key), o)
        }
        let size = call.isNone(i) ? nil : try call.integer(i)
        return (size, try call.options(i + 1, allowed: options.filter { $0 != key }))
    }
}
