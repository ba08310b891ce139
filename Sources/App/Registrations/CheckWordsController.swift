import Domain
import Vapor

/// "Từ ngữ của bộ kiểm tra đăng ký": the administrator extends the registration check's vocabulary with the words
/// of the trades in their units (issue 16 item 5). Everyone else gets a 404, like any record outside their scope.
enum CheckWordsController {
    struct AddForm: Content {
        var list: String?
        var field: String?
        var newField: String?
        var sector: String?
        var phrase: String?
    }

    static func requireAdmin(_ req: Request) throws {
        guard try req.requirePrincipal().scope.isAdmin else { throw Abort(.notFound) }
    }

    @Sendable
    static func index(req: Request) async throws -> Response {
        try requireAdmin(req)
        // Links from the page of where the check needs words fill the form with a duty's words, to be cut down to the
        // phrase that names its field.
        let prefill = (try? req.query.decode(AddForm.self)).flatMap { $0.phrase == nil && $0.list == nil ? nil : $0 }
        return try await render(req: req, error: nil, status: .ok, form: prefill)
    }

    static func render(req: Request, error: String?, status: HTTPStatus, form: AddForm?) async throws -> Response {
        let t = req.strings
        let rows = try await CheckWords.all(on: req.sql)
        let page = CheckWordsPage.make(rows: rows, seed: .seed, form: form, error: error, t: t)
        return try await req.page("check-words", title: t["check_words_title"], page, status: status)
    }

    @Sendable
    static func add(req: Request) async throws -> Response {
        try requireAdmin(req)
        guard let form = try? req.content.decode(AddForm.self) else {
            return try await render(req: req, error: "Dữ liệu gửi lên không đọc được.", status: .badRequest, form: nil)
        }
        guard let list = VocabularyAddition.List(rawValue: form.list ?? "") else {
            return try await render(req: req, error: "Hãy chọn danh sách cần thêm từ ngữ.", status: .unprocessableEntity, form: form)
        }
        // A field is chosen from the list; a new one is typed only when "new field" is chosen.
        let newField = VietnameseText.clean(form.newField ?? "")
        let field = (form.field ?? "").isEmpty || form.field == CheckWordsPage.newFieldValue ? newField : (form.field ?? "")
        let addition = VocabularyAddition(list: list, field: field, sector: form.sector == "1", phrase: form.phrase ?? "")
        do {
            _ = try await Writes.perform(on: req.db, actor: try req.actor()) { tx in try await CheckWords.add(addition, in: tx) }
        } catch let abort as Abort where [.unprocessableEntity, .conflict].contains(abort.status) {
            return try await render(req: req, error: abort.reason, status: abort.status, form: form)
        }
        return req.redirect(.checkWords, message: "saved")
    }

    /// The duties held today that the check cannot read: where words are missing.
    @Sendable
    static func unread(req: Request) async throws -> Response {
        try requireAdmin(req)
        let t = req.strings
        let vocabulary = try await CheckWords.vocabulary(on: req.sql)
        let (read, unread) = try await CheckWords.unreadDuties(vocabulary: vocabulary, on: req.sql)
        let page = UnreadDutiesPage.make(read: read, unread: unread, overruled: try await CheckWords.overruled(on: req.sql), t: t)
        return try await req.page("check-words-unread", title: t["check_needs_title"], page)
    }

    @Sendable
    static func remove(req: Request) async throws -> Response {
        try requireAdmin(req)
        guard let row = try await CheckWords.find(id: try req.id(), on: req.sql), let addition = row.addition else { throw Abort(.notFound) }
        let confirmation = try req.content.decode(Confirmation.self)
        if !confirmation.isConfirmed {
            return try await req.confirm(ConfirmPage(
                heading: "Xác nhận bỏ từ ngữ «\(row.phrase)»",
                consequences: ["«\(row.phrase)» không còn trong \(CheckWords.describe(addition)).",
                               "Các bản đăng ký được lưu hoặc sửa từ nay được kiểm tra không có từ ngữ này; "
                                   + "cảnh báo đã ghi ở các bản đăng ký lưu trước đó không đổi."],
                action: SiteURL.checkWordRemove(.id(row.id)).path, fields: [],
                confirmLabel: "Bỏ từ ngữ", cancelURL: SiteURL.checkWords.path))
        }
        try await Writes.perform(on: req.db, actor: try req.actor()) { tx in try await CheckWords.remove(id: row.id, in: tx) }
        return req.redirect(.checkWords, message: "saved")
    }
}

struct UnreadDutiesPage: Encodable, Sendable {
    struct Duty: Encodable, Sendable { let title: String; let members: String; let addURL: String }
    struct Overruled: Encodable, Sendable { let flags: String; let action: String; let duty: String?; let meta: String; let addURL: String? }
    let backURL: String
    let summary: String
    let duties: [Duty]
    let overruled: [Overruled]

    /// Built from rows alone, so a test can call it with made-up rows.
    static func make(read: Int, unread: [CheckWords.DutyCount], overruled: [CheckWords.Overruled], t: Strings) -> UnreadDutiesPage {
        UnreadDutiesPage(
            backURL: SiteURL.checkWords.path,
            summary: t.format("check_unread_summary", VNFormat.integer(read + unread.count), VNFormat.integer(read)),
            duties: unread.map { .init(title: $0.title, members: t.format("check_unread_members", VNFormat.integer($0.members)),
                                       addURL: addURL($0.title)) },
            overruled: overruled.map { row in
                let codes = ((try? JSONDecoder().decode([RegistrationCheck.Flag].self, from: Data(row.flags.utf8))) ?? []).map(\.code)
                    .filter { $0 != .duplicate }
                let when = row.lastAt.flatMap(Clock.parse).map(Clock.display) ?? ""
                return Overruled(
                    flags: codes.map { t["check_flag_" + $0.rawValue] }.joined(separator: ", "), action: row.action,
                    duty: row.dutyTitle.isEmpty ? nil : t.format("check_overruled_duty", row.dutyTitle),
                    meta: row.times == 1 ? t.format("check_overruled_once", when) : t.format("check_overruled_meta", VNFormat.integer(row.times), when),
                    addURL: row.dutyTitle.isEmpty ? nil : addURL(row.dutyTitle))
            })
    }

    /// The form of the check's words, filled with a duty's title as a field word to cut down.
    static func addURL(_ duty: String) -> String {
        SiteURL.checkWords.with([("list", VocabularyAddition.List.fieldWords.rawValue), ("phrase", String(duty.prefix(80)))]) + "#add"
    }
}

struct CheckWordsPage: Encodable, Sendable {
    static let newFieldValue = "__new"

    struct Option: Encodable, Sendable { let value: String; let label: String; let selected: Bool }
    struct Entry: Encodable, Sendable { let phrase: String; let field: String; let who: String; let when: String; let removeURL: String }
    struct List: Encodable, Sendable {
        let name: String
        let help: String
        let seedCount: String
        let seedWords: String
        let added: [Entry]
    }

    let postURL: String
    let unreadURL: String
    let error: String?
    let lists: [List]
    let listOptions: [Option]
    let fieldOptions: [Option]
    let newField: String
    let sector: Bool
    let phrase: String

    /// Built from rows alone, so a test can call it with made-up rows.
    static func make(rows: [CheckWords.Row], seed: RegistrationVocabulary, form: CheckWordsController.AddForm?, error: String?,
                     t: Strings) -> CheckWordsPage {
        let byList = Dictionary(grouping: rows, by: \.list)
        let lists = VocabularyAddition.List.allCases.map { list in
            let words = seed[list]
            return List(
                name: t["check_list_" + list.rawValue], help: t["check_list_" + list.rawValue + "_help"],
                seedCount: t.format("check_words_seed_count", VNFormat.integer(words.count)),
                seedWords: list == .fieldWords
                    ? seed.fields.map { "\($0.name): \($0.words.joined(separator: ", "))" }.joined(separator: " · ")
                    : words.joined(separator: ", "),
                added: (byList[list.rawValue] ?? []).map { r in
                    Entry(phrase: r.phrase, field: r.field, who: r.addedByName,
                          when: Clock.parse(r.addedAt).map(Clock.display) ?? r.addedAt, removeURL: SiteURL.checkWordRemove(.id(r.id)).path)
                })
        }
        let chosenList = form?.list ?? VocabularyAddition.List.fieldWords.rawValue
        let fieldNames = seed.fields.map(\.name) + Set(rows.filter { $0.list == "fieldWords" }.map(\.field))
            .subtracting(seed.fields.map(\.name)).sorted(by: VietnameseText.compare)
        let chosenField = form?.field ?? ""
        return CheckWordsPage(
            postURL: SiteURL.checkWords.path, unreadURL: SiteURL.checkWordsUnread.path, error: error, lists: lists,
            listOptions: VocabularyAddition.List.allCases.map {
                Option(value: $0.rawValue, label: t["check_list_" + $0.rawValue], selected: $0.rawValue == chosenList)
            },
            fieldOptions: [Option(value: "", label: t["check_words_field_none"], selected: chosenField.isEmpty)]
                + fieldNames.map { Option(value: $0, label: $0, selected: $0 == chosenField) }
                + [Option(value: newFieldValue, label: t["check_words_field_new"], selected: chosenField == newFieldValue)],
            newField: form?.newField ?? "", sector: form?.sector == "1", phrase: form?.phrase ?? "")
    }
}
