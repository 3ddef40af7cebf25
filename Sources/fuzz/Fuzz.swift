// fuzz: every parser that reads outside data, as a libFuzzer target and as a replay tool.
//
// Built for fuzzing (Assets/Scripts/fuzz.sh): `-sanitize=fuzzer,address -DFUZZING`; libFuzzer then
// calls `LLVMFuzzerTestOneInput` with mutated inputs, and the parser is chosen by LIFELONG_FUZZ_TARGET.
// Built normally, `fuzz <target> FILE…` runs the same parser on saved inputs (crash reproducers).
// An error thrown is a correct answer to a bad input; only a trap, a leak or a hang is a finding.
import Datasets
import Foundation
import Grading
import NN

/// The parsers, by name.
enum FuzzTarget: String, CaseIterable {
    case idx, safetensors, results, rubric

    /// Runs one input through the parser; returns normally whatever the input.
    func run(_ data: Data) {
        switch self {
        case .idx: _ = try? IDXArray.decode(data, path: "input")            // raw or gzip: both paths
        case .safetensors: _ = try? Safetensors.decode(data)
        case .results:
            guard let value = try? JSONValue.parse(data) else { return }
            _ = FuzzTarget.schema?.problems(in: value)
        case .rubric: _ = try? Rubric.decode(data, path: "input.json")
        }
    }

    /// The published results schema (read once), when the fuzzer runs from the package folder.
    static let schema: JSONSchema? = {
        let url = URL(fileURLWithPath: "Assets/Schema/results.schema.json")
        return (try? Data(contentsOf: url)).flatMap { try? JSONSchema($0, name: "results.schema.json") }
    }()
}

#if FUZZING
let fuzzTarget = FuzzTarget(rawValue: ProcessInfo.processInfo.environment["LIFELONG_FUZZ_TARGET"] ?? "") ?? {
    fatalError("set LIFELONG_FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))")
}()

/// libFuzzer's driver (SwiftPM names the executable's entry point itself, so we start libFuzzer from it).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@main
struct FuzzDriver {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        _ = fuzzTarget
        exit(LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in
            fuzzTarget.run(count == 0 ? Data() : Data(bytes: bytes!, count: count))
            return 0
        })
    }
}
#else
@main
struct Replay {
    static func main() throws {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            print("usage: fuzz <\(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|"))> FILE…   (replays saved inputs through a parser)")
            return
        }
        for path in arguments.dropFirst() {
            target.run(try Data(contentsOf: URL(fileURLWithPath: path)))
            print("\(path): handled")
        }
    }
}
#endif
