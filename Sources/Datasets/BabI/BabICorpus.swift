import FileIO
import Foundation

/// One of the twenty bAbI tasks: its number (1…20), its name and its questions.
public struct BabITask: Sendable {
    public let number: Int
    public let name: String
    public var train: [BabIQuestion]
    public var test: [BabIQuestion]

    public init(number: Int, name: String, train: [BabIQuestion], test: [BabIQuestion]) {
        (self.number, self.name, self.train, self.test) = (number, name, train, test)
    }
}

/// The bAbI corpus on disk (Weston et al. 2015, "Towards AI-complete question answering"), as
/// released in `tasks_1-20_v1-2.tar.gz`: `qa{N}_{name}_{train,test}.txt` in `en/` (1,000
/// questions a task and split) or `en-10k/` (10,000).
public enum BabI {
    /// The tasks' names, as in the released file names (task N is `names[N − 1]`).
    public static let names = [
        "single-supporting-fact", "two-supporting-facts", "three-supporting-facts", "two-arg-relations",
        "three-arg-relations", "yes-no-questions", "counting", "lists-sets", "simple-negation",
        "indefinite-knowledge", "basic-coreference", "conjunction", "compound-coreference", "time-reasoning",
        "basic-deduction", "basic-induction", "positional-reasoning", "size-reasoning", "path-finding",
        "agents-motivations",
    ]

    /// Which release: 1,000 questions a task (`en`, the default) or 10,000 (`en-10k`).
    public enum Size: String, Sendable, CaseIterable {
        case oneThousand = "en", tenThousand = "en-10k"
    }

    /// The released archive: its name, size and SHA-256.
    public static let archive = (name: "tasks_1-20_v1-2.tar.gz", bytes: 15_719_851,
                                 sha256: "0364ebde659f14d11bc21744516c5ec49d3d06cb692733f66680771244998898")

    /// The file of task `number`'s `split` ("train" or "test").
    public static func fileName(task number: Int, split: String) -> String { "qa\(number)_\(names[number - 1])_\(split).txt" }

    /// The folder under `root` holding the `size` release: `root/SIZE`, `root/tasks_1-20_v1-2/SIZE`
    /// or `root/babi/tasks_1-20_v1-2/SIZE` (a `--data` folder may be any of the three levels);
    /// nil when none holds task 1's training file.
    public static func folder(in root: URL, size: Size = .oneThousand) -> URL? {
        let candidates = [root, root.appendingPathComponent("tasks_1-20_v1-2"), root.appendingPathComponent("babi/tasks_1-20_v1-2")]
            .map { $0.appendingPathComponent(size.rawValue, isDirectory: true) }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent(fileName(task: 1, split: "train")).path) }
    }

    /// Reads `tasks` (numbers 1…20) from `folder`, train and test.
    /// - Throws: `DataFileError` for a missing file (saying how to get it) or, with file and line,
    ///   the first problem in a file's text.
    public static func load(from folder: URL, tasks numbers: [Int] = Array(1...20)) throws -> (tasks: [BabITask], identity: DatasetIdentity) {
        var digests: [String] = [], tasks: [BabITask] = [], questions = 0
        for number in numbers {
            precondition((1...20).contains(number), "bAbI has tasks 1…20, not \(number)")
            func read(_ split: String) throws -> [BabIQuestion] {
                let url = folder.appendingPathComponent(fileName(task: number, split: split))
                guard let data = FileManager.default.contents(atPath: url.path) else {
                    throw DataFileError(path: url.path, problem: "is missing (run `lifelong download babi`, or point --data at the folder holding en/)")
                }
                digests.append(SHA256.hex(data))
                return try BabIText.parse(data, file: url.path)
            }
            let task = BabITask(number: number, name: names[number - 1], train: try read("train"), test: try read("test"))
            questions += task.train.count + task.test.count
            tasks.append(task)
        }
        let identity = DatasetIdentity(name: "bAbI (\(folder.lastPathComponent))", source: folder.path,
                                       checksum: "sha256 of the \(digests.count) files' sha256s: " + SHA256.hex(Data(digests.joined(separator: "\n").utf8)),
                                       size: questions)
        return (tasks, identity)
    }
}
