// swift-tools-version:6.0
// FairLua: an embedded Lua 5.4 host for machine-learning fairness experiments.
// Layers (lowest first) and what each may import: the module table in ../shared/DESIGN.md (the contract);
// a module only imports modules below it.
import PackageDescription

let package = Package(
    name: "FairLua",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "fairlua", targets: ["fairlua"]),
        .library(name: "LuaHost", targets: ["LuaHost"]),
        .library(name: "FairLuaBindings", targets: ["FairLuaBindings"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CLua", pkgConfig: "lua5.4",
                       providers: [.apt(["liblua5.4-dev"])]),
        .systemLibrary(name: "CEditline", pkgConfig: "libedit",
                       providers: [.apt(["libedit-dev"])]),
        .target(name: "LuaBridgeC", dependencies: ["CLua"]),
        // ZeroMQ (Debian's libzmq3-dev): the Jupyter kernel's sockets, loaded with dlopen by `fairlua kernel`
        // only (Sources/CZMQ/include/shim.h), so that start-up does not load libzmq's dependencies.
        .target(name: "CZMQ"),
        // zlib (Debian's zlib1g-dev): deflate inside .npz archives and gzip-compressed CSV files.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // PNG and JPEG decoding (Debian's libpng-dev and libjpeg-dev), wrapped in C because both libraries
        // report errors with longjmp.
        .target(name: "CImage", linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("jpeg")]),
        // Tensors' hot loops touch class storage and the grad-mode flag millions of times: dynamic
        // exclusivity checks there cost more than the arithmetic (static checking still applies).
        .target(name: "Tensors", dependencies: ["CZlib"], swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        .target(name: "Datasets", dependencies: ["Tensors", "CImage"], exclude: ["Resources"]),
        .target(name: "Learning", dependencies: ["Tensors", "Datasets"]),
        .target(name: "Fairness", dependencies: ["Tensors", "Datasets", "Learning"]),
        .target(name: "Explain", dependencies: ["Tensors", "Datasets", "Learning", "Fairness"]),
        .target(name: "Reports", dependencies: ["Tensors", "Datasets", "Learning", "Fairness", "Explain"]),
        .target(name: "LuaHost", dependencies: ["CLua", "LuaBridgeC", "CEditline"]),
        .target(name: "FairLuaBindings", dependencies: ["LuaHost", "Tensors", "Datasets", "Learning", "Fairness", "Explain", "Reports"]),
        .target(name: "FairLuaKernel", dependencies: ["LuaHost", "FairLuaBindings", "CZMQ", "CLua", "Tensors"]),
        .executableTarget(name: "fairlua", dependencies: [
            "FairLuaBindings", "LuaHost", "FairLuaKernel", "Learning", "Fairness", "Reports", "Datasets", "Tensors",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "LuaHostTests", dependencies: ["LuaHost", "LuaBridgeC", "CLua"]),
        .testTarget(name: "TensorsTests", dependencies: ["Tensors"]),
        // Finds the test data the repository does not bundle (README, "Development").
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "TestSupport"]),
        .testTarget(name: "LearningTests", dependencies: ["Learning", "Datasets", "Tensors"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Fairness", "Datasets", "Explain", "Tensors"]),
        .testTarget(name: "ExplainTests", dependencies: ["Explain", "Fairness", "Learning", "Datasets", "Tensors"]),
        .testTarget(name: "FairnessTests", dependencies: ["Fairness", "Datasets", "Learning", "Tensors", "TestSupport"]),
        .testTarget(name: "FairLuaBindingsTests", dependencies: ["FairLuaBindings", "LuaHost"]),
        .testTarget(name: "FairLuaKernelTests", dependencies: ["FairLuaKernel", "LuaHost", "Tensors"]),
    ],
    swiftLanguageModes: [.v6]
)
