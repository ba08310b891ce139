import Foundation

/// How register entries read: actions, record kinds and actors in words, not codes.
enum AuditText {
    /// The reason a change was made, as the register's summaries end with it.
    static func because(_ reason: String?) -> String { reason.map { ". Lý do: " + $0 } ?? "" }

    static func action(_ action: String, strings t: Strings) -> String {
        t.table["audit.action." + action] ?? Strings.vi["audit.action." + action] ?? action
    }

    static func entity(_ entity: String, strings t: Strings) -> String {
        t.table["audit.entity." + entity] ?? Strings.vi["audit.entity." + entity] ?? entity
    }

    /// The actor's full name with the user name beside it; the command line has neither.
    static func who(_ r: AuditLog.Row, commandLine: String = Strings.vi["audit_cli"] ?? "Dòng lệnh") -> String {
        if r.userId == nil && r.username == Actor.commandLine.username { return commandLine }
        let name = r.displayName ?? r.username ?? ""
        guard let username = r.username, username != name else { return name }
        return "\(name) (\(username))"
    }
}
