import Datasets
import LuaHost
import Tensors

/// The `DataLoader` class: seeded mini-batches.
extension DataBindings {
    static let loaderClass: LuaClass<DataLoader> = {
        LuaClass<DataLoader>("DataLoader", "Seeded mini-batches of a dataset.")
            .metamethod("__tostring") { call in
                let l = try call.object(1, DataLoader.self, expected: "DataLoader")
                return call.returns("DataLoader(\(l.count) batches of up to \(l.batchSize) rows)")
            }
            .metamethod("__len") { call in call.returns(try call.object(1, DataLoader.self, expected: "DataLoader").count) }
            .method("batches", "", returns: "function",
                    "An iterator over one epoch: x (features), y (0/1 labels), a (1-based group codes, 0 missing), w (weights).") { loader, call in
                var remaining = loader.epoch()[...]
                call.stack.pushFunction("batches iterator") { inner in
                    guard let rows = remaining.popFirst() else { return 0 }
                    let batch = try loader.batch(rows)
                    TensorBindings.push(batch.features, inner)
                    TensorBindings.push(batch.labels, inner)
                    TensorBindings.push(Tensor(batch.groups.map { Float($0 + 1) }), inner)
                    TensorBindings.push(batch.weights, inner)
                    return 4
                }
                return 1
            }
    }()
}
