import Datasets
import Explain
import LuaHost
import Reports

/// `explain.permutation_importance` and `explain.disparity_attribution` on image folders: occlusion of image regions.
enum OcclusionBindings {
    /// `explain.permutation_importance(net, folder, {patch=, fill=})`: the drop in accuracy, by group and in the gap,
    /// as each region of the images is occluded.
    static func importance(_ call: LuaCall) throws -> Int32 {
        let net = try call.object(1, LayerObject.self, expected: "nn.Sequential (image folders need a network)").network
        let folder = try call.object(2, ImageFolder.self, expected: "ImageFolderDataset")
        let o = try call.options(3, allowed: ["patch", "fill"])
        let fill: [Float]? = try o.value("fill").map { v in
            if let d = v.doubleValue { return [Float(d)] }
            guard case let .array(items) = v, !items.isEmpty, items.allSatisfy({ $0.doubleValue != nil }) else {
                throw call.argumentError(3, "option 'fill': a number or one number per channel expected")
            }
            return items.compactMap(\.doubleValue).map(Float.init)
        }
        let result = try OcclusionImportance(network: net, folder: folder, patch: try o.integer("patch"), fill: fill)
        return call.push(Boxed(result), occlusionClass)
    }

    static let occlusionClass: LuaClass<Boxed<OcclusionImportance>> = {
        ResultClass.of(OcclusionImportance.self, "Occlusion", "Occlusion importance of image regions: accuracy drops overall, by group and in the gap.",
                       json: "The grid, baseline accuracies and every drop as JSON.")
            .method("drops", "group: string?", returns: "table", "The drop per region as grid rows: in the gap, or in `group`'s accuracy.") { o, call in
                call.returns(LuaValue(try o.value.drops(group: call.isNone(2) ? nil : try call.string(2))))
            }
            .chart("The gap drop and each group's accuracy drop as heat maps over the image") { $0.value.chart }
    }()
}

extension Boxed: HTMLRenderable where Value: HTMLRenderable {
    /// The value's HTML form in a notebook.
    public var htmlFragment: String { value.htmlFragment }
}
