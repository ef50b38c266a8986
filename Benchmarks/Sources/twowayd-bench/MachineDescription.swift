import Foundation
import LoadKit

/// Where the numbers came from: cores, CPU model, memory, kernel, date.
enum MachineDescription {
    static var text: String {
        let cpuinfo = ProcFile.read("/proc/cpuinfo") ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "?" } ?? "?"
        let memory = (ProcFile.read("/proc/meminfo") ?? "").split(separator: "\n").first { $0.hasPrefix("MemTotal") }
            .map { $0.split(separator: " ").dropFirst().first.map { "\((Int($0) ?? 0) / 1_048_576) GiB" } ?? "?" } ?? "?"
        let kernel = (ProcFile.read("/proc/sys/kernel/osrelease") ?? "?").trimmingCharacters(in: .whitespacesAndNewlines)
        let date = ISO8601DateFormatter().string(from: Date())
        return "machine: nproc \(ProcessInfo.processInfo.activeProcessorCount), \(model), \(memory), Linux \(kernel), \(date)"
    }
}
