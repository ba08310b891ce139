/// What an administrator adds to the registration check's vocabulary (issue 16 item 5): one phrase to one list, or a
/// word to a field of work (a new field when the name is new). Stored one row each, laid over the seed with
/// `RegistrationVocabulary.merging`.
public struct VocabularyAddition: Sendable, Equatable {
    /// The lists an administrator may extend. Stop words and the grammar of department names stay the seed's: a
    /// mistake there would change every reading, not one trade's.
    public enum List: String, CaseIterable, Sendable, Codable {
        case stockPhrases, genericWords, measurePhrases, timePhrases, fieldWords, commonConduct, unionActivities, unionPosts,
             offDutyActivities, commonWords, places
    }

    public var list: List
    /// The field of work, for `fieldWords`; empty otherwise.
    public var field: String
    /// For a new field: a trade or sector rather than a role within a workplace.
    public var sector: Bool
    public var phrase: String

    public init(list: List, field: String = "", sector: Bool = false, phrase: String) {
        self.list = list
        self.field = list == .fieldWords ? VietnameseText.clean(field) : ""
        self.sector = list == .fieldWords && sector
        self.phrase = VietnameseText.clean(phrase).lowercased()
    }

    /// What makes two additions the same: the list, the field and the phrase's syllables without marks or case.
    public var key: String { VietnameseText.fold(phrase) }

    public enum Problem: Error, Equatable, Sendable {
        case empty, tooLong, noLetters, noField, fieldTooLong, alreadyThere

        /// In Vietnamese, saying what to do.
        public var message: String {
            switch self {
            case .empty: "Hãy ghi từ hoặc cụm từ cần thêm."
            case .tooLong: "Cụm từ dài quá 80 ký tự: hãy ghi cụm từ ngắn, như người ta vẫn viết trong bản đăng ký."
            case .noLetters: "Cụm từ phải có chữ, không chỉ có số hay dấu."
            case .noField: "Hãy chọn hoặc ghi tên lĩnh vực công việc của từ này."
            case .fieldTooLong: "Tên lĩnh vực dài quá 60 ký tự."
            case .alreadyThere: "Cụm từ này đã có trong danh sách."
            }
        }
    }

    /// Checks the addition against the vocabulary it would extend (the seed with earlier additions).
    public func problem(in vocabulary: RegistrationVocabulary) -> Problem? {
        if phrase.isEmpty { return .empty }
        if phrase.count > 80 { return .tooLong }
        if !phrase.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) { return .noLetters }
        if list == .fieldWords {
            if field.isEmpty { return .noField }
            if field.count > 60 { return .fieldTooLong }
        }
        let existing: [String] = switch list {
        case .fieldWords: vocabulary.fields.first { VietnameseText.fold($0.name) == VietnameseText.fold(field) }?.words ?? []
        default: vocabulary[list]
        }
        // Compared with the marks, as the check compares words written with them: "công đoạn" is not "công đoàn".
        return existing.contains { VietnameseText.clean($0).lowercased() == phrase } ? .alreadyThere : nil
    }
}

extension RegistrationVocabulary {
    /// One of the lists an administrator extends.
    public subscript(list: VocabularyAddition.List) -> [String] {
        switch list {
        case .stockPhrases: stockPhrases
        case .genericWords: genericWords
        case .measurePhrases: measurePhrases
        case .timePhrases: timePhrases
        case .fieldWords: fields.flatMap(\.words)
        case .commonConduct: commonConduct
        case .unionActivities: unionActivities
        case .unionPosts: unionPosts
        case .offDutyActivities: offDutyActivities
        case .commonWords: commonWords
        case .places: places
        }
    }

    /// The additions as a vocabulary of their own, to merge over the seed. A field named like a seed field (ignoring
    /// marks and case) takes the seed's name, so its words join that field.
    public static func of(_ additions: [VocabularyAddition], over base: RegistrationVocabulary = .seed) -> RegistrationVocabulary {
        var v = RegistrationVocabulary(stockPhrases: [], genericWords: [], stopWords: [], measurePhrases: [], timePhrases: [], fields: [],
                                       commonConduct: [])
        for a in additions {
            switch a.list {
            case .stockPhrases: v.stockPhrases.append(a.phrase)
            case .genericWords: v.genericWords.append(a.phrase)
            case .measurePhrases: v.measurePhrases.append(a.phrase)
            case .timePhrases: v.timePhrases.append(a.phrase)
            case .commonConduct: v.commonConduct.append(a.phrase)
            case .unionActivities: v.unionActivities.append(a.phrase)
            case .unionPosts: v.unionPosts.append(a.phrase)
            case .offDutyActivities: v.offDutyActivities.append(a.phrase)
            case .commonWords: v.commonWords.append(a.phrase)
            case .places: v.places.append(a.phrase)
            case .fieldWords:
                let name = base.fields.first { VietnameseText.fold($0.name) == VietnameseText.fold(a.field) }?.name ?? a.field
                if let i = v.fields.firstIndex(where: { VietnameseText.fold($0.name) == VietnameseText.fold(name) }) {
                    v.fields[i].words.append(a.phrase)
                    v.fields[i].sector = v.fields[i].sector || a.sector
                } else {
                    v.fields.append(.init(name: name, sector: a.sector, words: [a.phrase]))
                }
            }
        }
        return v
    }

    /// The seed with an administrator's additions.
    public static func seed(with additions: [VocabularyAddition]) -> RegistrationVocabulary {
        additions.isEmpty ? .seed : seed.merging(of(additions))
    }
}
