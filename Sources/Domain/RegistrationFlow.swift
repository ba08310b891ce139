/// The registration workflow as rules (issue 16): which step each person may take from each state, on which day.
/// The App asks these before it writes, so the pages, the API and the tests share one answer.
public enum RegistrationFlow {
    public enum Status: String, Sendable, CaseIterable, Codable {
        /// Being written by the member (or an official on their behalf); nobody else sees it.
        case draft
        /// Sent, and public to the Party cell: its members read and comment, its secretary appraises.
        case submitted
        /// Returned by the secretary with reasons, to be revised and sent again.
        case returned
        /// Approved by the secretary: being carried out, with progress notes and evidence.
        case approved
        /// Assessed by the member at year end: the year's record of it.
        case completed

        public var label: String {
            switch self {
            case .draft: "Bản nháp"
            case .submitted: "Đã gửi, chờ thẩm định"
            case .returned: "Bị trả lại, cần sửa"
            case .approved: "Đã duyệt, đang thực hiện"
            case .completed: "Đã tự đánh giá cuối năm"
            }
        }

        public var labelEN: String {
            switch self {
            case .draft: "Draft"
            case .submitted: "Submitted, awaiting appraisal"
            case .returned: "Returned for revision"
            case .approved: "Approved, in progress"
            case .completed: "Assessed at year end"
            }
        }

        /// Read by the cell's members (made public when sent).
        public var isPublic: Bool { self != .draft }
        /// Counted in coverage: the member has a registration the secretary approved.
        public var isApproved: Bool { self == .approved || self == .completed }
    }

    public enum Step: String, Sendable, CaseIterable, Codable {
        case save, submit, approve, giveBack = "return", progress, assessMidyear = "assess_midyear", assessYearend = "assess_yearend", comment

        public var label: String {
            switch self {
            case .save: "Lưu bản nháp"
            case .submit: "Gửi chi bộ"
            case .approve: "Duyệt"
            case .giveBack: "Trả lại"
            case .progress: "Ghi tiến độ"
            case .assessMidyear: "Tự đánh giá giữa năm"
            case .assessYearend: "Tự đánh giá cuối năm"
            case .comment: "Góp ý"
            }
        }
    }

    /// The capacities in which a person stands towards one registration.
    public enum Capacity: Sendable, Hashable {
        /// The member whose registration it is.
        case owner
        /// An official who may change the member's records: enters on behalf of a member who never logs in.
        case onBehalf
        /// The secretary of the registration's Party cell, holding that grant today.
        case secretary
        /// A member of the same Party cell: reads the public registration and comments.
        case cellMember
    }

    /// The round's calendar.
    public struct Calendar: Sendable, Equatable {
        public var opensOn: CivilDate
        public var closesOn: CivilDate
        public var midyearOn: CivilDate
        public var yearendOn: CivilDate
        public init(opensOn: CivilDate, closesOn: CivilDate, midyearOn: CivilDate, yearendOn: CivilDate) {
            self.opensOn = opensOn
            self.closesOn = closesOn
            self.midyearOn = midyearOn
            self.yearendOn = yearendOn
        }

        public func isOpen(on day: CivilDate) -> Bool { opensOn <= day && day <= closesOn }
    }

    /// Why a step is refused. `forbidden`: the person may see the registration but this step is not theirs;
    /// `conflict`: not from this state or not on this day.
    public enum Refusal: Error, Sendable, Equatable {
        case forbidden(String)
        case conflict(String)

        public var message: String {
            switch self {
            case .forbidden(let m), .conflict(let m): m
            }
        }
    }

    /// Who may take each step.
    static func capacities(for step: Step) -> Set<Capacity> {
        switch step {
        case .save, .submit, .progress, .assessMidyear, .assessYearend: [.owner, .onBehalf]
        case .approve, .giveBack: [.secretary]
        case .comment: [.owner, .cellMember, .secretary, .onBehalf]
        }
    }

    /// Whether `step` may be taken on a registration in `status` (nil: not made yet) by someone standing in
    /// `capacities`, on `today`.
    public static func check(_ step: Step, status: Status?, by capacities: Set<Capacity>, today: CivilDate, calendar: Calendar) -> Result<Void, Refusal> {
        if capacities.isDisjoint(with: self.capacities(for: step)) {
            switch step {
            case .approve, .giveBack:
                return .failure(.forbidden("Chỉ bí thư chi bộ của đoàn viên này, đang giữ chức vụ hôm nay, mới thẩm định được bản đăng ký."))
            case .comment:
                return .failure(.forbidden("Chỉ đảng viên, đoàn viên trong chi bộ mới góp ý được bản đăng ký này."))
            default:
                return .failure(.forbidden("Chỉ chính đoàn viên, hoặc cán bộ công đoàn nhập thay cho họ, mới làm được việc này."))
            }
        }
        let date = VNFormat.date
        switch step {
        case .save:
            guard let status else {
                guard calendar.isOpen(on: today) else {
                    return .failure(.conflict("Đợt đăng ký mở từ \(date(calendar.opensOn)) đến \(date(calendar.closesOn)); hôm nay không nhận bản đăng ký mới."))
                }
                return .success(())
            }
            guard status == .draft || status == .returned else {
                return .failure(.conflict("Bản đăng ký đang ở trạng thái «\(status.label)»: không sửa được nữa."))
            }
            guard today <= calendar.yearendOn else {
                return .failure(.conflict("Năm của đợt đăng ký đã kết thúc ngày \(date(calendar.yearendOn)): không sửa được nữa."))
            }
        case .submit:
            guard let status, status == .draft || status == .returned else {
                return .failure(.conflict("Chỉ gửi được bản nháp hoặc bản bị trả lại đã sửa" + (status.map { "; bản này đang «\($0.label)»." } ?? ".")))
            }
            guard today <= calendar.yearendOn else {
                return .failure(.conflict("Năm của đợt đăng ký đã kết thúc ngày \(date(calendar.yearendOn)): không gửi được nữa."))
            }
        case .approve, .giveBack:
            guard status == .submitted else {
                return .failure(.conflict("Chỉ thẩm định được bản đăng ký đã gửi và đang chờ; bản này đang «\(status?.label ?? "chưa có")»."))
            }
        case .progress:
            guard status == .approved else {
                return .failure(.conflict("Chỉ ghi tiến độ cho bản đăng ký đã được duyệt và chưa tự đánh giá cuối năm."))
            }
        case .assessMidyear:
            guard status == .approved else {
                return .failure(.conflict("Chỉ tự đánh giá được bản đăng ký đã được duyệt."))
            }
            guard today >= calendar.midyearOn else {
                return .failure(.conflict("Tự đánh giá giữa năm mở từ \(date(calendar.midyearOn))."))
            }
        case .assessYearend:
            guard status == .approved else {
                return .failure(.conflict("Chỉ tự đánh giá cuối năm được bản đăng ký đã được duyệt và chưa đánh giá cuối năm."))
            }
            guard today >= calendar.yearendOn else {
                return .failure(.conflict("Tự đánh giá cuối năm mở từ \(date(calendar.yearendOn))."))
            }
        case .comment:
            guard let status, status.isPublic else {
                return .failure(.conflict("Bản nháp chưa công khai tại chi bộ: chưa góp ý được."))
            }
        }
        return .success(())
    }

    /// The state a step leads to.
    public static func next(after step: Step, from status: Status?) -> Status {
        switch step {
        case .save: status ?? .draft
        case .submit: .submitted
        case .approve: .approved
        case .giveBack: .returned
        case .assessYearend: .completed
        case .progress, .assessMidyear, .comment: status ?? .draft
        }
    }

    /// How a self-assessment rates an action.
    public enum Outcome: String, Sendable, CaseIterable, Codable {
        case done, partly, notDone = "not_done"
        public var label: String {
            switch self {
            case .done: "Hoàn thành"
            case .partly: "Hoàn thành một phần"
            case .notDone: "Chưa hoàn thành"
            }
        }
        public var labelEN: String {
            switch self {
            case .done: "Done"
            case .partly: "Partly done"
            case .notDone: "Not done"
            }
        }
    }

    /// What a member must write, before any flag: one or two actions, each saying what they will do; the rest is
    /// advised by the check, not required.
    public struct Draft: Sendable, Equatable {
        public struct Action: Sendable, Equatable {
            public var action: String
            public var dutyId: Int?
            public var result: String
            public var deadline: String
            public init(action: String, dutyId: Int?, result: String, deadline: String) {
                self.action = action
                self.dutyId = dutyId
                self.result = result
                self.deadline = deadline
            }
            var isEmpty: Bool { action.isEmpty && result.isEmpty && deadline.isEmpty }
        }
        public var actions: [Action]
        public var shortcomings: String
        public init(actions: [Action], shortcomings: String) {
            self.actions = actions
            self.shortcomings = shortcomings
        }
    }

    public struct Problems: Error, Sendable, Equatable { public let messages: [String] }

    public static let maxActionLength = 1000
    public static let maxTextLength = 2000

    /// The draft with blank action rows dropped, or the sentences that say what is wrong.
    public static func validate(_ draft: Draft) -> Result<Draft, Problems> {
        var problems: [String] = []
        let actions = draft.actions.map { a in
            Draft.Action(action: VietnameseText.clean(a.action), dutyId: a.dutyId, result: VietnameseText.clean(a.result),
                         deadline: VietnameseText.clean(a.deadline))
        }.filter { !$0.isEmpty }
        if actions.isEmpty { problems.append("Hãy ghi ít nhất một việc làm cụ thể.") }
        if actions.count > 2 { problems.append("Mỗi đợt đăng ký tối đa hai việc làm cụ thể.") }
        for (i, a) in actions.enumerated() {
            let n = i + 1
            if a.action.isEmpty { problems.append("Việc làm \(n): hãy ghi việc sẽ làm (kết quả và thời hạn đã có, còn thiếu việc làm).") }
            if a.action.count > maxActionLength { problems.append("Việc làm \(n): không quá \(maxActionLength) ký tự.") }
            if a.result.count > maxActionLength || a.deadline.count > 200 { problems.append("Việc làm \(n): kết quả không quá \(maxActionLength) ký tự, thời hạn không quá 200 ký tự.") }
        }
        let shortcomings = VietnameseText.clean(draft.shortcomings)
        if shortcomings.count > maxTextLength { problems.append("Hạn chế cần khắc phục: không quá \(maxTextLength) ký tự.") }
        return problems.isEmpty ? .success(Draft(actions: actions, shortcomings: shortcomings)) : .failure(Problems(messages: problems))
    }
}
