struct UsersPage: Encodable, Sendable {
    struct Grant: Encodable, Sendable { let label: String; let revokeURL: String; let id: Int }
    struct User: Encodable, Sendable {
        let id: Int
        let username: String
        let displayName: String
        let active: Bool
        let grants: [Grant]
        let grantURL: String
        let statusURL: String
    }
    struct Option: Encodable, Sendable { let value: String; let label: String }

    let users: [User]
    let createURL: String
    let roles: [Option]
    let errors: [String]
    let username: String
    let displayName: String
}
