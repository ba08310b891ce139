import Crypto
import Domain
import Foundation

/// A union member as stored. Dates are ISO text (yyyy-MM-dd); enums are their English raw values.
struct MemberRow: Codable, Sendable, Equatable {
    var id: Int
    var fullName: String
    var familyName: String
    var givenName: String
    var sortKey: String
    var searchName: String
    var birthDate: String
    var gender: String
    var ethnicity: String?
    var nationality: String
    var cccd: String?
    var passportNo: String?
    var unitId: Int
    var unionJoinedOn: String
    var cardNo: String?
    var position: String?
    var duties: String?
    var education: String
    var politicalTheory: String?
    var partyJoinedOn: String?
    var phone: String?
    var email: String?
    var status: String

    static let columns = """
        m.id, m.full_name, m.family_name, m.given_name, m.sort_key, m.search_name, m.birth_date, m.gender, \
        m.ethnicity, m.nationality, m.cccd, m.passport_no, m.unit_id, m.union_joined_on, m.card_no, m.position, \
        m.duties, m.education, m.political_theory, m.party_joined_on, m.phone, m.email, m.status
        """

    /// The fields an edit compares and the audit log records, with their Vietnamese column names.
    var auditFields: [(String, String?)] {
        [("Họ và tên", fullName), ("Ngày sinh", birthDate), ("Giới tính", gender), ("Dân tộc", ethnicity),
         ("Quốc tịch", nationality), ("Số CCCD", cccd), ("Số hộ chiếu", passportNo),
         ("Ngày vào Công đoàn", unionJoinedOn), ("Số thẻ đoàn viên", cardNo), ("Chức vụ", position),
         ("Nhiệm vụ được giao", duties), ("Trình độ chuyên môn", education), ("Lý luận chính trị", politicalTheory),
         ("Ngày vào Đảng", partyJoinedOn), ("Số điện thoại", phone), ("Email", email)]
    }

    init(id: Int = 0, draft: MemberDraft, unitId: Int, status: MemberStatus = .active) {
        self.id = id
        fullName = draft.fullName
        familyName = draft.familyName
        givenName = draft.givenName
        sortKey = draft.sortKey
        searchName = draft.searchName
        birthDate = draft.birthDate.iso
        gender = draft.gender.rawValue
        ethnicity = draft.ethnicity
        nationality = draft.nationality
        cccd = draft.citizenID
        passportNo = draft.passportNumber
        self.unitId = unitId
        unionJoinedOn = draft.unionJoinDate.iso
        cardNo = draft.cardNumber
        position = draft.position
        duties = draft.duties
        education = draft.education.rawValue
        politicalTheory = draft.politicalTheory?.rawValue
        partyJoinedOn = draft.partyJoinDate?.iso
        phone = draft.phone
        email = draft.email
        self.status = status.rawValue
    }

    /// A digest of the personal data, stored beside it, so that an import can tell an unchanged row from a
    /// changed one without reading the whole record back.
    var dataHash: String {
        let text = auditFields.map { $0.1 ?? "\u{0}" }.joined(separator: "\u{1F}")
        return Hex.encode(SHA256.hash(data: Data(text.utf8)).prefix(16))
    }

    /// Same personal data, ignoring id, unit and status (which change through transfers, with history).
    func samePersonalData(as other: MemberRow) -> Bool {
        auditFields.map(\.1) == other.auditFields.map(\.1)
    }

    func changes(to other: MemberRow) -> [String: [String?]] {
        var out: [String: [String?]] = [:]
        for (a, b) in zip(auditFields, other.auditFields) where a.1 != b.1 {
            out[a.0] = [a.1, b.1]
        }
        return out
    }
}
