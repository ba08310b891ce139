struct MemberFormPage: Encodable, Sendable {
    struct Field: Encodable, Sendable {
        let name: String
        let label: String
        let value: String
        let required: Bool
        let hint: String?
        let options: [MembersPage.Option]?
        /// A picker (`units`) instead of a plain box.
        var pick: String? = nil
    }

    let heading: String
    let action: String
    let cancelURL: String
    let fields: [Field]
    let errors: [String]
}
