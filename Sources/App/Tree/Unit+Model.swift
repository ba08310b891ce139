struct UnitPage: Encodable, Sendable {
    struct Crumb: Encodable, Sendable { let name: String; let url: String }
    struct Child: Encodable, Sendable { let name: String; let code: String; let kind: String; let url: String; let status: String? }
    struct Change: Encodable, Sendable { let text: String; let reversed: String?; let reverseURL: String? }
    struct Period: Encodable, Sendable { let from: String; let to: String; let name: String; let parent: String; let reason: String; let status: String }

    let id: Int
    let name: String
    let code: String
    let kind: String
    let cell: String
    let status: String
    let active: Bool
    let established: String
    let ended: String?
    let mergedInto: Crumb?
    let crumbs: [Crumb]
    let stats: UnitStats
    let children: [Child]
    let history: [Period]
    let changes: [Change]
    let membersURL: String
    let canWrite: Bool
    let editURL: String
    let newChildURL: String
    let moveURL: String
    let mergeURL: String
    let dissolveURL: String
    let partyCellsURL: String
    let today: String
    let error: String?
    /// Registration coverage in the latest round that covers this unit (issue 16).
    var coverage: UnitCoverage? = nil
    /// This year's attendance at study sessions, for the unit and one level down (issue 17).
    var attendance: UnitAttendance? = nil
    /// The year's plan covering the unit and how many units below have theirs (issue 17).
    var plan: UnitPlan? = nil
    /// Corrections past their deadline, required of the unit or by it (issue 17).
    var overdue: UnitOverdue? = nil
    /// The classification split of the latest approved evaluation round that covers this unit (issue 17).
    var classification: SplitBlock? = nil
    /// For a grassroots union: whether it may be classified at this year's end (issue 17).
    var grassrootsEligibility: String? = nil
    /// The evaluation rounds (there is no menu entry for them).
    var evaluationsURL: String = SiteURL.evaluationRounds.path
}
