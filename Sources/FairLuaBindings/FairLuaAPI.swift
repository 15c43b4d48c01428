import CLua
import LuaBridgeC
import LuaHost
import Reports
import Tensors

/// Everything FairLua exposes to Lua, and the one way to make a ready state.
public enum FairLuaAPI {
    /// The version printed by `fairlua --version` and written into reports.
    public static let version = fairLuaVersion

    /// The modules installed as globals, in order, by global name: each is built on its first use.
    static var modules: [(name: String, build: () -> LuaModule)] { [
        ("json", { JSONBindings.module }), ("tensor", { TensorBindings.module }), ("autograd", { AutogradBindings.module }),
        ("data", { DataBindings.module }), ("nn", { NetworkBindings.module }), ("optim", { TrainerBindings.module }),
        ("fair", { FairnessBindings.module }), ("explain", { ExplainBindings.module }),
        ("report", { ReportBindings.reportModule }), ("plot", { ReportBindings.plotModule }),
    ] }

    /// `fairlua`: the version and a wall clock for timing scripts.
    static var hostModule: LuaModule {
        LuaModule("fairlua", "The FairLua runtime: version and clock; require \"fairlua\" also holds every module.")
            .value("version", .string(version))
            .function("clock", returns: "number", "Seconds on a monotonic wall clock (for timing).") { call in
                call.returns(monotonicSeconds())
            }
    }

    /// The tensor generators saved while sandboxed code runs (restored when it returns, so a plugin
    /// cannot move the host's random streams; C does the same for math.random).
    nonisolated(unsafe) static var savedGenerators: [RandomGenerator] = []

    /// Installs every module into `state`, plus `require "fairlua"` returning a table of them.
    public static func install(into state: LuaState) throws {
        state.setMemoryCeiling(MemoryLimit.availableBytes())
        ls_setsandboxhooks(state.L, { FairLuaAPI.savedGenerators.append(Tensor.defaultGenerator) },
                           { if let g = FairLuaAPI.savedGenerators.popLast() { Tensor.defaultGenerator = g } })
        ls_setcancelhooks({ Cancellation.request() }, { Cancellation.reset() })
        LuaCall.optionAliases = FairnessInputs.aliases
        ProgressHook.start = { label, total in Progress(label: label, total: total) }   // the library's loops draw the one bar
        for (name, build) in modules { state.installOnFirstUse(name, build) }
        state.install(hostModule)
        Display.install(into: state)
        // Each class's metatable is made when its first object is pushed (or the whole API is needed).
        state.installOnFirstPush("Tensor") { TensorBindings.tensorClass }
        state.installOnFirstPush("Dataset") { DataBindings.datasetClass }
        state.installOnFirstPush("Categorical") { DataBindings.categoricalClass }
        state.installOnFirstPush("ImageFolderDataset") { ImageBindings.folderClass }
        state.installOnFirstPush("DataLoader") { DataBindings.loaderClass }
        state.installOnFirstPush("Transform") { DataBindings.transformClass }
        state.installOnFirstPush("MetricFrame") { MetricFrameBindings.frameClass }
        state.installOnFirstPush("StreamingMetric") { StreamingBindings.metricClass }
        state.installOnFirstPush("AuditState") { AuditStateBindings.stateClass }
        state.installOnFirstPush("DataBias") { DataBiasBindings.biasClass }
        state.installOnFirstPush("Detection") { DetectionBindings.detectionClass }
        state.installOnFirstPush("FairnessCheck") { CheckBindings.checkClass }
        state.installOnFirstPush("Disparities") { CheckBindings.disparitiesClass }
        state.installOnFirstPush("SubgroupScan") { ScanBindings.scanClass }
        state.installOnFirstPush("Ranking") { RankingBindings.rankingClass }
        state.installOnFirstPush("ClarifyReport") { ClarifyBindings.reportClass }
        state.installOnFirstPush("RegressionFairness") { RegressionBindings.regressionClass }
        state.installOnFirstPush("Robustness") { AttackBindings.robustnessClass }
        state.installOnFirstPush("RankedListFairness") { RankingBindings.listClass }
        state.installOnFirstPush("Importance") { ExplainBindings.importanceClass }
        state.installOnFirstPush("PartialDependence") { ExplainBindings.partialClass }
        state.installOnFirstPush("Occlusion") { OcclusionBindings.occlusionClass }
        state.installOnFirstPush("SHAP") { SHAPBindings.shapClass }
        state.installOnFirstPush("Preprocessor") { PreprocessorBindings.preClass }
        state.installOnFirstPush("Postprocessor") { PostprocessorBindings.postClass }
        state.installOnFirstPush("ThresholdFrontier") { PostprocessorBindings.frontierClass }
        state.installOnFirstPush("InProcessor") { InProcessorBindings.inClass }
        state.installOnFirstPush("Sweep") { SweepBindings.sweepClass }
        state.installOnFirstPush("Comparison") { MitigateBindings.comparisonClass }
        state.installOnFirstPush("ClassDetection") { ImageFairnessBindings.detectionClass }
        state.installOnFirstPush("ClassComparison") { ImageFairnessBindings.comparisonClass }
        state.installOnFirstPush("Layer") { NetworkBindings.layerClass }
        state.installOnFirstPush("Loss") { NetworkBindings.termClass }
        state.installOnFirstPush("LogisticRegression") { LogisticBindings.logisticClass }
        state.installOnFirstPush("DecisionTree") { TreeBindings.treeClass }
        state.installOnFirstPush("GradientBoosting") { BoostingBindings.boostingClass }
        state.installOnFirstPush("Model") { ModelInputs.modelClass }
        state.installOnFirstPush("Trainer") { TrainerBindings.trainerClass }
        state.installOnFirstPush("Optimizer") { TrainerBindings.optimizerClass }
        state.installOnFirstPush("Schedule") { TrainerBindings.scheduleClass }
        state.installOnFirstPush("Attack") { AttackBindings.attackClass }
        // require "fairlua" holds every module: fairlua.X reads the global X (installing it on first use),
        // and once every module is in, the fields are plain (a sandbox copy then holds its own modules).
        var names = ""                            // a loop, not map/joined: no generic metadata at start-up
        for (name, _) in modules { names += name + " = true, " }
        try state.run("""
            local names, G = {\(names)}, _G
            setmetatable(fairlua, {__index = function(t, k) if names[k] then local v = G[k] rawset(t, k, v) return v end end})
            package.loaded.fairlua = fairlua
            """, chunkName: "=fairlua")
        state.whenEveryModuleIsInstalled = { L in
            // Raw reads and writes only: a script may have replaced globals or metatables by now.
            lua_rawgeti(L, ls_registryindex(), lua_Integer(LUA_RIDX_GLOBALS))
            lua_pushstring(L, "fairlua")
            guard lua_rawget(L, -2) == LUA_TTABLE else { return ls_pop(L, 2) }
            for (name, _) in modules {
                lua_pushstring(L, name)
                lua_pushstring(L, name)
                lua_rawget(L, -4)
                lua_rawset(L, -3)
            }
            ls_pop(L, 2)
        }
    }

    /// The seed given with `--seed` (or `seed()`), for the provenance of reports.
    nonisolated(unsafe) static var seedUsed: Int?

    /// Seeds every generator: tensors (PCG32) and Lua's math.random.
    public static func seed(_ state: LuaState, _ seed: Int) throws {
        seedUsed = seed
        Tensor.seed(UInt64(truncatingIfNeeded: seed))
        try state.run("math.randomseed(\(seed))", chunkName: "=seed")
    }

    /// A state with the API installed and, when given, plugins loaded from `pluginDirectories`.
    public static func makeState(pluginDirectories: [String] = []) throws -> LuaState {
        let state = LuaState()
        try install(into: state)
        try state.loadPlugins(from: pluginDirectories)
        return state
    }
}

extension LuaCall {
    /// Pushes `object` boxed with `cls`'s metatable and returns 1 (one result).
    func push<T>(_ object: T, _ cls: LuaClass<T>) -> Int32 {
        stack.pushObject(object, metatable: cls.metatableName)
        return 1
    }
}

/// The library's progress reports drawn as the host's bars.
extension Progress: ProgressHook.Display {}
