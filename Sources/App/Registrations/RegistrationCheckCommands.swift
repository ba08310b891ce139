import Domain
import Foundation
import Vapor

/// `noiguong check-registration --duties "TEXT"`: reads one action from standard input and prints
/// `{"flags":[{"code":…,"message":…}]}`, exit code 0 whatever it finds (a flag warns, it never blocks).
struct CheckRegistrationCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "duties", help: "Nhiệm vụ được giao của đoàn viên") var duties: String?
        @Option(name: "position", help: "Chức vụ (không bắt buộc)") var position: String?
        @Option(name: "result", help: "Kết quả đo được (không bắt buộc)") var result: String?
        @Option(name: "deadline", help: "Thời hạn (không bắt buộc)") var deadline: String?
    }

    var help: String { "Kiểm tra một việc đăng ký (đọc từ đầu vào chuẩn): check-registration --duties \"NHIỆM VỤ\"" }

    func run(using context: CommandContext, signature: Signature) async throws {
        var lines: [String] = []
        while let line = readLine(strippingNewline: true) { lines.append(line) }
        let action = lines.joined(separator: " ")
        let flags = RegistrationCheck.flags(.init(action: action, result: signature.result ?? "", deadline: signature.deadline ?? ""),
                                            context: .init(duties: [signature.duties ?? ""], position: signature.position ?? ""))
        struct Output: Encodable { let flags: [RegistrationCheck.Flag] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        print(String(decoding: try encoder.encode(Output(flags: flags)), as: UTF8.self))
    }
}

/// `noiguong evaluate-registrations --corpus corpus/registrations.tsv`: the check's precision and recall for each
/// flag on the labelled corpus, the held-out part (never tuned on) apart from the rest.
struct EvaluateRegistrationsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "corpus", help: "Tệp TSV có nhãn (mặc định corpus/registrations.tsv)") var corpus: String?
        @Flag(name: "show-errors", help: "In các dòng bị gắn cờ sai") var showErrors: Bool
    }

    var help: String { "Đo độ chính xác của bộ kiểm tra đăng ký trên tập mẫu có nhãn" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let path = signature.corpus ?? "corpus/registrations.tsv"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw CLIError("Không đọc được \(path).") }
        let rows = RegistrationCorpus.parse(text)
        guard !rows.isEmpty else { throw CLIError("\(path) không có dòng nào.") }
        let results = RegistrationCorpus.evaluate(rows)
        for split in ["holdout", "tune", "tất cả"] {
            let part = results.filter { split == "tất cả" || $0.row.split == split }
            guard !part.isEmpty else { continue }
            print("\(split): \(part.count) dòng")
            for code in RegistrationCheck.Flag.Code.allCases {
                let s = RegistrationCorpus.score(part, code)
                print("  \(code.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) precision \(format(s.precision))  recall \(format(s.recall))"
                      + "  (đúng \(s.truePositives), thừa \(s.falsePositives), sót \(s.falseNegatives))")
            }
        }
        if signature.showErrors {
            for r in results where r.expected != r.found {
                print("\(r.row.id) [\(r.row.split)] mong đợi \(r.expected.map(\.rawValue).sorted()) · thấy \(r.found.map(\.rawValue).sorted()): \(r.row.action) | \(r.row.duties)")
            }
        }
    }

    private func format(_ x: Double?) -> String { x.map { VNFormat.decimal($0, digits: 2) } ?? "—" }
}

/// The labelled corpus: one registration per line, compared for copies within its unit.
enum RegistrationCorpus {
    struct Row: Sendable {
        var id, split, unit, occupation, position, duties, action, result, deadline: String
        var expected: Set<RegistrationCheck.Flag.Code>
    }

    struct Outcome: Sendable {
        let row: Row
        let expected: Set<RegistrationCheck.Flag.Code>
        let found: Set<RegistrationCheck.Flag.Code>
    }

    static func parse(_ text: String) -> [Row] {
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

    static func evaluate(_ rows: [Row], vocabulary: RegistrationVocabulary = .seed) -> [Outcome] {
        let byUnit = Dictionary(grouping: rows, by: \.unit)
        return rows.map { row in
            let others = (byUnit[row.unit] ?? []).filter { $0.id != row.id }.map { RegistrationCheck.Other(who: $0.id, action: $0.action) }
            let flags = RegistrationCheck.flags(.init(action: row.action, result: row.result, deadline: row.deadline),
                                                context: .init(duties: [row.duties], position: row.position, occupation: row.occupation),
                                                others: others, vocabulary: vocabulary)
            return Outcome(row: row, expected: row.expected, found: Set(flags.map(\.code)))
        }
    }

    struct Score { let truePositives, falsePositives, falseNegatives: Int; let precision, recall: Double? }

    static func score(_ outcomes: [Outcome], _ code: RegistrationCheck.Flag.Code) -> Score {
        let tp = outcomes.filter { $0.expected.contains(code) && $0.found.contains(code) }.count
        let fp = outcomes.filter { !$0.expected.contains(code) && $0.found.contains(code) }.count
        let fn = outcomes.filter { $0.expected.contains(code) && !$0.found.contains(code) }.count
        return Score(truePositives: tp, falsePositives: fp, falseNegatives: fn,
                     precision: tp + fp == 0 ? nil : Double(tp) / Double(tp + fp), recall: tp + fn == 0 ? nil : Double(tp) / Double(tp + fn))
    }
}
