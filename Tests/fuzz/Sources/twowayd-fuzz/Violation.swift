/// Stops the run with the property that failed; libFuzzer keeps the input.
func violated(_ property: String, _ details: @autoclosure () -> String) -> Never {
    fatalError("property violated: \(property): \(details())")
}
