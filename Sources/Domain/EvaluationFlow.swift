/// The evaluation workflow as rules (issue 17 item 5): self-assessment by the member → review by the union group or
/// executive committee (an official of the unit) → approval of the whole round by an official of the unit who may
/// approve evaluations; an approved round is locked, and only the level above reopens it, with a reason.
/// The App asks these before it writes, so the pages and the tests share one answer.
public enum EvaluationFlow {
    /// One member's evaluation in a round.
    public enum Status: String, Sendable, CaseIterable, Codable {
        /// The member scored themself (or an official entered it for them).
        case selfAssessed = "self_assessed"
        /// The union group or executive committee set the reviewed scores and level.
        case reviewed
        /// The round was approved: the reviewed level is final.
        case approved

        public var label: String {
            switch self {
            case .selfAssessed: "Đã tự đánh giá, chờ xét"
            case .reviewed: "Đã xét, chờ phê duyệt"
            case .approved: "Đã phê duyệt"
            }
        }

        public var labelEN: String {
            switch self {
            case .selfAssessed: "Self-assessed, awaiting review"
            case .reviewed: "Reviewed, awaiting approval"
            case .approved: "Approved"
            }
        }
    }

    /// A round.
    public enum RoundStatus: String, Sendable, CaseIterable, Codable {
        /// Members assess themselves, the unit reviews.
        case open
        /// Approved and locked; reopened only by the level above.
        case approved

        public var label: String {
            switch self {
            case .open: "Đang đánh giá"
            case .approved: "Đã phê duyệt, đã khóa"
            }
        }

        public var labelEN: String {
            switch self {
            case .open: "Open"
            case .approved: "Approved and locked"
            }
        }
    }

    public enum Step: String, Sendable, CaseIterable, Codable {
        case selfAssess = "self_assess", review, approveRound = "approve_round", reopenRound = "reopen_round", raiseCap = "raise_cap"

        public var label: String {
            switch self {
            case .selfAssess: "Tự đánh giá"
            case .review: "Xét, cho điểm"
            case .approveRound: "Phê duyệt đợt đánh giá"
            case .reopenRound: "Mở lại đợt đánh giá"
            case .raiseCap: "Nâng tỷ lệ xuất sắc"
            }
        }
    }

    /// The capacities in which a person stands towards a round or one evaluation in it.
    public enum Capacity: Sendable, Hashable {
        /// The member being evaluated.
        case owner
        /// An official who may change the member's records: enters the self-assessment for a member who never logs in.
        case onBehalf
        /// The union group or executive committee: an official of the unit where the member stands.
        case reviewer
        /// An official of the round's unit who may approve evaluations.
        case approver
        /// An official of a unit above the round's unit who may approve evaluations.
        case levelAbove
    }

    public enum Refusal: Error, Sendable, Equatable {
        case forbidden(String)
        case conflict(String)
        public var message: String {
            switch self {
            case .forbidden(let m), .conflict(let m): m
            }
        }
    }

    static func capacities(for step: Step) -> Set<Capacity> {
        switch step {
        case .selfAssess: [.owner, .onBehalf]
        case .review: [.reviewer]
        case .approveRound: [.approver]
        case .reopenRound, .raiseCap: [.levelAbove]
        }
    }

    /// Whether `step` may be taken, in a round in `round` state opened `opensOn`…`closesOn`, on an evaluation in
    /// `status` (nil: none yet; ignored for round steps), by someone in `capacities`, on `today`. A reopening needs
    /// a reason (`reason`, already trimmed).
    public static func check(_ step: Step, round: RoundStatus, status: Status?, by capacities: Set<Capacity>,
                             today: CivilDate, opensOn: CivilDate, closesOn: CivilDate, reason: String = "") -> Result<Void, Refusal> {
        if capacities.isDisjoint(with: self.capacities(for: step)) {
            switch step {
            case .selfAssess:
                return .failure(.forbidden("Chỉ chính đoàn viên, hoặc cán bộ công đoàn nhập thay cho họ, mới tự đánh giá được."))
            case .review:
                return .failure(.forbidden("Chỉ tổ công đoàn hoặc ban chấp hành (cán bộ công đoàn của đơn vị) mới xét, cho điểm được."))
            case .approveRound:
                return .failure(.forbidden("Chỉ cán bộ công đoàn của đơn vị có quyền phê duyệt đánh giá mới phê duyệt được đợt này."))
            case .reopenRound:
                return .failure(.forbidden("Chỉ cán bộ của công đoàn cấp trên mới mở lại được đợt đánh giá đã phê duyệt."))
            case .raiseCap:
                return .failure(.forbidden("Chỉ cán bộ của công đoàn cấp trên mới nâng được tỷ lệ xuất sắc cho đơn vị."))
            }
        }
        let date = VNFormat.date
        switch step {
        case .selfAssess:
            guard round == .open else { return .failure(.conflict("Đợt đánh giá đã phê duyệt và khóa: không tự đánh giá được nữa.")) }
            guard opensOn <= today, today <= closesOn else {
                return .failure(.conflict("Tự đánh giá mở từ \(date(opensOn)) đến \(date(closesOn)); hôm nay không nhận."))
            }
            guard status == nil || status == .selfAssessed else {
                return .failure(.conflict("Bản đánh giá đã được xét («\(status!.label)»): không tự sửa được nữa."))
            }
        case .review:
            guard round == .open else { return .failure(.conflict("Đợt đánh giá đã phê duyệt và khóa: không xét lại được.")) }
            guard let status, status == .selfAssessed || status == .reviewed else {
                return .failure(.conflict("Chỉ xét được bản đã tự đánh giá" + (status.map { "; bản này đang «\($0.label)»." } ?? "; đoàn viên chưa tự đánh giá.")))
            }
        case .approveRound:
            guard round == .open else { return .failure(.conflict("Đợt đánh giá đã được phê duyệt rồi.")) }
            guard today >= opensOn else { return .failure(.conflict("Đợt đánh giá mở từ \(date(opensOn)): chưa phê duyệt được.")) }
        case .reopenRound:
            guard round == .approved else { return .failure(.conflict("Chỉ mở lại được đợt đã phê duyệt; đợt này đang mở.")) }
            guard !reason.isEmpty else { return .failure(.conflict("Hãy ghi lý do mở lại đợt đánh giá.")) }
        case .raiseCap:
            guard round == .open else { return .failure(.conflict("Đợt đánh giá đã phê duyệt và khóa: mở lại trước khi đổi tỷ lệ.")) }
        }
        return .success(())
    }

    /// Reviews still missing before approval: every evaluation must be reviewed. nil when the round may be approved.
    public static func approvalBlocker(selfAssessedOnly: Int, total: Int) -> String? {
        if total == 0 { return "Đợt đánh giá chưa có bản đánh giá nào: chưa phê duyệt được." }
        if selfAssessedOnly > 0 { return "Còn \(VNFormat.integer(selfAssessedOnly)) bản đánh giá chưa được xét: hãy xét hết trước khi phê duyệt." }
        return nil
    }
}

/// A scoring sheet: criteria with their maximum points; a filled sheet's total and level under the rules.
public struct ScoreSheet: Sendable, Equatable {
    public struct Criterion: Sendable, Equatable {
        public var id: Int
        public var title: String
        public var maxScore: Score
        public init(id: Int, title: String, maxScore: Score) {
            self.id = id
            self.title = title
            self.maxScore = maxScore
        }
    }

    public var criteria: [Criterion]
    public init(criteria: [Criterion]) { self.criteria = criteria }

    public var maxTotal: Score { criteria.reduce(.zero) { $0 + $1.maxScore } }

    /// Reads one typed score per criterion (by id): every criterion scored, each between 0 and its maximum.
    /// Returns the scores in the sheet's order, or the sentences that say what is wrong.
    public func read(_ typed: [Int: String]) -> Result<[Int: Score], RegistrationFlow.Problems> {
        var scores: [Int: Score] = [:]
        var problems: [String] = []
        for c in criteria {
            let raw = VietnameseText.clean(typed[c.id] ?? "")
            guard !raw.isEmpty else { problems.append("«\(c.title)»: hãy cho điểm."); continue }
            guard let s = Score(raw) else {
                problems.append("«\(c.title)»: \"\(VietnameseText.excerpt(raw))\" không phải số điểm (ví dụ 8 hoặc 8,5)."); continue
            }
            guard s <= c.maxScore else { problems.append("«\(c.title)»: tối đa \(c.maxScore) điểm."); continue }
            scores[c.id] = s
        }
        return problems.isEmpty ? .success(scores) : .failure(RegistrationFlow.Problems(messages: problems))
    }

    public func total(_ scores: [Int: Score]) -> Score {
        criteria.reduce(.zero) { $0 + (scores[$1.id] ?? .zero) }
    }
}

/// Points suggested for the "Kết quả thực hiện đăng ký làm theo" criterion from the member's registration: the
/// secretary's view where given, else the member's own year-end assessment; done = full, partly = half, not done
/// or no approved registration = 0. A suggestion only: the reviewer sets the points.
public enum RegistrationCriterion {
    public static let title = "Kết quả thực hiện đăng ký làm theo"

    public static func suggested(max: Score, outcome: RegistrationFlow.Outcome?) -> Score {
        switch outcome {
        case .done: max
        case .partly: Score(tenths: (max.tenths / 2))
        case .notDone, nil: .zero
        }
    }
}
