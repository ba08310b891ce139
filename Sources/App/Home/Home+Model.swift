/// The home page: for each role the person holds, where they stand (a few figures) and what to do next.
struct HomePage: Encodable, Sendable {
    struct Figure: Encodable, Sendable { let value: String; let label: String }
    struct Action: Encodable, Sendable { let label: String; let url: String; let primary: Bool }
    struct Section: Encodable, Sendable {
        let role: String
        let title: String?
        let titleURL: String?
        /// The unit's parent, so that a unit is never named alone.
        let parent: String?
        let figures: [Figure]
        let actions: [Action]
        let note: String?
    }
    struct Waiting: Encodable, Sendable { let label: String; let confirmURL: String?; let url: String? }

    let hello: String
    let sections: [Section]
    let waiting: [Waiting]
    let noScope: Bool
    /// What waits for this person, nearest deadline first (registrations, issue 16).
    var awaits: [Awaits.Item] = []
}
