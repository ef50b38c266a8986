import Foundation

/// The libFuzzer entry points. `TWOWAYD_FUZZ_TARGET` picks what the inputs go to: `form`,
/// `phone`, `control`, `config`, `csv`, `routes` or `http`; unset, the first byte of each input picks.
///
/// A target reports a broken property with `fatalError`, which libFuzzer records as a crash
/// together with the input (`crash-<sha1>` in the working directory).
enum FuzzTarget: String, CaseIterable {
    case form, phone, control, config, csv, routes, http

    static let selected: FuzzTarget? = ProcessInfo.processInfo.environment["TWOWAYD_FUZZ_TARGET"].flatMap(FuzzTarget.init)

    func run(_ bytes: [UInt8]) {
        switch self {
        case .form: FormFuzzing.run(bytes)
        case .phone: PhoneFuzzing.run(bytes)
        case .control: ControlFuzzing.run(bytes)
        case .config: ConfigFuzzing.run(bytes)
        case .csv: DirectoryCSVFuzzing.run(bytes)
        case .routes: RoutesFuzzing.run(bytes)
        case .http: HTTPFramingFuzzing.run(bytes)
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let target = FuzzTarget.selected {
        target.run(bytes)
    } else if let first = bytes.first {
        FuzzTarget.allCases[Int(first) % FuzzTarget.allCases.count].run(Array(bytes.dropFirst()))
    }
    return 0
}

/// libFuzzer's driver, which runs the fuzzing loop and parses its `-flag=value` arguments.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The program's `main`: SwiftPM links an executable's entry point under this name, so it
/// hands control to libFuzzer's driver instead of libFuzzer's own `main`.
@_cdecl("twowayd_fuzz_main")
public func twowaydFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var vector = argv
    return LLVMFuzzerRunDriver(&count, &vector, fuzzOneInput)
}
