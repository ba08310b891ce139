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
        @Option(name: "occupation", help: "Nghề, vị trí việc làm (không bắt buộc)") var occupation: String?
        @Flag(name: "explain", help: "In ra luồng lỗi chuẩn các dữ kiện bộ kiểm tra đã đọc (lĩnh vực, từ chung…)") var explain: Bool
        @Option(name: "vocabulary", help: "Tệp JSON từ ngữ bổ sung, thêm vào bộ từ ngữ có sẵn (không bắt buộc)") var vocabulary: String?
    }

    var help: String { "Kiểm tra một việc đăng ký (đọc từ đầu vào chuẩn): check-registration --duties \"NHIỆM VỤ\"" }

    func run(using context: CommandContext, signature: Signature) async throws {
        var lines: [String] = []
        while let line = readLine(strippingNewline: true) { lines.append(line) }
        let action = lines.joined(separator: " ")
        let registration = RegistrationCheck.Registration(action: action, result: signature.result ?? "", deadline: signature.deadline ?? "")
        let facts = RegistrationCheck.Context(duties: [signature.duties ?? ""], position: signature.position ?? "", occupation: signature.occupation ?? "")
        let vocabulary = try VocabularyFile.load(signature.vocabulary)
        let flags = RegistrationCheck.flags(registration, context: facts, vocabulary: vocabulary)
        if signature.explain {
            // The facts each flag is decided from, so that a surprising flag can be traced to a word of the vocabulary.
            let r = RegistrationCheck.read(registration, context: facts, vocabulary: vocabulary)
            FileHandle.standardError.write(Data("""
                việc cụ thể: \(r.concreteWords.joined(separator: " ")) · chỉ là điều mong đạt: \(r.aimedWords.joined(separator: " ")) · đo được: \(r.measurable) · thời hạn: \(r.hasDeadline)
                lĩnh vực của việc: \(r.actionFields) · của nhiệm vụ, chức vụ, nghề: \(r.dutyFields) · của nhiệm vụ, chức vụ: \(r.assignedFields)
                ngành: \(r.sectors) · từ của vị trí việc làm khác: \(r.otherRoleWords) · việc của vị trí khác: \(r.roleAct.map { "\($0.act) (\($0.role))" } ?? "—")
                cặp từ chung: \(r.sharedWords) · việc công đoàn: \(r.unionWork) · ngoài công việc: \(r.offDuty) · bộ phận khác: \(r.otherBody ?? "—")
                làm thay: \(r.coveringFor ?? "—") · làm cùng: \(r.workingWith ?? "—")

                """.utf8))
        }
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
        @Option(name: "split", help: "Chỉ in các dòng sai của phần này (vd. tune), để không nhìn thấy phần giữ riêng") var split: String?
        @Option(name: "vocabulary", help: "Tệp JSON từ ngữ bổ sung, thêm vào bộ từ ngữ có sẵn (không bắt buộc)") var vocabulary: String?
    }

    var help: String { "Đo độ chính xác của bộ kiểm tra đăng ký trên tập mẫu có nhãn" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let path = signature.corpus ?? "corpus/registrations.tsv"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw CLIError("Không đọc được \(path).") }
        let rows = RegistrationCorpus.parse(text)
        guard !rows.isEmpty else { throw CLIError("\(path) không có dòng nào.") }
        let results = RegistrationCorpus.evaluate(rows, vocabulary: try VocabularyFile.load(signature.vocabulary))
        // Each part of the file in the order it first appears (holdout, tune, holdout2…), then all of it.
        var splits: [String] = []
        for r in rows where !splits.contains(r.split) { splits.append(r.split) }
        for split in splits + ["tất cả"] {
            let part = results.filter { split == "tất cả" || $0.row.split == split }
            guard !part.isEmpty else { continue }
            print("\(split): \(part.count) dòng")
            for code in RegistrationCheck.Flag.Code.allCases {
                let s = RegistrationCorpus.score(part, code)
                print("  \(code.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) precision \(format(s.precision))  recall \(format(s.recall))"
                      + "  (đúng \(s.truePositives), thừa \(s.falsePositives), sót \(s.falseNegatives))")
            }
        }
        print("  thời gian kiểm tra trung bình \(VNFormat.decimal(RegistrationCorpus.meanMilliseconds(results), digits: 3)) ms một việc")
        if signature.showErrors {
            for r in results where r.expected != r.found && (signature.split == nil || r.row.split == signature.split) {
                print("\(r.row.id) [\(r.row.split)] mong đợi \(r.expected.map(\.rawValue).sorted()) · thấy \(r.found.map(\.rawValue).sorted()): \(r.row.action) | \(r.row.duties)")
            }
        }
    }

    private func format(_ x: Double?) -> String { x.map { VNFormat.decimal($0, digits: 2) } ?? "—" }
}

/// Additions to the check's vocabulary in a JSON file (the shape of `RegistrationVocabulary`, every list optional),
/// laid over the seed: to try words on the corpus before adding them in the app.
enum VocabularyFile {
    static func load(_ path: String?) throws -> RegistrationVocabulary {
        guard let path else { return .seed }
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("Không đọc được \(path).") }
        do {
            return RegistrationVocabulary.seed.merging(try JSONDecoder().decode(RegistrationVocabulary.self, from: data))
        } catch {
            throw CLIError("\(path) không phải tệp JSON từ ngữ hợp lệ: \(error)")
        }
    }
}
