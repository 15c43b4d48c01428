/// The layers' settings as values with Gluon's defaults, declared once: front ends set the fields they are given.
extension Dense {
    /// No activation, a bias, the input size inferred at the first call, Xavier-uniform weights.
    public struct Settings: Sendable {
        /// Applied to the output (nil: none).
        public var activation: Activation?
        /// Whether the layer adds a bias.
        public var useBias = true
        /// The input size (nil: inferred at the first call).
        public var inUnits: Int?
        /// How the weights start.
        public var initializer = Initializer.xavierUniform
        /// The defaults.
        public init() {}
    }

    /// A layer of `units` outputs with `settings` (checked).
    public convenience init(units: Int, _ s: Settings) throws {
        try self.init(units: units, activation: s.activation, useBias: s.useBias, inUnits: s.inUnits, initializer: s.initializer)
    }
}

extension Conv2D {
    /// Stride 1, no padding, dilation 1, no activation, a bias, input channels inferred; the kernel has no default.
    public struct Settings: Sendable {
        /// The square kernel's side (required).
        public var kernel: Int?
        /// Step, zero padding on each side and spacing of the kernel's taps.
        public var stride = 1, padding = 0, dilation = 1
        /// Applied to the output (nil: none).
        public var activation: Activation?
        /// Whether the layer adds a bias.
        public var useBias = true
        /// Input channels (nil: inferred at the first call).
        public var inChannels: Int?
        /// The defaults.
        public init() {}
    }

    /// A convolution to `channels` with `settings` (checked; the kernel is required).
    public convenience init(channels: Int, _ s: Settings) throws {
        guard let kernel = s.kernel else { throw LearningError.invalid("Conv2D: kernel_size is required (nn.Conv2D(channels, {kernel_size = 3}))") }
        try self.init(channels: channels, kernel: kernel, stride: s.stride, padding: s.padding, dilation: s.dilation, activation: s.activation,
                      useBias: s.useBias, inChannels: s.inChannels)
    }
}

extension Pool2D {
    /// A 2 × 2 window, strides the window, no padding.
    public struct Settings: Sendable {
        /// The square window's side.
        public var size = 2
        /// Step (nil: the window).
        public var stride: Int?
        /// Zero padding on each side.
        public var padding = 0
        /// The defaults.
        public init() {}
    }

    /// Max (or with `average`, mean) pooling with `settings` (checked).
    public convenience init(_ s: Settings, average: Bool) throws {
        try self.init(size: s.size, stride: s.stride, padding: s.padding, average: average)
    }
}

extension BatchNorm {
    /// Gluon's defaults: running statistics with momentum 0.9, ε = 1e-5.
    public struct Settings: Sendable {
        /// Weight of the old running statistics, and the variance's guard.
        public var momentum = 0.9, epsilon = 1e-5
        /// The defaults.
        public init() {}
    }

    /// A batch normalisation with `settings` (checked).
    public convenience init(_ s: Settings) throws { try self.init(momentum: s.momentum, epsilon: s.epsilon) }
}
