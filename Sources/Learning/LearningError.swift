/// Errors building or training models, each naming the layer, the shapes or the option involved.
public enum LearningError: Error, CustomStringConvertible, Equatable {
    /// A tensor whose shape does not fit a layer.
    case shape(layer: String, expected: String, got: [Int])
    /// Training produced a NaN or infinite loss.
    case divergence(epoch: Int, batch: Int)
    /// Any other invalid request.
    case invalid(String)

    public var description: String {
        switch self {
        case let .shape(layer, expected, got):
            return "\(layer): expected input of shape \(expected), got (\(got.map(String.init).joined(separator: ", ")))"
        case let .divergence(epoch, batch):
            return "the loss became NaN at epoch \(epoch), batch \(batch): lower the learning rate or scale the features"
        case let .invalid(message): return message
        }
    }
}
