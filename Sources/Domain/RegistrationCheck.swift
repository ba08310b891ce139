/// The registration check (issue 16): flags an action that is vague, untied to the member's duties, or a copy of a
/// colleague's. It warns and never blocks; each flag says what is missing and how to fix it. Every decision comes
/// from the vocabulary and a few counted facts, so a flag can always be explained.
public enum RegistrationCheck {
    public struct Registration: Sendable, Equatable {
        public var action: String
        public var result: String
        public var deadline: String
        public init(action: String, result: String = "", deadline: String = "") {
            self.action = action
            self.result = result
            self.deadline = deadline
        }
    }

    /// What the member was assigned when they registered.
    public struct Context: Sendable, Equatable {
        public var duties: [String]
        public var position: String
        public var occupation: String
        public init(duties: [String], position: String = "", occupation: String = "") {
            self.duties = duties
            self.position = position
            self.occupation = occupation
        }
    }

    /// Another member's registration in the same unit and year.
    public struct Other: Sendable, Equatable {
        public var who: String
        public var action: String
        public init(who: String, action: String) {
            self.who = who
            self.action = action
        }
    }

    public struct Flag: Sendable, Equatable, Codable {
        public enum Code: String, Sendable, Codable, CaseIterable { case vague, untied, duplicate }
        public let code: Code
        public let message: String
    }

    /// The facts the flags are decided from, for a page or a test to show.
    public struct Reading: Sendable, Equatable {
        public var concreteWords: [String]
        public var measurable: Bool
        public var hasDeadline: Bool
        public var stockPhrase: String?
        public var actionFields: [String]
        public var dutyFields: [String]
        public var sharedWords: [String]
        public var commonConduct: Bool
    }

    public static func flags(_ r: Registration, context: Context, others: [Other] = [], vocabulary v: RegistrationVocabulary = .seed) -> [Flag] {
        let reading = read(r, context: context, vocabulary: v)
        var flags: [Flag] = []
        if let message = vagueness(reading) {
            flags.append(Flag(code: .vague, message: message))
        } else if let message = untiedness(reading, context: context) {
            flags.append(Flag(code: .untied, message: message))
        }
        let key = similarityKey(r.action, vocabulary: v)
        if key.count >= 2, let copy = others.first(where: { similar(key, similarityKey($0.action, vocabulary: v)) }) {
            flags.append(Flag(code: .duplicate, message: "Gần như trùng với đăng ký của \(copy.who) trong cùng đơn vị và năm («\(copy.action)»). "
                + "Mỗi người nên đăng ký việc gắn với nhiệm vụ của chính mình, hoặc ghi rõ phần việc riêng của mình trong việc chung."))
        }
        return flags
    }

    // MARK: - Reading

    public static func read(_ r: Registration, context: Context, vocabulary v: RegistrationVocabulary = .seed) -> Reading {
        let action = Words(r.action)
        let result = Words(r.result)
        let both = Words(r.action + " . " + r.result)
        let stock = v.stockPhrases.first { action.contains($0) }
        // What is left of the action once exhortation, virtue and filler words are taken out.
        let stop = Set(v.stopWords.map(action.form))
        let concrete = action.removing(v.genericWords + v.stockPhrases).filter { !Words.isNumber($0) && !stop.contains($0) }
        let measurable = both.hasCountedFigure || v.measurePhrases.contains { both.contains($0) }
        let hasDeadline = isDeadline(r.deadline) || v.timePhrases.contains { both.contains($0) } || both.hasDate
        let conduct = v.commonConduct.contains { both.contains($0) }
        let actionFields = v.fields.filter { f in f.words.contains { both.contains($0) } }.map(\.name)
        let duties = Words(([context.position, context.occupation] + context.duties).joined(separator: " . "))
        let dutyFields = v.fields.filter { f in f.words.contains { duties.contains($0) } }.map(\.name)
        let ignored = Set((v.genericWords + v.stopWords).map(Words.fold))
        let shared = Array(Set(action.bigrams).intersection(duties.bigrams)).filter { b in
            !b.split(separator: " ").allSatisfy { ignored.contains(String($0)) || Words.isNumber(String($0)) }
        }.sorted()
        _ = result
        return Reading(concreteWords: concrete, measurable: measurable, hasDeadline: hasDeadline, stockPhrase: stock,
                       actionFields: actionFields, dutyFields: dutyFields, sharedWords: shared, commonConduct: conduct)
    }

    /// A registration is made for a year: "năm 2026" or "trong năm" alone sets no deadline within it.
    static func isDeadline(_ text: String) -> Bool {
        let words = Words.fold(text).split(separator: " ").map(String.init)
            .filter { !["trong", "ca", "suot", "nam", "nay"].contains($0) && !($0.count == 4 && $0.allSatisfy(\.isNumber)) }
        return !words.isEmpty
    }

    /// Vague: no concrete act and nothing to measure it by; or neither a measure nor a time for an action that is
    /// not spelled out in detail; or a stock phrase without a measure, whatever else it says.
    static func vagueness(_ r: Reading) -> String? {
        // A long, specific action stands without a figure or a date; a short one needs one of them; a slogan needs a measure.
        let concrete = r.concreteWords.count >= 4 || (r.concreteWords.count >= 3 && !r.actionFields.isEmpty)
        let detailed = r.concreteWords.count >= 8
        let vague = (!concrete && !r.measurable)
            || (!r.measurable && !r.hasDeadline && !detailed)
            || (r.stockPhrase != nil && !r.measurable)
        guard vague else { return nil }
        var missing: [String] = []
        if !concrete { missing.append("chưa nêu việc cụ thể sẽ làm") }
        if !r.measurable { missing.append("chưa có kết quả đo được (số lượng, tỉ lệ %, mức độ)") }
        if !r.hasDeadline { missing.append("chưa có thời hạn") }
        let lead = r.stockPhrase.map { "«\($0.prefix(1).uppercased() + $0.dropFirst())» là khẩu hiệu chung; " } ?? ""
        return "Việc đăng ký còn chung chung: " + lead + missing.joined(separator: ", ") + ". Hãy ghi rõ làm việc gì, cho ai, "
            + "đạt bao nhiêu và đến khi nào, ví dụ: «Mỗi tháng soạn 2 bài giảng điện tử cho khối 10, hết học kỳ I»."
    }

    /// Untied: the action belongs to a field of work the member's duties do not touch, and shares no words with them.
    static func untiedness(_ r: Reading, context: Context) -> String? {
        guard !r.commonConduct, !r.actionFields.isEmpty, r.sharedWords.isEmpty,
              Set(r.actionFields).isDisjoint(with: r.dutyFields) else { return nil }
        let duty = context.duties.first { !$0.isEmpty } ?? context.position
        let theirs = r.dutyFields.isEmpty ? "" : " (thuộc lĩnh vực \(r.dutyFields.joined(separator: ", ")))"
        return "Việc đăng ký thuộc lĩnh vực \(r.actionFields.joined(separator: ", ")), chưa gắn với nhiệm vụ được giao"
            + (duty.isEmpty ? "" : " «\(duty)»") + theirs + ". Hãy chọn việc phục vụ trực tiếp nhiệm vụ của mình; "
            + "việc ngoài nhiệm vụ có thể đăng ký trong phong trào khác của đơn vị."
    }

    // MARK: - Copies

    /// The words of an action without diacritics, case, order, numbers or filler: two actions with the same key
    /// say the same thing.
    public static func similarityKey(_ action: String, vocabulary v: RegistrationVocabulary = .seed) -> Set<String> {
        let stop = Set(v.stopWords.map(Words.fold))
        return Set(Words(action).folded.filter { !Words.isNumber($0) && !stop.contains($0) })
    }

    static func similar(_ a: Set<String>, _ b: Set<String>) -> Bool {
        guard a.count >= 2, b.count >= 2 else { return false }
        let shared = Double(a.intersection(b).count), all = Double(a.union(b).count)
        return shared / all >= 0.8
    }
}

/// Text as syllables, for matching phrases on whole syllables. Text written with its marks is compared with its
/// marks (quý is not quỹ, công đoàn is not công đoạn); text typed without them is compared folded.
struct Words {
    /// The form phrases are compared in: lower case with marks, or folded when the text has none.
    let syllables: [String]
    /// Always folded: what copies and shared words are compared on.
    let folded: [String]
    let marked: Bool
    private let padded: String

    init(_ text: String) {
        let folded = Words.fold(text)
        let lower = Words.lower(text)
        self.init(syllables: (lower == folded ? folded : lower).split(separator: " ").map(String.init),
                  folded: folded.split(separator: " ").map(String.init), marked: lower != folded)
    }

    private init(syllables: [String], folded: [String], marked: Bool) {
        self.syllables = syllables
        self.folded = folded
        self.marked = marked
        padded = " " + syllables.joined(separator: " ") + " "
    }

    /// Folded, with punctuation as spaces; "%" and "/" stay, so "20%" and "31/12/2026" read as one word.
    static func fold(_ text: String) -> String { words(VietnameseText.fold(text)) }

    /// Lower case with the marks kept, punctuation as spaces.
    static func lower(_ text: String) -> String { words(VietnameseText.clean(text).lowercased()) }

    private static func words(_ text: String) -> String {
        var out = ""
        var space = false
        for scalar in text.unicodeScalars {
            let keep = scalar.properties.isAlphabetic || scalar.properties.generalCategory == .nonspacingMark
                || ("0"..."9").contains(scalar) || scalar == "%" || scalar == "/"
            if keep {
                if space && !out.isEmpty { out.unicodeScalars.append(" ") }
                space = false
                out.unicodeScalars.append(scalar)
            } else {
                space = true
            }
        }
        return out.precomposedStringWithCanonicalMapping
    }

    static func isNumber(_ s: String) -> Bool { s.unicodeScalars.contains { ("0"..."9").contains($0) } }

    /// A phrase of the vocabulary in this text's form.
    func form(_ phrase: String) -> String { marked ? Words.lower(phrase) : Words.fold(phrase) }

    func contains(_ phrase: String) -> Bool {
        let p = form(phrase)
        return !p.isEmpty && padded.contains(" " + p + " ")
    }

    /// The syllables left once the phrases are taken out, longest phrase first so "hoàn thành tốt nhiệm vụ" goes
    /// before "tốt" could split it.
    func removing(_ phrases: [String]) -> [String] {
        var text = padded
        for p in phrases.map(form).filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count }) {
            while let range = text.range(of: " " + p + " ") { text.replaceSubrange(range, with: " ") }
        }
        return text.split(separator: " ").map(String.init)
    }

    var bigrams: [String] {
        guard folded.count >= 2 else { return [] }
        return (0 ..< folded.count - 1).map { folded[$0] + " " + folded[$0 + 1] }
    }

    /// A figure with what it counts after it ("2 chuyên đề"), or a percentage.
    var hasCountedFigure: Bool {
        for (i, s) in syllables.enumerated() where Words.isNumber(s) {
            if s.hasSuffix("%") { return true }
            if s.contains("/") { continue }
            if i + 1 < syllables.count, !Words.isNumber(syllables[i + 1]) { return true }
        }
        return false
    }

    /// A date or a month/year: "31/12/2026", "12/2026".
    var hasDate: Bool { syllables.contains { $0.contains("/") && Words.isNumber($0) } }
}
