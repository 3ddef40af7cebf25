// swift-tools-version:6.0
// LifeLong: a notebook-style course on lifelong (continual) learning, after Hung-yi Lee's
// "Life Long Learning" lecture (ML 2021). See README.md.
import PackageDescription

/// C kernels are always compiled optimised: a debug `swift test` would otherwise run GEMM at -O0.
let kernelFlags: [CSetting] = [.unsafeFlags(["-O3", "-ffp-contract=fast-honor-pragmas", "-fno-math-errno"])]

/// One executable target per lesson, `Lessons/<name>/main.swift`, in teaching order.
let lessons = ["forgetting", "curriculum", "evaluation", "error-surface", "plasticity", "gem", "replay", "allocation", "babi", "new-classes", "taskonomy"]

/// Compiled without the optimiser: code whose run time is a rounding error beside training, where
/// the optimiser was most of the compile time.
/// - Test code: what it exercises is built as below, its own code is light to run (ContinualTests
///   27 s → 18 s to compile, DatasetsTests 20 s → 10 s). Not AutogradTests: its naive reference
///   products run in the test code (0.35 s → 6 s at -Onone).
/// - The lessons' texts and figure descriptions, the lessons' support, reports, option parsing, the
///   `lifelong` tool, the built-in bAbI generator: the optimiser was ~80% of their compile time
///   (BabIWorld 17 s → 2 s, each lesson-support half 19 s → 4–5 s, a lesson 4.6 s → 0.9 s), and
///   `perf` on a whole course run finds 0.00% of its samples in them.
/// What computes stays optimised: the engine, the data, the continual-learning methods, LessonCore
/// (the importance maps sort ~10⁵ numbers, plasticity ran 2× slower without; `TwoParameterTask` is
/// a data set in the loop), the plots and their PNG encoder, grading (a class of 100 in 7 s, 16 s
/// without) and `bench`.
let unoptimised: [SwiftSetting] = [.unsafeFlags(["-Onone"])]

/// What each half of the lessons' support imports. Not the argument parser: the lessons' options
/// are in LessonKit, so the support compiles while swift-argument-parser does (it takes ~40 s, and
/// SwiftPM starts it late).
let lessonSupport: [Target.Dependency] = ["LessonCore", "Autograd", "NN", "Datasets", "BabIWorld", "Continual", "Plot", "Report"]

let package = Package(
    name: "LifeLong",
    products: [
        .executable(name: "lifelong", targets: ["lifelong"]),
        .library(name: "LifeLong", targets: ["Autograd", "NN", "FileIO", "Datasets", "BabIWorld", "Continual", "Plot", "PlotCairo", "Report", "Grading",
                                              "LessonCore", "LessonsPart1", "LessonsPart2", "LessonKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // MARK: Engine
        .target(name: "CKernels", cSettings: kernelFlags),
        .target(name: "Autograd", dependencies: ["CKernels"]),
        .target(name: "FileIO"),
        .target(name: "NN", dependencies: ["Autograd", "CKernels", "FileIO"]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "Datasets", dependencies: ["Autograd", "FileIO", "CZlib"]),
        // The built-in bAbI tasks (a small world simulator and its answer checker): apart from the
        // readers in Datasets so that the training engine does not wait for them to compile.
        .target(name: "BabIWorld", dependencies: ["Autograd", "Datasets"], swiftSettings: unoptimised),
        .target(name: "Continual", dependencies: ["Autograd", "CKernels", "NN", "Datasets"], exclude: ["README.md"]),
        .target(name: "Plot"),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .target(name: "PlotCairo", dependencies: ["Plot", "CCairo", "CZlib", "FileIO"]),
        .target(name: "Report", dependencies: ["Plot", "PlotCairo", "FileIO"], swiftSettings: unoptimised),
        .target(name: "Grading", dependencies: ["FileIO", "Report", .product(name: "CSV", package: "CSV.swift")]),
        // What lessons import: `LessonKit` re-exports the lesson template (LessonCore) and the support
        // of lessons 1–6 (forgetting … gem: LessonsPart1) and 7–11 (replay … taskonomy: LessonsPart2),
        // and holds the lessons' command-line options. One module would compile for ~45 s on one core
        // while the other waits; the two halves compile side by side, and beside the argument parser.
        .target(name: "LessonCore", dependencies: ["Autograd", "NN", "FileIO", "Datasets", "Continual", "Plot", "PlotCairo", "Report"]),
        .target(name: "LessonsPart1", dependencies: lessonSupport, swiftSettings: unoptimised),
        .target(name: "LessonsPart2", dependencies: lessonSupport, swiftSettings: unoptimised),
        .target(name: "LessonKit", dependencies: ["LessonCore", "LessonsPart1", "LessonsPart2",
                                                  .product(name: "ArgumentParser", package: "swift-argument-parser")], swiftSettings: unoptimised),

        // MARK: Tools
        .executableTarget(
            name: "lifelong",
            dependencies: ["LessonKit", "Datasets", "PlotCairo", "Report", "Grading", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: unoptimised),
        .executableTarget(
            name: "bench",
            dependencies: ["Autograd", "NN", "CKernels", "Datasets", "Continual", "LessonKit",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            exclude: ["peer", "ab", "compare.sh", "kernels-ab.sh"]),
        .executableTarget(name: "fuzz", dependencies: ["Datasets", "NN", "Grading"]),

        // MARK: Lessons
    ] + lessons.map { .executableTarget(name: $0, dependencies: ["LessonKit"], path: "Lessons/\($0)", swiftSettings: unoptimised) } + [

        // MARK: Tests
        .target(name: "TestSupport", dependencies: ["Autograd", "Plot"], path: "Tests/TestSupport"),
        .testTarget(name: "AutogradTests", dependencies: ["Autograd", "CKernels", "TestSupport"]),
        .testTarget(name: "NNTests", dependencies: ["NN", "TestSupport"], swiftSettings: unoptimised),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "BabIWorld", "FileIO", "NN", "LessonKit", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")], swiftSettings: unoptimised),
        .testTarget(name: "ContinualTests", dependencies: ["Continual", "NN", "Autograd", "CKernels", .product(name: "PropertyBased", package: "swift-property-based")], swiftSettings: unoptimised),
        .testTarget(name: "PlotTests", dependencies: ["Plot", "PlotCairo", "CCairo", "Report", "TestSupport"], swiftSettings: unoptimised),
        .testTarget(name: "GradingTests", dependencies: ["Grading", "LessonKit", .product(name: "PropertyBased", package: "swift-property-based")], swiftSettings: unoptimised),
        .testTarget(name: "CLITests", dependencies: ["lifelong", "LessonKit", "TestSupport"] + lessons.map { .target(name: $0) }, swiftSettings: unoptimised),
        .testTarget(name: "LessonTests", dependencies: ["LessonKit", "TestSupport"] + lessons.map { .target(name: $0) }, swiftSettings: unoptimised),
    ]
)
