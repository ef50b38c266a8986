extension Duration {
    /// The duration in seconds, with the fraction, for `Date` arithmetic.
    public var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
