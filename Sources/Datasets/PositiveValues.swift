/// Which written values of a label or decision column mean the positive class, read as `data.csv` reads
/// a label: a number by its value (`1`, `1.0`, `1e0` and `+1` are all 1), text exactly as written.
public struct PositiveValues: Sendable {
    /// The positive values that are numbers.
    let numbers: Set<Double>
    /// The positive values that are text, as UTF-8.
    let texts: [[UInt8]]
    /// The values as given, for messages.
    public let written: [String]

    /// The positive values `values`, each a number or a text.
    public init(_ values: [String]) {
        var numbers = Set<Double>(), texts: [[UInt8]] = []
        for value in values {
            let bytes = Array(value.utf8)
            if let d = bytes.withUnsafeBufferPointer(NumberParser.parse) { numbers.insert(d) } else { texts.append(bytes) }
        }
        self.numbers = numbers
        self.texts = texts
        written = values
    }

    /// The default for decisions: 1 for numeric ones, and the label's positive values that are text.
    public var forDecisions: PositiveValues {
        PositiveValues(["1"] + written.filter { Array($0.utf8).withUnsafeBufferPointer(NumberParser.parse) == nil })
    }

    /// The field `bytes` (already trimmed): its number when it is one, and whether it is positive.
    public func classify(_ bytes: UnsafeBufferPointer<UInt8>) -> (number: Double?, positive: Bool) {
        if let d = NumberParser.parse(bytes) { return (d, numbers.contains(d)) }
        return (nil, texts.contains { $0.elementsEqual(bytes) })
    }
}
