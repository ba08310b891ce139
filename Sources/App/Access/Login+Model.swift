struct LoginPage: Encodable, Sendable {
    let action: String
    let next: String
    let username: String
    let error: String?
}
