struct HomePage: Encodable, Sendable {
    struct Scope: Encodable, Sendable { let role: String; let unit: String?; let url: String?; let members: String? }
    let hello: String
    let scopes: [Scope]
    let noScope: Bool
}
