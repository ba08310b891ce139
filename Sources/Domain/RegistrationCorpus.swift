import Foundation

/// The labelled corpus: one registration per line, compared for copies within its unit. It lives beside the check
/// (pure, no Vapor) so the check can be measured and tuned without building the server.
public enum RegistrationCorpus {
    public struct Row: Sendable {
        public var id, split, unit, occupation, position, duties, action, result, deadline: String
        public var expected: Set<RegistrationCheck.Flag.Code>
        public init(id: String, split: String, unit: String, occupation: String, position: String, duties: String, action: String,
                    result: String, deadline: String, expected: Set<RegistrationCheck.Flag.Code>) {
            self.id = id
            self.split = split
            self.unit = unit
            self.occupation = occupation
            self.position = position
            self.duties = duties
            self.action = action
            self.result = result
            self.deadline = deadline
            self.expected = expected
        }
    }

    public struct Outcome: Sendable {
        public let row: Row
        public let expected: Set<RegistrationCheck.Flag.Code>
        public let found: Set<RegistrationCheck.Flag.Code>
        /// How long the check took on this row: the issue asks for under 5 ms an action.
        public let duration: Duration
    }

    public static func parse(_ text: String) -> [Row] {
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard !lines.isEmpty else { return [] }
        let header = lines.removeFirst().split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
        return lines.compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            func v(_ name: String) -> String { column(name).flatMap { $0 < f.count ? f[$0] : nil } ?? "" }
            guard !v("id").isEmpty else { return nil }
            let expected = Set(v("expected").split(separator: ",").compactMap { RegistrationCheck.Flag.Code(rawValue: $0.trimmingCharacters(in: .whitespaces)) })
            return Row(id: v("id"), split: v("split"), unit: v("unit"), occupation: v("occupation"), position: v("position"), duties: v("duties"),
                       action: v("action"), result: v("result"), deadline: v("deadline"), expected: expected)
        }
    }

    public static func evaluate(_ rows: [Row], vocabulary: RegistrationVocabulary = .seed) -> [Outcome] {
        let byUnit = Dictionary(grouping: rows, by: \.unit)
        let clock = ContinuousClock()
        return rows.map { row in
            let others = (byUnit[row.unit] ?? []).filter { $0.id != row.id }.map { RegistrationCheck.Other(who: $0.id, action: $0.action) }
            var flags: [RegistrationCheck.Flag] = []
            let duration = clock.measure {
                flags = RegistrationCheck.flags(.init(action: row.action, result: row.result, deadline: row.deadline),
                                                context: .init(duties: [row.duties], position: row.position, occupation: row.occupation),
                                                others: others, vocabulary: vocabulary)
            }
            return Outcome(row: row, expected: row.expected, found: Set(flags.map(\.code)), duration: duration)
        }
    }

    public struct Score: Sendable {
        public let truePositives, falsePositives, falseNegatives: Int
        public let precision, recall: Double?
    }

    public static func score(_ outcomes: [Outcome], _ code: RegistrationCheck.Flag.Code) -> Score {
        let tp = outcomes.filter { $0.expected.contains(code) && $0.found.contains(code) }.count
        let fp = outcomes.filter { !$0.expected.contains(code) && $0.found.contains(code) }.count
        let fn = outcomes.filter { $0.expected.contains(code) && !$0.found.contains(code) }.count
        return Score(truePositives: tp, falsePositives: fp, falseNegatives: fn,
                     precision: tp + fp == 0 ? nil : Double(tp) / Double(tp + fp), recall: tp + fn == 0 ? nil : Double(tp) / Double(tp + fn))
    }

    /// Mean time of the check per action, in milliseconds.
    public static func meanMilliseconds(_ outcomes: [Outcome]) -> Double {
        guard !outcomes.isEmpty else { return 0 }
        let total = outcomes.reduce(Duration.zero) { $0 + $1.duration }
        let (seconds, attoseconds) = total.components
        return (Double(seconds) * 1000 + Double(attoseconds) / 1e15) / Double(outcomes.count)
    }
}
