struct AccountPage: Encodable, Sendable {
    struct Token: Encodable, Sendable { let name: String; let prefix: String; let created: String; let used: String?; let revoked: Bool; let revokeURL: String }
    let username: String
    let displayName: String
    let roles: [String]
    let passwordURL: String
    let tokensURL: String
    let email: String
    let emailURL: String
    /// Whether this installation sends mail at all (NOIGUONG_SMTP_URL).
    let mailOn: Bool
    let tokens: [Token]
    let newToken: String?
    let errors: [String]
}
