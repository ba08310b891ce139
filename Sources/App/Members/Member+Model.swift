struct MemberPage: Encodable, Sendable {
    struct Fact: Encodable, Sendable { let label: String; let value: String }
    struct Period: Encodable, Sendable { let from: String; let to: String; let unit: String; let unitURL: String?; let status: String; let position: String; let duties: String; let reason: String }
    struct Change: Encodable, Sendable { let at: String; let who: String; let summary: String; let details: [String] }

    let name: String
    let status: String
    let personal: [Fact]
    let union: [Fact]
    let unitName: String
    let unitParent: String?
    let unitURL: String?
    let history: [Period]
    let changes: [Change]
    let canWrite: Bool
    let editURL: String
    let transferURL: String
    let statusURL: String
    let statusOptions: [MembersPage.Option]
    let today: String
    let error: String?
    /// Only on "Hồ sơ của tôi".
    var own: OwnCorner? = nil
}
