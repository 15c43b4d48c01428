import Learning
import LuaHost

/// The options of the layer constructors, declared once (Gluon's names; they set the library's layer settings), and
/// Gluon's two ways of giving a window: positionally (`nn.Conv2D(32, 3, {…})`) or as a keyword (`nn.Conv2D(32, {kernel_size = 3, …})`).
enum LayerOptions {
    /// An activation option, by name.
    static func activation<S>(_ field: WritableKeyPath<S, Activation?>) -> LuaSetting<S> {
        .custom("activation", field) { try $0.string("activation").map(Activation.named) }
    }

    /// `nn.Dense`'s options.
    static var dense: [LuaSetting<Dense.Settings>] { [activation(\.activation), .field("use_bias", \.useBias), .field("in_units", \.inUnits), .choice("init", \.initializer)] }
    /// `nn.Conv2D`'s options.
    static var convolution: [LuaSetting<Conv2D.Settings>] { [
        .field("kernel_size", \.kernel), .field("strides", \.stride), .field("padding", \.padding), .field("dilation", \.dilation),
        activation(\.activation), .field("use_bias", \.useBias), .field("in_channels", \.inChannels),
    ] }
    /// `nn.MaxPool2D` / `nn.AvgPool2D`'s options.
    static var pooling: [LuaSetting<Pool2D.Settings>] { [.field("pool_size", \.size), .field("strides", \.stride), .field("padding", \.padding)] }
    /// `nn.BatchNorm`'s options.
    static var batchNorm: [LuaSetting<BatchNorm.Settings>] { [.field("momentum", \.momentum), .field("epsilon", \.epsilon)] }

    /// The settings from argument `i`: an options table holding the window as option `key`, or the window (an integer,
    /// set by `setWindow`; absent: the library's default) followed by the other options at `i + 1`.
    static func window<S>(_ call: LuaCall, _ i: Int32, _ defaults: S, _ settings: [LuaSetting<S>], key: String,
                          _ setWindow: (inout S, Int) -> Void) throws -> S {
        if call.type(i) == .table { return try call.settings(i, defaults, settings).0 }
        var s = try call.settings(i + 1, defaults, settings.filter { $0.name != key }).0
        if !call.isNone(i) { setWindow(&s, try call.integer(i)) }
        return s
    }
}
