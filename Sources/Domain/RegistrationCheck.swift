import Foundation

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
        /// The fields of the duties and position alone, without the occupation's.
        public var assignedFields: [String]
        public var sharedWords: [String]
        public var commonConduct: Bool
        /// Union work in the action, when the member holds no union post.
        public var unionWork: [String]
        /// Leisure, charity or help to outsiders the duties do not name.
        public var offDuty: [String]
        /// The department or agency the act is done for, when it is not the member's own.
        public var otherBody: String?
        /// Whether the act helps that department or is done on its behalf ("giúp phòng Kế toán", "hộ phòng Vật tư"): then
        /// it is that department's work even in the member's own field.
        public var helpsOtherBody = false
        /// A verb of directing ("chỉ đạo") used by a member with no post that leads.
        public var authorityWithoutPost: String?
        /// Of the fields above, those that are a trade or sector rather than a role.
        public var sectors: [String] = []
        /// Words of a role within a workplace (purchasing, the laboratory) in the action, of no role the duties hold.
        public var otherRoleWords: [String] = []
        /// Whom the act is done instead of ("thay thợ máy", "khi đội xe thiếu người"), when the duties, position and
        /// occupation are not that role's.
        public var coveringFor: String?
        /// The team the act is done with ("cùng tổ bảo vệ"), when the duties, position and occupation are not that team's.
        public var workingWith: String?
        /// The concrete words that only say what is aimed at ("phấn đấu không có sản phẩm lỗi", "đảm bảo vệ sinh an toàn
        /// thực phẩm"): an outcome hoped for, not an act.
        public var aimedWords: [String] = []
        /// An act that is another role's job ("lái xe" by a roaster), and that role, when the member's own words hold none
        /// of its words.
        public var roleAct: RoleActFound?
        /// The upkeep of machines in the action, by a member whose duties name a role of their own (the statistician
        /// who changes a crusher's brake pads): one word of it says whose job it is.
        public var upkeepOfAnother = false
    }

    public struct RoleActFound: Sendable, Equatable {
        public var act: String
        public var role: String
    }

    public static func flags(_ r: Registration, context: Context, others: [Other] = [], vocabulary v: RegistrationVocabulary = .seed) -> [Flag] {
        let reading = read(r, context: context, vocabulary: v)
        var flags: [Flag] = []
        if let message = vagueness(reading) {
            flags.append(Flag(code: .vague, message: message))
        } else if let message = untiedness(reading, context: context) {
            flags.append(Flag(code: .untied, message: message))
        }
        let stop = CompiledVocabulary.of(v).stopSyllables
        let key = similarityKey(r.action, stop: stop)
        if key.count >= 2, let copy = others.first(where: { similar(key, similarityKey($0.action, stop: stop)) }) {
            flags.append(Flag(code: .duplicate, message: "Gần như trùng với đăng ký của \(copy.who) trong cùng đơn vị và năm («\(copy.action)»). "
                + "Mỗi người nên đăng ký việc gắn với nhiệm vụ của chính mình, hoặc ghi rõ phần việc riêng của mình trong việc chung."))
        }
        return flags
    }

    // MARK: - Reading

    public static func read(_ r: Registration, context: Context, vocabulary v: RegistrationVocabulary = .seed) -> Reading {
        let c = CompiledVocabulary.of(v)
        let action = Words(r.action)
        let result = Words(r.result)
        // Slogans are read without their figures: "hoàn thành 100% kế hoạch" is "hoàn thành kế hoạch".
        let slogan = action.withoutFigures
        let stockMatch = c.stockPhrases.matches(in: slogan).first
        let stock = stockMatch.map { v.stockPhrases[$0.id] }
        // What is left of the action once exhortation, virtue and filler words are taken out.
        // Counted once each: "thương yêu học sinh, tận tụy với học sinh" names one object, not two.
        var seen: Set<String> = []
        let concrete = slogan.syllables(outside: c.genericAndStock.longestMatches(in: slogan))
            .filter { !Words.isNumber($0) && !c.isStop($0, marked: slogan.marked) && seen.insert($0).inserted }
        let aims = aimScopes(slogan, c)
        var seenAimed: Set<String> = []
        let aimed = slogan.syllables.indices.filter { i in
            aims.contains(i) && !Words.isNumber(slogan.syllables[i]) && concrete.contains(slogan.syllables[i])
        }.map { slogan.syllables[$0] }.filter { seenAimed.insert($0).inserted }
        let measurable = action.hasCountedFigure || result.hasCountedFigure
            || c.measurePhrases.occurs(in: action) || c.measurePhrases.occurs(in: result)
        let hasDeadline = isDeadline(r.deadline) || c.timePhrases.occurs(in: action) || c.timePhrases.occurs(in: result)
            || action.hasDate || result.hasDate
        let conduct = c.commonConduct.occurs(in: action) || c.commonConduct.occurs(in: result)
        let duties = Words(([context.position, context.occupation] + context.duties).joined(separator: " . "))
        // Shared words are looked for in what the member was given to do: the occupation's own words ("công nhân",
        // "nhà máy") name who they are, and an action for other workers or about the plant need not be their duty.
        let assigned = Words(([context.position] + context.duties).joined(separator: " . "))
        // Where one's own work is sent ("nộp báo cáo cho kế toán", "gửi phòng Kế toán bảng công", "báo tổ trưởng") names
        // who receives it, not what is done: those syllables name no department worked for, and no field unless, sent
        // from the verb on, nothing else in the action does.
        let (to, sentFromVerb) = recipients(action)
        let sent = to.union(sentFromVerb)
        // A named department the act is done for ("cho phòng Kế toán") says whose work it is, not what it is about.
        let body = otherBody(in: action, duties: duties, c, skipping: sent)
        let outside = body.map { Set($0.range) } ?? []
        // The action says what is done; the result only measures it, so it names the field only when the action does not.
        // A workplace in the action ("cho phân xưởng", "của nhà máy") says where or for whom, not what is done.
        let allOwnFields = c.fieldsOf(action, skipping: outside, placesAsFallback: true)
        // Whom the duties serve ("cho công nhân kho", "cho khách") says for whom the work is done, not what it is:
        // the syllables from "cho" to the end of its clause name a field only when nothing else in the duties does.
        let dutyFields = c.fieldsOf(duties, skipping: beneficiaries(duties), placesAsFallback: true)
            .nonEmpty ?? c.fieldsOf(duties, skipping: [], placesAsFallback: true)
        let assignedFields = c.fieldsOf(assigned, skipping: beneficiaries(assigned), placesAsFallback: true)
            .nonEmpty ?? c.fieldsOf(assigned, skipping: [], placesAsFallback: true)
        // A field word the duties say too ("khách" of "hướng dẫn hành khách") is theirs. Such words, and a recipient's,
        // tie an act to the duties but never make it another's.
        let assignedOwn = Set(assigned.folded.indices).subtracting(beneficiaries(assigned))
        let echoed = Set(c.fieldMatches(action, skipping: outside).filter { m in
            let phrase = Array(action.folded[m.start ..< m.start + m.length])
            return assigned.folded.indices.contains { i in
                i + phrase.count <= assigned.folded.count && (i ..< i + phrase.count).allSatisfy(assignedOwn.contains)
                    && assigned.folded[i ..< i + phrase.count].elementsEqual(phrase)
            }
        }.flatMap { $0.start ..< $0.start + $0.length })
        // The people the duties serve, however the action names them ("khách" of "chở khách", "hành khách"; "khách mua" of
        // "bán thuốc"), are the member's own: serving them is no other role's word.
        let ownPeople = Set(Self.peopleGroups.indices.filter { Self.peopleGroups[$0].contains(where: duties.containsFolded) })
            .union(Self.servesCustomers.contains(where: duties.containsFolded) ? [0] : [])
        let servedByDuties = Set(c.fieldMatches(action, skipping: outside).filter { m in
            let phrase = action.folded[m.start ..< m.start + m.length].joined(separator: " ")
            return ownPeople.contains { Self.peopleGroups[$0].contains(phrase) }
        }.flatMap { $0.start ..< $0.start + $0.length })
        let notOthers = outside.union(to).union(echoed).union(servedByDuties)
        let ownFields = (c.fieldsOf(action, skipping: notOthers.union(sentFromVerb), placesAsFallback: true).nonEmpty
            ?? c.fieldsOf(action, skipping: notOthers, placesAsFallback: true)).union(allOwnFields.intersection(dutyFields))
        // Who makes or serves something checks the quality of their own work: for them those words are their job's.
        let checking: Set<Int> = dutyFields.contains { v.fields[$0].sector }
            ? Set(v.fields.indices.filter { v.fields[$0].ownWork && !dutyFields.contains($0) }) : []
        // Upkeep is the job of whoever runs the machine, unless the duties name a role of their own (a desk, the
        // cleaning): the statistician who changes a crusher's brake pads does the fitters' job.
        let ownRole = dutyFields.contains { !v.fields[$0].sector && !v.fields[$0].ownWork && !v.fields[$0].upkeep }
        let upkeep: Set<Int> = ownRole ? [] : Set(v.fields.indices.filter { v.fields[$0].upkeep })
        let ownWork = checking.union(upkeep)
        let actionFields = (allOwnFields.isEmpty ? c.fieldsOf(result, skipping: [], placesAsFallback: true) : ownFields).subtracting(ownWork)
        // Words of a role (purchasing, the laboratory, the warehouse) that the member's own duties do not hold.
        let roleText = allOwnFields.isEmpty ? result : action
        let roleWords = c.fieldMatches(roleText, skipping: allOwnFields.isEmpty ? [] : notOthers.union(sent)).filter { m in
            !c.isPlace[m.id] && c.fieldOf[m.id].contains { !v.fields[$0].sector }
                && c.fieldOf[m.id].allSatisfy { !assignedFields.contains($0) && !dutyFields.contains($0) && !ownWork.contains($0) }
        }.map { roleText.syllables[$0.start ..< $0.start + $0.length].joined(separator: " ") }
        let dutyBigrams = Set(assigned.bigrams)
        let shared = Set(action.bigrams).intersection(dutyBigrams).filter { b in
            !c.ignoredInBigrams.contains(b) && !c.commonWords.contains(b)
                && !b.split(separator: " ").allSatisfy { c.ignoredInBigrams.contains(String($0)) }
        }.sorted()
        let unionWork = c.unionActivities.matches(in: action).map { v.unionActivities[$0.id] }.filter { !duties.contains($0) }
        let offDuty = c.offDutyActivities.matches(in: action).map { v.offDutyActivities[$0.id] }
            .filter { !duties.contains($0) }
        let holdsUnionPost = c.unionPosts.occurs(in: duties)
        let authority = c.authorityVerbs.matches(in: action).first.map { v.authorityVerbs[$0.id] }
        let leads = c.leadershipWords.occurs(in: duties)
        let cover = covering(action, own: duties)
        // An act of a role's own, not where one's work is sent ("gửi phòng Thu mua") nor for whom it is done.
        let roleAct: RoleActFound? = c.roleActs.indices.lazy.compactMap { i -> RoleActFound? in
            let role = c.roleActs[i]
            guard let m = role.acts.matches(in: action).first(where: { m in !(m.start ..< m.start + m.length).contains { sent.contains($0) || outside.contains($0) } }),
                  !role.except.occurs(in: action), !role.owners.occurs(in: duties), !role.acts.occurs(in: duties) else { return nil }
            return RoleActFound(act: action.syllables[m.start ..< m.start + m.length].joined(separator: " "), role: v.roleActs[i].role)
        }.first
        var reading = Reading(concreteWords: concrete, measurable: measurable, hasDeadline: hasDeadline, stockPhrase: stock,
                       actionFields: v.fields.indices.filter { actionFields.contains($0) }.map { v.fields[$0].name },
                       dutyFields: v.fields.indices.filter { dutyFields.contains($0) }.map { v.fields[$0].name },
                       assignedFields: v.fields.indices.filter { assignedFields.contains($0) }.map { v.fields[$0].name },
                       sharedWords: shared, commonConduct: conduct,
                       unionWork: holdsUnionPost ? [] : unionWork,
                       // Free check-ups for the members, organised by the union officer in charge, are union work.
                       offDuty: holdsUnionPost && !unionWork.isEmpty ? [] : offDuty,
                       otherBody: body?.name,
                       helpsOtherBody: body.map { helps($0.range, in: action) } ?? false,
                       authorityWithoutPost: leads ? nil : authority,
                       sectors: v.fields.indices.filter { v.fields[$0].sector && (actionFields.contains($0) || dutyFields.contains($0)) }
                           .map { v.fields[$0].name },
                       otherRoleWords: Array(Set(roleWords)).sorted(),
                       coveringFor: cover.flatMap { $0.with ? nil : $0.name },
                       workingWith: cover.flatMap { $0.with ? $0.name : nil }, aimedWords: aimed)
        reading.roleAct = roleAct
        reading.upkeepOfAnother = ownRole && actionFields.contains { v.fields[$0].upkeep }
        return reading
    }

    /// The syllables that only say what is aimed at: from an aim word ("phấn đấu", "đảm bảo") on, through clauses that
    /// begin with no verb of doing and hold no figure ("đảm bảo giao hàng đúng hẹn, an toàn tuyệt đối"), up to the aim's
    /// means ("bằng cách …"), an act ("…, lập sổ bàn giao") or another aim.
    static func aimScopes(_ w: Words, _ c: CompiledVocabulary) -> Set<Int> {
        let aims = Set(c.aimWords.matches(in: w).map(\.start))
        guard !aims.isEmpty else { return [] }
        let means = Set(c.meansWords.matches(in: w).map(\.start))
        let acts = Set(c.actVerbs.matches(in: w).map(\.start))
        var scope: Set<Int> = []
        var i = 0
        while i < w.folded.count {
            guard aims.contains(i) else { i += 1; continue }
            var end = i + 1
            while end < w.folded.count, !means.contains(end) {
                if w.clauseStarts.contains(end) {
                    let clauseEnd = (end + 1 ..< w.folded.count).first { w.clauseStarts.contains($0) } ?? w.folded.count
                    if acts.contains(end) || aims.contains(end) || w.folded[end ..< clauseEnd].contains(where: Words.isNumber) { break }
                }
                end += 1
            }
            scope.formUnion(i ..< end)
            i = end
        }
        return scope
    }

    /// The fields of work a text's words name (a duty's title, say); empty when the vocabulary knows none of them, and
    /// then the check cannot tell an act outside that duty.
    public static func fields(of text: String, vocabulary v: RegistrationVocabulary = .seed) -> [String] {
        let found = CompiledVocabulary.of(v).fieldsOf(Words(text), skipping: [], placesAsFallback: true)
        return v.fields.indices.filter(found.contains).map { v.fields[$0].name }
    }

    /// The syllables of "cho …" clauses: from the preposition to the end of its clause (whom the work serves).
    static func beneficiaries(_ w: Words) -> Set<Int> {
        var out: Set<Int> = []
        var inside = false
        for i in w.folded.indices {
            if w.clauseStarts.contains(i) { inside = false }
            // "cho vay", "cho thuê", "cho ăn": there "cho" is the work itself (lending, letting, feeding).
            if w.folded[i] == "cho", i + 1 >= w.folded.count || !["vay", "thue", "an", "bu", "uong", "muon", "phep"].contains(w.folded[i + 1]) {
                inside = true
            }
            if inside { out.insert(i) }
        }
        return out
    }

    /// Whom one's work is sent to: after "gửi", "nộp", "bàn giao" or "báo" (to tell, not "báo cáo", "báo giá", a
    /// newspaper), the syllables from the clause's "cho" ("gửi điểm cho phòng Thu mua") or, without one, from the verb
    /// ("gửi phòng Kế toán bảng công", "báo tổ trưởng") to the end of the clause.
    static func recipients(_ w: Words) -> (to: Set<Int>, fromVerb: Set<Int>) {
        let f = w.folded
        func clauseEnd(after i: Int) -> Int { (i + 1 ..< f.count).first { w.clauseStarts.contains($0) } ?? f.count }
        var to: Set<Int> = [], fromVerb: Set<Int> = []
        // With marks, "bao tiêu" (to buy up) is not "báo".
        func `is`(_ i: Int, _ marked: String, _ folded: String) -> Bool { w.marked ? w.syllables[i] == marked : f[i] == folded }
        for i in f.indices {
            let next = i + 1 < f.count ? f[i + 1] : "", previous = i > 0 ? f[i - 1] : ""
            let sends = `is`(i, "gửi", "gui") || `is`(i, "nộp", "nop")
                || (`is`(i, "bàn", "ban") && next == "giao" && !["da", "duoc"].contains(previous))
                || (`is`(i, "báo", "bao") && !["cao", "gia", "chi", "dong", "thuc", "hieu", "chay", "in", "dien", "tuoi", "ve", "quan", "tri"].contains(next))
            guard sends else { continue }
            let end = clauseEnd(after: i)
            if let cho = (i + 1 ..< end).first(where: { f[$0] == "cho" }) { to.formUnion(cho ..< end) } else { fromVerb.formUnion(i ..< end) }
        }
        return (to, fromVerb.subtracting(to))
    }

    /// "cho phòng Kế toán", "của Sở Y tế": a department or agency the act is done for, when the member's own duties,
    /// position and occupation do not name it. Not one that one's work is sent to (`skipping`).
    static func otherBody(in action: Words, duties: Words, _ c: CompiledVocabulary, skipping sent: Set<Int> = []) -> (name: String, range: Range<Int>)? {
        let preps = c.bodyPrepositions
        for m in c.bodies.longestMatches(in: action) where m.start > 0 && preps.contains(action.folded[m.start - 1])
            && !action.clauseStarts.contains(m.start) && !sent.contains(m.start) {
            if c.rooms.matches(in: action).contains(where: { $0.start == m.start && $0.length > m.length }) { continue }
            // Typed without marks, a one-syllable head is too often another word: "so" is also sổ and số, "ban" bàn and bạn.
            if !action.marked && m.length == 1 && !["phong", "ubnd"].contains(action.folded[m.start]) { continue }
            // The name runs to the next filler word, at most three syllables: enough to tell "Kế toán" from "Nhân sự".
            var end = m.start + m.length
            while end < action.folded.count, end < m.start + m.length + 3, !c.stopSyllables.contains(action.folded[end]),
                  !Words.isNumber(action.folded[end]), !action.clauseStarts.contains(end) { end += 1 }
            // The head's first syllable ("phòng", "ban") names no one; what follows it does ("ban giám đốc", "phòng Kế toán").
            let nameWords = Array(action.folded[(m.start + 1) ..< end])
            guard !nameWords.isEmpty else { continue }
            let pairs = zip(nameWords, nameWords.dropFirst()).map { $0 + " " + $1 }.filter { !c.ignoredInBigrams.contains($0) }
            let own = nameWords.count == 1 ? duties.folded.contains(nameWords[0]) : pairs.contains { duties.bigrams.contains($0) }
            if own { continue }
            return (action.syllables[m.start ..< end].joined(separator: " "), m.start ..< end)
        }
        return nil
    }

    /// "… giúp phòng Kinh doanh", "… hộ phòng Vật tư" closing its clause: the act is done for that department, as its
    /// work. Not "giúp phòng Kế toán khóa sổ đúng hạn", where one's own work lets that department do its own.
    static func helps(_ body: Range<Int>, in action: Words) -> Bool {
        guard body.lowerBound > 0, ["giup", "ho"].contains(action.folded[body.lowerBound - 1]) else { return false }
        return body.upperBound == action.folded.count || action.clauseStarts.contains(body.upperBound)
    }

    /// A registration is made for a year: "năm 2026" or "trong năm" alone sets no deadline within it.
    /// A vocabulary phrase (kept in lower case) as a sentence shows it: capital first letter, and the names of Hồ Chí
    /// Minh written as names.
    static func display(_ phrase: String) -> String {
        var text = phrase.prefix(1).uppercased() + phrase.dropFirst()
        for (lower, name) in [("hồ chí minh", "Hồ Chí Minh"), ("ho chi minh", "Hồ Chí Minh"), ("bác hồ", "Bác Hồ"), ("theo bác", "theo Bác")] {
            text = text.replacingOccurrences(of: lower, with: name)
        }
        return text
    }

    static func isDeadline(_ text: String) -> Bool {
        let words = Words.fold(text).split(separator: " ").map(String.init)
            .filter { !["trong", "ca", "suot", "nam", "nay"].contains($0) && !($0.count == 4 && $0.allSatisfy(\.isNumber)) }
        return !words.isEmpty
    }

    /// Vague: no concrete act and nothing to measure it by; or neither a measure nor a time for an action that is
    /// not spelled out in detail; or a stock phrase that is not followed by a concrete, measured act.
    static func vagueness(_ r: Reading) -> String? {
        // A long, specific action stands without a figure or a date; a short one needs one of them; a slogan needs a
        // measure and enough words of its own besides, since "100%" of a slogan is still a slogan.
        // What is only aimed at ("phấn đấu không có sản phẩm lỗi") is an outcome hoped for: at least one word must say
        // what will be done, and a figure that measures only the aim ("100%", "không để") does not make it an act.
        let acts = r.concreteWords.count - r.aimedWords.count
        let concrete = (r.concreteWords.count >= 4 || (r.concreteWords.count >= 3 && !r.actionFields.isEmpty)) && acts >= 1
        let detailed = r.concreteWords.count >= 8
        let onlyAims = acts == 0 && !r.aimedWords.isEmpty
        let vague = (!concrete && (!r.measurable || onlyAims))
            || (!r.measurable && !r.hasDeadline && !detailed)
            || (r.stockPhrase != nil && (!r.measurable || !concrete))
        guard vague else { return nil }
        var missing: [String] = []
        if !concrete {
            missing.append(onlyAims
                ? "mới nêu điều mong đạt được (phấn đấu, bảo đảm, không để…), chưa nêu việc cụ thể sẽ làm để đạt điều đó"
                : "chưa nêu việc cụ thể sẽ làm")
        }
        if !r.measurable { missing.append("chưa có kết quả đo được (số lượng, tỉ lệ %, mức độ)") }
        if !r.hasDeadline { missing.append("chưa có thời hạn") }
        if missing.isEmpty { missing.append("con số đi kèm chỉ đo khẩu hiệu, chưa đo một việc làm cụ thể") }
        let lead = r.stockPhrase.map { "«\(display($0))» là khẩu hiệu chung; " } ?? ""
        return "Việc đăng ký còn chung chung: " + lead + missing.joined(separator: ", ") + ". Hãy ghi rõ làm việc gì, cho ai, "
            + "đạt bao nhiêu và đến khi nào, ví dụ: «Mỗi tháng soạn 2 bài giảng điện tử cho khối 10, hết học kỳ I»."
    }

    /// Untied, for one of four reasons, checked in this order: union work by a member with no union post; an
    /// activity outside work (leisure, charity, teaching outsiders); directing others without a post that leads;
    /// work done for another department, or in a field of work the duties do not touch. Words shared with the duties
    /// tie an action whatever else it says.
    /// Who does a job, folded: the head of a role ("thợ máy", "nhân viên thử nghiệm", "lái tàu").
    static let roleHeads: Set<String> = [
        "tho", "nhan vien", "can bo", "chuyen vien", "ky su", "ky thuat vien", "bac si", "dieu duong", "ho sinh", "y ta",
        "giao vien", "ke toan", "thu kho", "thu quy", "bao ve", "lai tau", "lai xe", "lai phu", "tai xe", "thuyen pho",
        "thuyen truong", "phu xe", "duoc si", "ho ly", "le tan", "thu ky", "van thu",
    ]

    /// A team ("tổ", "đội", "phòng", "bộ phận", "nhóm", "ca") named by its work: "đội xe", "tổ kỹ thuật".
    static let teamHeads: Set<String> = ["to", "doi", "phong", "bo phan", "nhom", "ca", "kip"]

    /// Being away or short: "khi thợ máy nghỉ phép", "các ngày đội xe thiếu người", "khi tổ kỹ thuật quá tải".
    static let away: [[String]] = [["thieu", "nguoi"], ["thieu", "tho"], ["nghi", "phep"], ["nghi", "om"], ["qua", "tai"], ["vang"]]

    /// The role an act is done instead of, as the action names it: "thay thợ máy", "thay cho kỹ sư ca", or a team or
    /// role that is away when the act is done ("khi đội lắp đặt thiếu thợ", "trong thời gian hộ sinh của trạm nghỉ
    /// phép"). Only a role the member's own words (duties, position, occupation) do not name: a nurse covering
    /// another nurse's shift does her own job.
    /// Or a team the act is done with ("trực đêm cùng tổ bảo vệ"): that team's work (`with`).
    static func covering(_ action: Words, own: Words) -> (name: String, with: Bool)? {
        let f = action.folded
        let mine = " " + own.folded.joined(separator: " ") + " "
        func head(at i: Int, in heads: Set<String>) -> Int? {
            for n in [3, 2, 1] where i + n <= f.count && heads.contains(f[i ..< i + n].joined(separator: " ")) { return n }
            return nil
        }
        /// The role's name from its head to the end of its clause, at most three more syllables, stopping at a word
        /// of time or of being away.
        func role(from i: Int, head n: Int) -> [String] {
            var end = i + n
            let stops: Set<String> = ["khi", "trong", "vao", "luc", "cac", "moi", "nghi", "thieu", "qua", "vang", "cua", "o", "tai", "de", "va"]
            while end < f.count, end < i + n + 3, !action.clauseStarts.contains(end), !stops.contains(f[end]), !Words.isNumber(f[end]) { end += 1 }
            return Array(f[i ..< end])
        }
        func isOthers(_ words: [String]) -> Bool { !mine.contains(" " + words.joined(separator: " ") + " ") }
        /// A team named by its work ("phòng Mẫu", "tổ bảo dưỡng"), not a shift ("thay ca", "cùng kíp") nor, after "thay",
        /// a change ("thay đổi" folds to "thay doi").
        func namedTeam(at j: Int, after verb: String) -> Int? {
            guard let n = head(at: j, in: teamHeads.subtracting(verb == "thay" ? ["ca", "kip", "doi"] : ["ca", "kip"])) else { return nil }
            return role(from: j, head: n).count > n ? n : nil
        }
        for i in f.indices where f[i] == "thay" || f[i] == "cung" {
            var j = i + 1
            if j < f.count, f[j] == "cho" || f[j] == "voi" { j += 1 }
            guard let n = (f[i] == "thay" ? head(at: j, in: roleHeads) : nil) ?? namedTeam(at: j, after: f[i]) else { continue }
            let name = role(from: j, head: n)
            // "thay thợ" alone names no one in particular.
            if name.count > 1 || n > 1, isOthers(name) { return (action.syllables[j ..< j + name.count].joined(separator: " "), f[i] == "cung") }
        }
        for i in f.indices {
            guard let n = head(at: i, in: roleHeads.union(teamHeads)) else { continue }
            let name = role(from: i, head: n)
            guard name.count > n || roleHeads.contains(f[i ..< i + n].joined(separator: " ")) else { continue }
            var k = i + name.count
            if k + 1 < f.count, f[k] == "cua" { k += 2 }   // "hộ sinh của trạm"
            let isAway = !action.clauseStarts.contains(k) && away.contains { w in k + w.count <= f.count && Array(f[k ..< k + w.count]) == w }
            // Being away must be said right after the name, and the act done at that time ("khi", "vào các ngày"…).
            let when = f[..<i].suffix(4).contains { ["khi", "luc", "trong", "vao", "nhung", "cac"].contains($0) }
            if isAway, when, name.count >= 2 || roleHeads.contains(name.joined(separator: " ")), isOthers(name) {
                return (action.syllables[i ..< i + name.count].joined(separator: " "), false)
            }
        }
        return nil
    }

    /// Whom work is done for, folded: words many jobs of one workplace share.
    static let people: Set<String> = [
        "hoc sinh", "sinh vien", "hoc vien", "phu huynh", "nguoi benh", "benh nhan", "nguoi nha", "khach hang", "hanh khach",
        "cong nhan", "nguoi lao dong", "nguoi dan", "cong dan",
    ]

    /// Names of the same people, folded: the customers (group 0), pupils, patients, workers, citizens.
    static let peopleGroups: [[String]] = [
        ["khach", "khach hang", "hanh khach", "nguoi mua", "khach mua", "khach hang moi"],
        ["hoc sinh", "hoc vien", "sinh vien", "tre"],
        ["nguoi benh", "benh nhan", "nguoi nha"],
        ["cong nhan", "nguoi lao dong"],
        ["nguoi dan", "cong dan"],
    ]

    /// Duties of selling or serving at a counter, folded: they serve customers even when they do not name them.
    static let servesCustomers = ["ban hang", "ban ve", "ban thuoc", "ban le", "tu van", "cham soc khach"]

    /// Union work that is the Party cell's, folded: its message names the cell instead of the union.
    static let partyWork = ["chi bo", "dang"]

    /// Occupations of an office role, folded, and the field that role's work is in. A guard's or a storekeeper's duties
    /// reach the whole site (its gates, its goods), so their roles are not here.
    static let officeRoles: [(String, String)] = [
        ("ke toan", "tài chính"), ("thu quy", "tài chính"), ("mua hang", "kinh doanh, bán hàng"), ("thu mua", "kinh doanh, bán hàng"),
        ("kinh doanh", "kinh doanh, bán hàng"), ("ban hang", "kinh doanh, bán hàng"),
        ("nhan su", "nhân sự, lao động"), ("lap trinh", "công nghệ thông tin"), ("cong nghe thong tin", "công nghệ thông tin"),
        ("van thu", "hành chính công"),
    ]
    static func officeRole(_ occupation: String) -> String? {
        let folded = " " + Words.fold(occupation) + " "
        return officeRoles.first { folded.contains(" " + $0.0 + " ") }?.1
    }

    static func untiedness(_ r: Reading, context: Context) -> String? {
        // Shared words tie an action whatever else it says: a homeroom teacher's show "cho lớp chủ nhiệm" is her class's.
        // Except the people both serve: a school nurse's "học sinh" does not make collecting their fees hers, when two
        // words of that other role say whose work it is. And any shared word, when three words of another role do: the
        // drivers a complaints desk hears about are not the desk's to hire ("phỏng vấn", "tuyển", "thử việc"). And any
        // shared word when the act is done in another role's place: a fitter who redraws the drawings "thay kỹ sư thiết
        // kế" works from those drawings, and still does the engineer's job.
        // Or an act that is another role's job, whatever it is done to (`roleAct`).
        let untiedByWords = r.sharedWords.isEmpty
            || (r.sharedWords.allSatisfy(Self.people.contains) && r.otherRoleWords.count >= 2)
            || r.otherRoleWords.count >= 3 || r.coveringFor != nil || r.workingWith != nil || r.helpsOtherBody
        guard untiedByWords || r.roleAct != nil else { return nil }
        let duty = context.duties.first { !$0.isEmpty } ?? context.position
        let assigned = duty.isEmpty ? "nhiệm vụ được giao" : "nhiệm vụ được giao «\(duty)»"
        let advice = " Hãy chọn việc phục vụ trực tiếp nhiệm vụ của mình; việc ngoài nhiệm vụ có thể đăng ký trong phong trào khác của đơn vị."
        func lead(_ phrase: String) -> String { "Việc đăng ký chưa gắn với \(assigned): «\(phrase.prefix(1).uppercased() + phrase.dropFirst())» " }
        if let work = r.unionWork.first {
            if Self.partyWork.contains(where: Words.fold(work).contains) {
                return lead(work) + "là việc của chi bộ, mà chức vụ của đồng chí không có chức danh cấp ủy nào." + advice
            }
            return lead(work) + "là việc của công đoàn, mà chức vụ của đồng chí không có chức danh công đoàn nào." + advice
        }
        if let activity = r.offDuty.first {
            return lead(activity) + "là hoạt động ngoài công việc (văn hóa, thể thao, thiện nguyện…) mà nhiệm vụ không nói đến." + advice
        }
        if let verb = r.authorityWithoutPost {
            return lead(verb) + "là việc của người có chức vụ quản lý, mà chức vụ và nhiệm vụ của đồng chí không giao việc này." + advice
        }
        if let role = r.coveringFor {
            return lead(role) + "vắng hay thiếu người thì làm thay là việc tốt, nhưng đó là việc của «\(role)», không phải "
                + "nhiệm vụ của đồng chí." + advice
        }
        if let team = r.workingWith {
            return lead(team) + "là tổ, bộ phận khác; làm cùng họ là việc tốt, nhưng đó là việc của «\(team)», không phải "
                + "nhiệm vụ của đồng chí." + advice
        }
        guard !r.commonConduct else { return nil }
        let roleActMessage = r.roleAct.map {
            lead($0.act) + "là việc của vị trí \($0.role), mà nhiệm vụ, chức vụ và nghề của đồng chí không có việc này." + advice
        }
        // The fields say more when they tell it too; words shared with the duties leave only the act to say it.
        guard untiedByWords else { return roleActMessage }
        return byFields() ?? roleActMessage
        func byFields() -> String? {
        // Work for another department is its staff's work unless it is about what the member was given to do; the
        // occupation alone ("nhân viên giao dịch") does not make another department's report one's own.
        if let body = r.otherBody, r.helpsOtherBody || Set(r.actionFields).isDisjoint(with: r.assignedFields) {
            let theirs = r.assignedFields.isEmpty ? "" : " (nhiệm vụ thuộc lĩnh vực \(r.assignedFields.joined(separator: ", ")))"
            return lead(body) + "không phải bộ phận của đồng chí, nên việc làm cho bộ phận đó là việc của người khác\(theirs)." + advice
        }
        // An office role named by the occupation and held in the duties (the books, purchasing and sales, personnel,
        // IT, records): an act with no word of that role, sharing with the duties no more than the plant's sector, is
        // another's: the buyer who tests welds, the accountant who calibrates a press.
        if let role = Self.officeRole(context.occupation), r.assignedFields.contains(role), !r.actionFields.isEmpty,
           !r.actionFields.contains(role), Set(r.actionFields).intersection(r.assignedFields).isSubset(of: Set(r.sectors)) {
            return "Việc đăng ký thuộc lĩnh vực \(r.actionFields.joined(separator: ", ")), còn công việc của «\(context.occupation)» "
                + "thuộc lĩnh vực \(role): việc này chưa gắn với \(assigned)." + advice
        }
        // Duties in words of no field the vocabulary knows say nothing either way: no flag rather than a guess.
        guard !r.actionFields.isEmpty, !r.dutyFields.isEmpty else { return nil }
        if !Set(r.actionFields).isDisjoint(with: r.dutyFields) {
            // Sharing only the plant's sector, two roles are still two jobs: the buyer's ultrasound test of welds is
            // the laboratory's.
            let sectors = Set(r.sectors)
            let actionRoles = Set(r.actionFields).subtracting(sectors), dutyRoles = Set(r.assignedFields).subtracting(sectors)
            // A role of the action that the duties do not touch at all.
            let others = actionRoles.subtracting(r.dutyFields)
            // One such word can be a tool of one's own job (a guard photographs a plate); two name another's job.
            guard !others.isEmpty, actionRoles.isDisjoint(with: dutyRoles), r.otherRoleWords.count >= (r.upkeepOfAnother ? 1 : 2),
                  Set(r.actionFields).intersection(r.dutyFields).isSubset(of: sectors) else { return nil }
            let roles = r.actionFields.filter(others.contains).joined(separator: ", ")
            let own = r.assignedFields.isEmpty ? r.dutyFields : r.assignedFields
            let words = r.otherRoleWords.map { "«\($0)»" }.joined(separator: ", ")
            return "Việc đăng ký (\(words)) là việc của vị trí khác trong cùng ngành, thuộc lĩnh vực \(roles), chưa gắn với "
                + "\(assigned) (nhiệm vụ thuộc lĩnh vực \(own.joined(separator: ", ")))." + advice
        }
        let theirs = r.dutyFields.isEmpty ? "" : " (nhiệm vụ thuộc lĩnh vực \(r.dutyFields.joined(separator: ", ")))"
        return "Việc đăng ký thuộc lĩnh vực \(r.actionFields.joined(separator: ", ")), chưa gắn với \(assigned)\(theirs)." + advice
        }
    }

    // MARK: - Copies

    /// The words of an action without diacritics, case, order, numbers or filler: two actions with the same key
    /// say the same thing.
    public static func similarityKey(_ action: String, vocabulary v: RegistrationVocabulary = .seed) -> Set<String> {
        similarityKey(action, stop: CompiledVocabulary.of(v).stopSyllables)
    }

    static func similarityKey(_ action: String, stop: Set<String>) -> Set<String> {
        Set(Words.fold(action).split(separator: " ").map(String.init).filter { !Words.isNumber($0) && !stop.contains($0) })
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
    /// Where a new clause starts (after a comma, a full stop, a dash…): a name does not run across one.
    let clauseStarts: Set<Int>

    init(_ text: String) {
        let folded = Words.fold(text)
        let lower = Words.lower(text)
        let foldedSyllables = folded.split(separator: " ").map(String.init)
        let lowerSyllables = lower.split(separator: " ").map(String.init)
        // Folding can only drop marks, so both forms have the same syllables unless a stray character split differently.
        let marked = lower != folded && lowerSyllables.count == foldedSyllables.count
        self.syllables = marked ? lowerSyllables : foldedSyllables
        self.folded = foldedSyllables
        self.marked = marked
        var starts: Set<Int> = []
        var count = 0
        for piece in text.split(whereSeparator: { ",.;:!?()[]–—-\"“”".contains($0) }) {
            if count > 0 { starts.insert(count) }
            count += Words.fold(String(piece)).split(separator: " ").count
        }
        clauseStarts = count == foldedSyllables.count ? starts : []
    }

    /// Folded, with punctuation as spaces; "%" and "/" stay, so "20%" and "31/12/2026" read as one word.
    static func fold(_ text: String) -> String { words(VietnameseText.fold(text)) }

    /// Lower case with the marks kept, punctuation as spaces.
    static func lower(_ text: String) -> String { words(VietnameseText.clean(text).lowercased()) }

    private static func words(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var space = false
        for scalar in text.unicodeScalars {
            let keep = scalar.properties.isAlphabetic || scalar.properties.generalCategory == .nonspacingMark
                || ("0"..."9").contains(scalar) || scalar == "%"
                // "/" joins figures ("31/12/2026", "5/5"); between words ("phòng/ca", "tin/tuần") it separates them.
                || (scalar == "/" && !space && out.last.map { ("0"..."9").contains($0) } == true)
            if keep {
                if space && !out.isEmpty { out.append(" ") }
                space = false
                out.append(scalar)
            } else {
                space = true
            }
        }
        return VietnameseText.nfc(String(out))
    }

    private init(syllables: [String], folded: [String], marked: Bool, clauseStarts: Set<Int>) {
        self.syllables = syllables
        self.folded = folded
        self.marked = marked
        self.clauseStarts = clauseStarts
    }

    /// The same text with its figures taken out. Its clauses stay where they were: "phấn đấu không để sót hồ sơ, lập 20
    /// biên bản" is still two clauses.
    var withoutFigures: Words {
        guard syllables.contains(where: Words.isFigure) else { return self }
        let kept = syllables.indices.filter { !Words.isFigure(syllables[$0]) }
        var starts: Set<Int> = []
        for (new, old) in kept.enumerated() where new > 0 {
            // A clause that started at a figure or just after the previous kept syllable starts at this one.
            if (kept[new - 1] + 1 ... old).contains(where: clauseStarts.contains) { starts.insert(new) }
        }
        return Words(syllables: kept.map { syllables[$0] }, folded: kept.map { folded[$0] }, marked: marked, clauseStarts: starts)
    }

    static func isNumber(_ s: String) -> Bool { s.unicodeScalars.contains { ("0"..."9").contains($0) } }

    /// Only digits, with "%" or "/" ("20%", "12/2026"): "5s", "10a3" or "h3" name things, they count nothing.
    static func isFigure(_ s: String) -> Bool {
        isNumber(s) && s.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || $0 == "%" || $0 == "/" }
    }

    /// Whether a phrase of the vocabulary occurs, for the few checks that are not worth compiling.
    func contains(_ phrase: String) -> Bool {
        let p = (marked ? Words.lower(phrase) : Words.fold(phrase)).split(separator: " ").map(String.init)
        guard !p.isEmpty, p.count <= syllables.count else { return false }
        return (0 ... syllables.count - p.count).contains { i in syllables[i ..< i + p.count].elementsEqual(p) }
    }

    /// The syllables outside the given matches.
    func syllables(outside matches: [PhraseList.Match]) -> [String] {
        var covered = [Bool](repeating: false, count: syllables.count)
        for m in matches { for i in m.start ..< m.start + m.length { covered[i] = true } }
        return syllables.indices.filter { !covered[$0] }.map { syllables[$0] }
    }

    /// Pairs of neighbouring syllables, figures left out so "dọn phòng" meets "dọn 14 phòng".
    /// Whether a folded phrase ("khach hang") occurs, marks or none.
    func containsFolded(_ phrase: String) -> Bool {
        let p = phrase.split(separator: " ").map(String.init)
        guard !p.isEmpty, p.count <= folded.count else { return false }
        return (0 ... folded.count - p.count).contains { folded[$0 ..< $0 + p.count].elementsEqual(p) }
    }

    var bigrams: [String] {
        let words = folded.filter { !Words.isFigure($0) }
        guard words.count >= 2 else { return [] }
        return (0 ..< words.count - 1).map { words[$0] + " " + words[$0 + 1] }
    }

    /// A figure with what it counts after it ("2 chuyên đề"), or a percentage.
    var hasCountedFigure: Bool {
        for (i, s) in syllables.enumerated() where Words.isFigure(s) {
            if s.hasSuffix("%") { return true }
            if s.contains("/") { continue }
            // "năm 2026" names the year, it counts nothing.
            if i > 0, folded[i - 1] == "nam", s.count == 4, s.hasPrefix("19") || s.hasPrefix("20") { continue }
            if i + 1 < syllables.count, !Words.isNumber(syllables[i + 1]) { return true }
        }
        return false
    }

    /// A date or a month/year: "31/12/2026", "12/2026".
    var hasDate: Bool { syllables.contains { $0.contains("/") && Words.isNumber($0) } }
}

/// A list of phrases split into syllables once, in both forms, and indexed by first syllable, so finding them in a
/// text costs a dictionary look-up a syllable instead of a search of the whole text a phrase.
struct PhraseList: Sendable {
    struct Match: Sendable {
        let start, length, id: Int
    }

    private let marked: [String: [(syllables: [String], id: Int)]]
    private let folded: [String: [(syllables: [String], id: Int)]]

    init(_ phrases: [String]) {
        var marked: [String: [(syllables: [String], id: Int)]] = [:]
        var folded: [String: [(syllables: [String], id: Int)]] = [:]
        for (id, phrase) in phrases.enumerated() {
            let m = Words.lower(phrase).split(separator: " ").map(String.init)
            let f = Words.fold(phrase).split(separator: " ").map(String.init)
            if let first = m.first { marked[first, default: []].append((m, id)) }
            if let first = f.first { folded[first, default: []].append((f, id)) }
        }
        self.marked = marked
        self.folded = folded
    }

    /// Every occurrence of every phrase, in text order.
    func matches(in w: Words) -> [Match] {
        let index = w.marked ? marked : folded
        let s = w.syllables
        var found: [Match] = []
        for i in s.indices {
            for (p, id) in index[s[i]] ?? [] where i + p.count <= s.count && s[i ..< i + p.count].elementsEqual(p) {
                found.append(Match(start: i, length: p.count, id: id))
            }
        }
        return found
    }

    func occurs(in w: Words) -> Bool { !matches(in: w).isEmpty }

    /// Matches that do not overlap, the longest taking its syllables first: "máy tính" is read before "máy" in it.
    func longestMatches(in w: Words) -> [Match] {
        var covered = [Bool](repeating: false, count: w.syllables.count)
        var kept: [Match] = []
        for m in matches(in: w).sorted(by: { ($0.length, -$0.start) > ($1.length, -$1.start) }) {
            let span = m.start ..< m.start + m.length
            if span.contains(where: { covered[$0] }) {
                // The same span in another list entry (a word of two fields) is read too.
                if let k = kept.first(where: { $0.start == m.start && $0.length == m.length }), k.id != m.id { kept.append(m) }
                continue
            }
            for i in span { covered[i] = true }
            kept.append(m)
        }
        return kept
    }
}

extension Set {
    var nonEmpty: Set? { isEmpty ? nil : self }
}

/// The vocabulary made ready for reading: built once per vocabulary (the seed in practice) and reused.
final class CompiledVocabulary: Sendable {
    let stockPhrases, genericAndStock, measurePhrases, timePhrases, commonConduct: PhraseList
    /// Generic and everyday words: a field word inside one of them is not read.
    let fieldBlockers: PhraseList
    let unionActivities, unionPosts, offDutyActivities, authorityVerbs, leadershipWords, bodies, rooms: PhraseList
    let aimWords, meansWords, actVerbs: PhraseList
    let roleActs: [(acts: PhraseList, except: PhraseList, owners: PhraseList)]
    /// Every field word once; `fieldOf` says which fields each belongs to.
    let fieldWords: PhraseList
    let fieldOf: [[Int]]
    let isPlace: [Bool]
    /// Field words that are also every workplace's people or acts ("công nhân"): they name no field of their own.
    let isCommon: [Bool]
    let stopSyllables: Set<String>
    /// The same with their marks: typed with marks, "môi" (of "môi trường") is not "mỗi".
    let markedStopSyllables: Set<String>
    func isStop(_ syllable: String, marked: Bool) -> Bool {
        marked ? markedStopSyllables.contains(syllable) : stopSyllables.contains(Words.fold(syllable))
    }
    let ignoredInBigrams: Set<String>
    let bodyPrepositions: Set<String>
    let commonWords: Set<String>

    init(_ v: RegistrationVocabulary) {
        stockPhrases = PhraseList(v.stockPhrases)
        genericAndStock = PhraseList(v.genericWords + v.stockPhrases)
        fieldBlockers = PhraseList(v.genericWords + v.commonWords)
        measurePhrases = PhraseList(v.measurePhrases)
        timePhrases = PhraseList(v.timePhrases)
        commonConduct = PhraseList(v.commonConduct)
        unionActivities = PhraseList(v.unionActivities)
        unionPosts = PhraseList(v.unionPosts)
        offDutyActivities = PhraseList(v.offDutyActivities)
        authorityVerbs = PhraseList(v.authorityVerbs)
        leadershipWords = PhraseList(v.leadershipWords)
        bodies = PhraseList(v.bodies)
        rooms = PhraseList(v.rooms)
        aimWords = PhraseList(v.aimWords)
        meansWords = PhraseList(v.meansWords)
        actVerbs = PhraseList(v.actVerbs)
        roleActs = v.roleActs.map { (PhraseList($0.acts), PhraseList($0.except), PhraseList($0.owners)) }
        var words: [String] = []
        var fieldOf: [[Int]] = []
        var position: [String: Int] = [:]
        for (f, field) in v.fields.enumerated() {
            for word in field.words {
                // Keyed with the marks: "công đoạn" of a plant and "công đoàn" of the union are two words.
                let key = Words.lower(word)
                if let i = position[key] {
                    if !fieldOf[i].contains(f) { fieldOf[i].append(f) }
                } else {
                    position[key] = words.count
                    words.append(word)
                    fieldOf.append([f])
                }
            }
        }
        fieldWords = PhraseList(words)
        self.fieldOf = fieldOf
        let places = Set(v.places.map(Words.fold))
        isPlace = words.map { places.contains(Words.fold($0)) }
        let common = Set(v.commonWords.map(Words.fold))
        isCommon = words.map { common.contains(Words.fold($0)) }
        stopSyllables = Set(v.stopWords.flatMap { Words.fold($0).split(separator: " ").map(String.init) })
        markedStopSyllables = Set(v.stopWords.flatMap { Words.lower($0).split(separator: " ").map(String.init) })
        // A workplace both texts name ("Điện lực", "bưu điện") says where, not what: it ties nothing.
        ignoredInBigrams = Set((v.genericWords + v.stopWords + v.places).map(Words.fold))
        bodyPrepositions = Set(v.bodyPrepositions.map(Words.fold))
        commonWords = Set(v.commonWords.map(Words.fold))
    }

    /// The fields whose words the text uses, longest words first, leaving out the syllables given. With
    /// `placesAsFallback`, a workplace ("trường", "bệnh viện") names the field only when nothing else in the text does:
    /// a guard's "bảo vệ tài sản trường" is guarding, not teaching.
    func fieldsOf(_ w: Words, skipping skipped: Set<Int>, placesAsFallback: Bool = false) -> Set<Int> {
        var fields: Set<Int> = [], fromPlaces: Set<Int> = []
        for m in fieldMatches(w, skipping: skipped) {
            if placesAsFallback && isPlace[m.id] { fromPlaces.formUnion(fieldOf[m.id]) } else { fields.formUnion(fieldOf[m.id]) }
        }
        return fields.isEmpty ? fromPlaces : fields
    }

    /// The field words a text uses, longest first, without the common ones and the syllables given.
    func fieldMatches(_ w: Words, skipping skipped: Set<Int>) -> [PhraseList.Match] {
        // A field word inside a longer generic or everyday word is part of that word: the "vụ" (crop) of "phục vụ",
        // "nhiệm vụ" or "nghiệp vụ" names no farm, the "sách" (book) of "danh sách" or "chính sách" no school.
        let generic = fieldBlockers.longestMatches(in: w)
        return fieldWords.longestMatches(in: w).filter { m in
            !generic.contains { g in g.length > m.length && g.start <= m.start && m.start + m.length <= g.start + g.length } &&
            // Typed without marks, one syllable is too often another word: "ve" is về as often as vé, "xe" is xé.
            !isCommon[m.id] && !(m.start ..< m.start + m.length).contains(where: skipped.contains) && (w.marked || m.length > 1)
        }
    }

    private final class Cache: @unchecked Sendable {
        let lock = NSLock()
        var last: (RegistrationVocabulary, CompiledVocabulary)?
    }

    private static let cache = Cache()

    /// The compiled form of a vocabulary; the last one is kept, since a server reads with one vocabulary at a time.
    static func of(_ v: RegistrationVocabulary) -> CompiledVocabulary {
        cache.lock.lock()
        defer { cache.lock.unlock() }
        if let (vocabulary, compiled) = cache.last, vocabulary == v { return compiled }
        let compiled = CompiledVocabulary(v)
        cache.last = (v, compiled)
        return compiled
    }
}
