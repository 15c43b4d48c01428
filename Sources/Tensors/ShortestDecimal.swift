extension Float {
    /// The Double nearest the Float's shortest round-trip decimal (0.7f gives 0.7, not 0.7000000476837158):
    /// what a Float32 value means to a person, and it converts back to the same Float.
    public var shortestDouble: Double { Double(description) ?? Double(self) }
}
