import Foundation
import FuzzHarnesses
import Testing

/// One input of the committed fuzz corpus (`Tests/FuzzCorpus/<harness>/**`, seeds, inputs the
/// fuzzer found interesting and `crashes/`).
struct CorpusFile: Sendable, CustomTestStringConvertible {
    /// `csv`, `manifest` or `request`.
    var harness: String
    /// The path below `Tests/FuzzCorpus`.
    var relativePath: String
    var url: URL

    var testDescription: String { relativePath }
}

enum FuzzCorpus {
    static let harnesses = ["csv", "manifest", "request"]

    /// `Tests/FuzzCorpus`, found from this file so the test needs no resources.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // FuzzReplayTests.swift
        .deletingLastPathComponent()  // FuzzReplayTests/
        .appendingPathComponent("FuzzCorpus", isDirectory: true)

    /// Every regular file under `Tests/FuzzCorpus/<harness>/`, recursively (so `crashes/` too),
    /// except dot files; sorted for a stable order.
    static func files(_ harness: String) -> [CorpusFile] {
        let directory = root.appendingPathComponent(harness, isDirectory: true)
        guard
            let enumerator = FileManager.default.enumerator(
                at: directory, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { return [] }
        var files: [CorpusFile] = []
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            files.append(CorpusFile(harness: harness, relativePath: relative, url: url))
        }
        return files.sorted { $0.relativePath < $1.relativePath }
    }

    static var all: [CorpusFile] { harnesses.flatMap(files) }
}

/// Replays the committed fuzz corpus, reproducers of past crashes included, through the
/// harnesses the libFuzzer targets use (`Ops/fuzz.sh`). A harness that traps takes the test
/// process down: CI fails loudly (`--verbose` names each case as it starts). A `timeout-*`
/// reproducer fails the test while it still runs longer than ``timeoutBudget``.
@Suite("Fuzz corpus replay")
struct FuzzReplayTests {
    @Test("every harness has a corpus", arguments: FuzzCorpus.harnesses)
    func corpusIsNotEmpty(harness: String) {
        let files = FuzzCorpus.files(harness)
        #expect(!files.isEmpty, "Tests/FuzzCorpus/\(harness)/ holds no inputs (looked in \(FuzzCorpus.root.path))")
        // Seeds, not just crashes: at least a few inputs outside crashes/.
        #expect(files.filter { !$0.relativePath.contains("/crashes/") }.count >= 3)
    }

    /// How long a `timeout-*` reproducer may take. libFuzzer flags an input after `-timeout=10`
    /// seconds of an ASan build; in a debug test build such an input is still seconds of work,
    /// while every other input of the corpus takes milliseconds.
    static let timeoutBudget: Duration = .seconds(2)

    @Test("replaying a corpus input does not crash", arguments: FuzzCorpus.all)
    func replay(_ file: CorpusFile) throws {
        let bytes = try [UInt8](Data(contentsOf: file.url))
        let elapsed = ContinuousClock().measure {
            switch file.harness {
            case "csv": fuzzCSV(bytes)
            case "manifest": fuzzManifest(bytes)
            case "request": fuzzRequest(bytes)
            default: Issue.record("unknown harness \(file.harness)")
            }
        }
        if file.url.lastPathComponent.hasPrefix("timeout-") || file.url.lastPathComponent.hasPrefix("slow-unit-") {
            #expect(
                elapsed < Self.timeoutBudget,
                "\(file.relativePath) still takes \(elapsed) (budget \(Self.timeoutBudget)): the slow input reproduces")
        }
    }
}
