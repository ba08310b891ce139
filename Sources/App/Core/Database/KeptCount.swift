import SQLKit

/// A count the database keeps up to date itself: a small table of sums over a large one, changed by triggers on
/// every insert, update and delete of the large table's rows, in the same transaction as the write.
///
/// Why triggers and not the write gate: every path that writes the large table (forms, the import, tree changes,
/// the demo, the benchmark's SQL fill, a future one) then keeps the count right without knowing it exists, so a
/// figure read from it cannot drift from a recount. A province's page sums a few thousand rows of the small table
/// instead of reading a million of the large one.
///
/// Expressions are written over a row called `§`; the generator puts `NEW`, `OLD` or the source's alias in its place.
struct KeptCount: Sendable {
    struct Column: Sendable {
        let name: String
        let type: String
        let expression: String
    }

    let table: String
    let source: String
    /// The grouping: one row of `table` per distinct value of these.
    let keys: [Column]
    /// Summed per group: each expression is this row's share (0 or 1, usually).
    let sums: [Column]
    /// Only rows for which this holds are counted.
    let condition: String
    /// The columns of `source` the keys, sums and condition read: an update that changes none of them moves no count.
    let reads: [String]

    private func over(_ row: String, _ expression: String) -> String {
        expression.replacingOccurrences(of: "§", with: row)
    }

    var createTable: String {
        let columns = keys.map { "\($0.name) \($0.type) NOT NULL" } + sums.map { "\($0.name) BIGINT NOT NULL DEFAULT 0" }
        return "CREATE TABLE \(table) (\(columns.joined(separator: ", ")), PRIMARY KEY (\(keys.map(\.name).joined(separator: ", "))))"
    }

    /// What the source holds now, counted from its rows.
    private var counted: String {
        let k = keys.map { over("s", $0.expression) }
        return """
            SELECT \((k + sums.map { "SUM(\(over("s", $0.expression)))" }).joined(separator: ", "))
            FROM \(source) s WHERE \(over("s", condition)) GROUP BY \(k.joined(separator: ", "))
            """
    }

    /// The rows of the count that say something (a group whose rows all left keeps a row of zeros).
    private var kept: String {
        "SELECT \((keys + sums).map(\.name).joined(separator: ", ")) FROM \(table) WHERE \(sums.map { "\($0.name) <> 0" }.joined(separator: " OR "))"
    }

    /// Fills the empty count from the source (the migration that adds it, and `noiguong recount`).
    var fill: String {
        "INSERT INTO \(table) (\((keys + sums).map(\.name).joined(separator: ", "))) \(counted)"
    }

    /// How many groups the count and a recount disagree on: 0 when the triggers kept it right.
    func differences(on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw(SQLQueryString("""
            SELECT (SELECT COUNT(*) FROM (\(kept) EXCEPT \(counted)) a) + (SELECT COUNT(*) FROM (\(counted) EXCEPT \(kept)) b) AS n
            """)).first(decoding: CountRow.self)?.n ?? 0
    }

    /// Adds (`sign` +1) or takes away (-1) one row's share.
    private func upsert(_ row: String, sign: Int) -> String {
        let values = keys.map { over(row, $0.expression) } + sums.map { sign > 0 ? over(row, $0.expression) : "-(\(over(row, $0.expression)))" }
        return """
            INSERT INTO \(table) (\((keys.map(\.name) + sums.map(\.name)).joined(separator: ", "))) VALUES (\(values.joined(separator: ", ")))
            ON CONFLICT (\(keys.map(\.name).joined(separator: ", "))) DO UPDATE SET \(sums.map { "\($0.name) = \(table).\($0.name) + excluded.\($0.name)" }.joined(separator: ", "))
            """
    }

    private var changed: String {
        reads.map { "OLD.\($0) IS DISTINCT FROM NEW.\($0)" }.joined(separator: " OR ")
    }

    func triggers(_ d: Dialect) -> [String] {
        switch d {
        case .sqlite:
            // SQLite spells IS DISTINCT FROM as IS NOT.
            let moved = changed.replacingOccurrences(of: "IS DISTINCT FROM", with: "IS NOT")
            let of = reads.joined(separator: ", ")
            return [
                "CREATE TRIGGER \(table)_insert AFTER INSERT ON \(source) WHEN \(over("NEW", condition)) BEGIN \(upsert("NEW", sign: 1)); END",
                "CREATE TRIGGER \(table)_delete AFTER DELETE ON \(source) WHEN \(over("OLD", condition)) BEGIN \(upsert("OLD", sign: -1)); END",
                "CREATE TRIGGER \(table)_update_old AFTER UPDATE OF \(of) ON \(source) WHEN (\(moved)) AND \(over("OLD", condition)) BEGIN \(upsert("OLD", sign: -1)); END",
                "CREATE TRIGGER \(table)_update_new AFTER UPDATE OF \(of) ON \(source) WHEN (\(moved)) AND \(over("NEW", condition)) BEGIN \(upsert("NEW", sign: 1)); END",
            ]
        case .postgres:
            // One statement per write statement, not per row: a statement's rows are summed by group from its
            // transition tables and each group is changed once. An import's insert of 5 000 members then costs one
            // upsert of a few hundred groups instead of 5 000 upserts (1,2 s of 3,2 s for 100 000 members, psql).
            // An update trigger with transition tables cannot name its columns, so every update of the source sums
            // its old and new rows, and a group whose sums do not change is not written. Groups are written in key
            // order, so that two writers lock the rows they share in the same order and neither waits on the other.
            func function(_ name: String, _ rows: [(table: String, sign: Int)]) -> String {
                let parts = rows.map { rows in
                    let values = keys.map { over("r", $0.expression) + " AS \($0.name)" }
                        + sums.map { (rows.sign > 0 ? over("r", $0.expression) : "-(\(over("r", $0.expression)))") + " AS \($0.name)" }
                    return "SELECT \(values.joined(separator: ", ")) FROM \(rows.table) r WHERE \(over("r", condition))"
                }
                let keyNames = keys.map(\.name).joined(separator: ", ")
                return """
                    CREATE FUNCTION \(table)_\(name)() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        INSERT INTO \(table) (\((keys.map(\.name) + sums.map(\.name)).joined(separator: ", ")))
                        SELECT \(keyNames), \(sums.map { "SUM(\($0.name))" }.joined(separator: ", "))
                        FROM (\(parts.joined(separator: " UNION ALL "))) x
                        GROUP BY \(keyNames) HAVING \(sums.map { "SUM(\($0.name)) <> 0" }.joined(separator: " OR "))
                        ORDER BY \(keyNames)
                        ON CONFLICT (\(keyNames)) DO UPDATE SET \(sums.map { "\($0.name) = \(table).\($0.name) + excluded.\($0.name)" }.joined(separator: ", "));
                        RETURN NULL;
                    END $$
                    """
            }
            return [
                function("keep_insert", [("new_rows", 1)]),
                "CREATE TRIGGER \(table)_keep_insert AFTER INSERT ON \(source) REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION \(table)_keep_insert()",
                function("keep_delete", [("old_rows", -1)]),
                "CREATE TRIGGER \(table)_keep_delete AFTER DELETE ON \(source) REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION \(table)_keep_delete()",
                function("keep_update", [("old_rows", -1), ("new_rows", 1)]),
                """
                CREATE TRIGGER \(table)_keep_update AFTER UPDATE ON \(source) REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION \(table)_keep_update()
                """,
            ]
        }
    }

    /// Drops the triggers on PostgreSQL, these and the row-by-row ones that came before them (migration 021 made
    /// those, `StatementCounts` replaces them).
    var dropPostgresTriggers: [String] {
        ["keep", "keep_insert", "keep_delete", "keep_update"].flatMap {
            ["DROP TRIGGER IF EXISTS \(table)_\($0) ON \(source)", "DROP FUNCTION IF EXISTS \(table)_\($0)()"]
        }
    }

    func drop(_ d: Dialect) -> [String] {
        switch d {
        case .sqlite:
            return ["insert", "delete", "update_old", "update_new"].map { "DROP TRIGGER IF EXISTS \(table)_\($0)" }
                + ["DROP TABLE IF EXISTS \(table)"]
        case .postgres:
            return dropPostgresTriggers + ["DROP TABLE IF EXISTS \(table)"]
        }
    }

    /// Empties the count and fills it again from the source, in the caller's transaction.
    func recount(on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM \(unsafeRaw: table)").run()
        try await sql.raw(SQLQueryString(fill)).run()
    }
}

extension KeptCount {
    /// Current members (active or suspended) of each unit itself, by education and political theory: the unit
    /// page's and the home page's figures are sums of these over a subtree.
    static func unitMembers(_ d: Dialect) -> KeptCount {
        KeptCount(
            table: "unit_member_counts", source: "members",
            keys: [.init(name: "unit_id", type: "BIGINT", expression: "§.unit_id"),
                   .init(name: "education", type: "TEXT", expression: "§.education"),
                   // A key column cannot be NULL (the upsert would not find the row again): no theory is ''.
                   .init(name: "political_theory", type: "TEXT", expression: "COALESCE(§.political_theory, '')")],
            sums: [.init(name: "members", type: "", expression: "1"),
                   .init(name: "women", type: "", expression: "CASE WHEN §.gender = 'female' THEN 1 ELSE 0 END"),
                   .init(name: "party", type: "", expression: "CASE WHEN §.party_joined_on IS NULL THEN 0 ELSE 1 END")],
            condition: "§.status IN ('active', 'suspended')",
            reads: ["unit_id", "status", "gender", "party_joined_on", "education", "political_theory"])
    }

    /// Attendance marks by year and the path the member stood under on the session's day.
    static func attendance(_ d: Dialect) -> KeptCount {
        KeptCount(
            table: "attendance_counts", source: "session_attendance",
            keys: [.init(name: "year", type: "INTEGER", expression: "§.year"),
                   .init(name: "unit_path", type: d.binaryText, expression: "§.unit_path")],
            sums: [.init(name: "present", type: "", expression: "CASE WHEN §.status = 'present' THEN 1 ELSE 0 END"),
                   .init(name: "excused", type: "", expression: "CASE WHEN §.status = 'excused' THEN 1 ELSE 0 END"),
                   .init(name: "absent", type: "", expression: "CASE WHEN §.status = 'absent' THEN 1 ELSE 0 END")],
            condition: "§.status <> 'invited'",
            reads: ["year", "unit_path", "status"])
    }

    /// Members' evaluations by round, path and level (the final level once approved, the review's before): the
    /// round page's split counts `rated`, the unit page's classification `finals`.
    static func evaluationLevels(_ d: Dialect) -> KeptCount {
        KeptCount(
            table: "evaluation_level_counts", source: "evaluations",
            keys: [.init(name: "round_id", type: "BIGINT", expression: "§.round_id"),
                   .init(name: "unit_path", type: d.binaryText, expression: "§.unit_path"),
                   .init(name: "level", type: "TEXT", expression: "COALESCE(§.final_level, §.review_level)")],
            sums: [.init(name: "rated", type: "", expression: "1"),
                   .init(name: "finals", type: "", expression: "CASE WHEN §.final_level IS NULL THEN 0 ELSE 1 END")],
            condition: "COALESCE(§.final_level, §.review_level) IS NOT NULL",
            reads: ["round_id", "unit_path", "final_level", "review_level"])
    }

    static func all(_ d: Dialect) -> [KeptCount] { [unitMembers(d), attendance(d), evaluationLevels(d)] }
}
