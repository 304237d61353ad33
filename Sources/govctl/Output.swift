import ArgumentParser
import Foundation
import SwiftProtobuf

/// `--format table|json` for read commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

struct FormatOption: ParsableArguments {
    @Option(name: .long, help: "Output format: table (for people) or json (proto3 JSON mapping, for scripts).")
    var format: OutputFormat = .table
}

enum Output {
    /// The proto3 JSON mapping of `message`, with the field names of Protos/ (`rows_stored`).
    static func json(_ message: some SwiftProtobuf.Message) throws -> String {
        var options = JSONEncodingOptions()
        options.preserveProtoFieldNames = true
        options.useDeterministicOrdering = true
        return try message.jsonString(options: options)
    }

    static func printJSON(_ message: some SwiftProtobuf.Message) throws {
        print(try json(message))
    }

    /// Like ``printJSON(_:)``, but every key of `defaults` is present: proto3 JSON leaves out
    /// fields holding their default value (`"capped": false`, `"credit": 0`, an empty list), and
    /// some replies promise those names to scripts. `each` fills the objects of a list field the same way.
    static func printJSON(
        _ message: some SwiftProtobuf.Message, defaults: [String: Any], each: [String: [String: Any]] = [:]
    ) throws {
        guard var object = try JSONSerialization.jsonObject(with: Data(json(message).utf8)) as? [String: Any] else {
            return try printJSON(message)
        }
        for (key, value) in defaults where object[key] == nil { object[key] = value }
        for (key, itemDefaults) in each {
            guard let items = object[key] as? [[String: Any]] else { continue }
            object[key] = items.map { item in
                item.merging(itemDefaults) { present, _ in present }
            }
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        print(String(decoding: data, as: UTF8.self))
    }

    /// A plain aligned table.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                i == cells.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        var lines = [line(header), line(widths.map { String(repeating: "-", count: $0) })]
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }

    static func printTable(_ header: [String], _ rows: [[String]]) {
        print(table(header, rows))
    }

    static func number(_ value: Double, digits: Int = 2) -> String {
        String(format: "%.\(digits)f", value)
    }

    static func grouped(_ value: Int64) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.groupingSeparator = ","
        return formatter.string(from: NSNumber(value: value)) ?? String(value)
    }

    /// Writes to standard error.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
