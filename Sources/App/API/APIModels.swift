import Domain
import Vapor

/// What the API shows of a unit and a member: plain English keys, ISO dates, enum codes.
struct UnitDTO: Content {
    var id: Int
    var code: String
    var name: String
    var kind: String
    var kindId: Int
    var parentId: Int?
    var partyCellId: Int?
    var status: String
    var establishedOn: String
    var endedOn: String?
    var mergedIntoId: Int?

    init(_ u: UnitRow, kinds: [Int: String]) {
        id = u.id; code = u.code; name = u.name; kind = kinds[u.kindId] ?? ""; kindId = u.kindId; parentId = u.parentId
        partyCellId = u.partyCellId; status = u.status; establishedOn = u.establishedOn; endedOn = u.endedOn; mergedIntoId = u.mergedIntoId
    }
}

struct MemberDTO: Content {
    var id: Int
    var fullName: String
    var familyName: String
    var givenName: String
    var birthDate: String
    var gender: String
    var ethnicity: String?
    var nationality: String
    var citizenId: String?
    var passportNumber: String?
    var unitId: Int
    var unitCode: String?
    var unionJoinDate: String
    var cardNumber: String?
    var position: String?
    var duties: String?
    var education: String
    var politicalTheory: String?
    var partyJoinDate: String?
    var phone: String?
    var email: String?
    var status: String

    init(_ m: MemberRow, unitCode: String?) {
        id = m.id; fullName = m.fullName; familyName = m.familyName; givenName = m.givenName; birthDate = m.birthDate
        gender = m.gender; ethnicity = m.ethnicity; nationality = m.nationality; citizenId = m.cccd; passportNumber = m.passportNo
        unitId = m.unitId; self.unitCode = unitCode; unionJoinDate = m.unionJoinedOn; cardNumber = m.cardNo; position = m.position
        duties = m.duties; education = m.education; politicalTheory = m.politicalTheory; partyJoinDate = m.partyJoinedOn
        phone = m.phone; email = m.email; status = m.status
    }
}

/// Fields a client may send to create or change a member. Every field is optional so PATCH can send a few.
struct MemberPayload: Content {
    var fullName: String?
    var birthDate: String?
    var gender: String?
    var ethnicity: String?
    var nationality: String?
    var citizenId: String?
    var passportNumber: String?
    var unitCode: String?
    var unionJoinDate: String?
    var cardNumber: String?
    var position: String?
    var duties: String?
    var education: String?
    var politicalTheory: String?
    var partyJoinDate: String?
    var phone: String?
    var email: String?

    /// The API takes ISO dates; the rules read dd/mm/yyyy like a spreadsheet.
    static func date(_ s: String?) -> String {
        guard let s else { return "" }
        return CivilDate(iso: s)?.vietnamese ?? s
    }

    func input(over base: MemberDTO?) -> MemberInput {
        func pick(_ new: String?, _ old: String?) -> String { new ?? old ?? "" }
        var i = MemberInput(
            fullName: pick(fullName, base?.fullName),
            birthDate: Self.date(birthDate ?? base?.birthDate),
            gender: pick(gender, base?.gender),
            ethnicity: pick(ethnicity, base?.ethnicity),
            citizenID: pick(citizenId, base?.citizenId),
            unitCode: pick(unitCode, base?.unitCode),
            unionJoinDate: Self.date(unionJoinDate ?? base?.unionJoinDate),
            cardNumber: pick(cardNumber, base?.cardNumber),
            position: pick(position, base?.position),
            duties: pick(duties, base?.duties),
            education: pick(education, base?.education),
            politicalTheory: pick(politicalTheory, base?.politicalTheory),
            partyJoinDate: Self.date(partyJoinDate ?? base?.partyJoinDate),
            phone: pick(phone, base?.phone),
            email: pick(email, base?.email))
        i.nationality = pick(nationality, base?.nationality).isEmpty ? "Việt Nam" : pick(nationality, base?.nationality)
        i.passportNumber = pick(passportNumber, base?.passportNumber)
        return i
    }
}

struct UnitPayload: Content {
    var code: String?
    var name: String?
    var kind: String?
    var parentCode: String?
    var partyCell: String?
    /// Declares `partyCell` as a new cell hosted by this unit; otherwise the name must match a cell at the unit or above.
    var createPartyCell: Bool?
}

struct ListResult<Item: Content>: Content {
    var items: [Item]
    var total: Int?
    var next: String?
}

struct ValidationFailure: Content {
    struct Field: Content { var field: String; var message: String }
    var error: String
    var fields: [Field]

    static func response(_ fields: [Field], for req: Request) async throws -> Response {
        try await ValidationFailure(error: "Dữ liệu không hợp lệ.", fields: fields).encodeResponse(status: .unprocessableEntity, for: req)
    }
}

