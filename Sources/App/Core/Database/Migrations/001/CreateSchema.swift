import Fluent
import SQLKit

/// The foundation schema. Written as SQL rather than Fluent's schema builder because it needs partial and
/// composite indexes and byte-order collations, and the same statements must run on SQLite and PostgreSQL.
///
/// History is kept as periods: a unit's or a member's state holds from `valid_from` (inclusive) to `valid_to`
/// (exclusive, NULL while current). "Members of this subtree on date D" is then one indexed join.
struct CreateSchema: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        let d = Dialect(sql)
        let id = d.idColumn, key = d.binaryText
        let statements = [
            """
            CREATE TABLE unit_kinds (
                id \(id), code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, level INTEGER NOT NULL,
                grassroots INTEGER NOT NULL DEFAULT 0, sort_order INTEGER NOT NULL DEFAULT 0,
                valid_from \(key), valid_to \(key), source TEXT)
            """,
            """
            CREATE TABLE party_cells (
                id \(id), name TEXT NOT NULL, name_key \(key) NOT NULL, home_unit_id BIGINT,
                created_at TEXT NOT NULL)
            """,
            "CREATE INDEX party_cells_name ON party_cells (name_key)",
            """
            CREATE TABLE units (
                id \(id), code \(key) NOT NULL UNIQUE, name TEXT NOT NULL,
                kind_id BIGINT NOT NULL REFERENCES unit_kinds(id), parent_id BIGINT REFERENCES units(id),
                path \(key) NOT NULL, depth INTEGER NOT NULL,
                party_cell_id BIGINT REFERENCES party_cells(id),
                status TEXT NOT NULL DEFAULT 'active', established_on \(key) NOT NULL, ended_on \(key),
                merged_into_id BIGINT REFERENCES units(id),
                sort_key \(key) NOT NULL, search_name \(key) NOT NULL,
                created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            "CREATE UNIQUE INDEX units_path ON units (path)",
            "CREATE INDEX units_parent ON units (parent_id, sort_key)",
            "CREATE INDEX units_cell ON units (party_cell_id)",
            """
            CREATE TABLE unit_periods (
                id \(id), unit_id BIGINT NOT NULL REFERENCES units(id), valid_from \(key) NOT NULL, valid_to \(key),
                parent_id BIGINT, path \(key) NOT NULL, name TEXT NOT NULL, kind_id BIGINT NOT NULL,
                party_cell_id BIGINT, status TEXT NOT NULL, reason TEXT NOT NULL)
            """,
            "CREATE INDEX unit_periods_unit ON unit_periods (unit_id, valid_from)",
            "CREATE INDEX unit_periods_path ON unit_periods (path, valid_from)",
            """
            CREATE TABLE members (
                id \(id), full_name TEXT NOT NULL, family_name TEXT NOT NULL, given_name TEXT NOT NULL,
                sort_key \(key) NOT NULL, search_name \(key) NOT NULL,
                birth_date \(key) NOT NULL, gender TEXT NOT NULL, ethnicity TEXT, nationality TEXT NOT NULL,
                cccd \(key), passport_no \(key), unit_id BIGINT NOT NULL REFERENCES units(id),
                union_joined_on \(key) NOT NULL, card_no TEXT, position TEXT, duties TEXT,
                education TEXT NOT NULL, political_theory TEXT, party_joined_on \(key),
                phone TEXT, email TEXT, status TEXT NOT NULL, data_hash TEXT NOT NULL,
                created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            "CREATE INDEX members_sort ON members (sort_key, id)",
            "CREATE INDEX members_unit ON members (unit_id, sort_key, id)",
            "CREATE INDEX members_cccd ON members (cccd)",
            "CREATE INDEX members_passport ON members (passport_no)",
            // The citizen id is unique among current members; people who left keep theirs in their old record.
            "CREATE UNIQUE INDEX members_cccd_current ON members (cccd) WHERE status IN ('active', 'suspended')",
            """
            CREATE TABLE member_periods (
                id \(id), member_id BIGINT NOT NULL REFERENCES members(id), unit_id BIGINT NOT NULL REFERENCES units(id),
                status TEXT NOT NULL, position TEXT, duties TEXT,
                valid_from \(key) NOT NULL, valid_to \(key), reason TEXT NOT NULL)
            """,
            "CREATE INDEX member_periods_member ON member_periods (member_id, valid_from)",
            "CREATE INDEX member_periods_unit ON member_periods (unit_id, valid_from)",
            """
            CREATE TABLE users (
                id \(id), username \(key) NOT NULL UNIQUE, password_hash TEXT NOT NULL, display_name TEXT NOT NULL,
                member_id BIGINT REFERENCES members(id), status TEXT NOT NULL DEFAULT 'active',
                created_at TEXT NOT NULL, password_changed_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE role_grants (
                id \(id), user_id BIGINT NOT NULL REFERENCES users(id), role TEXT NOT NULL,
                unit_id BIGINT REFERENCES units(id), party_cell_id BIGINT REFERENCES party_cells(id),
                created_at TEXT NOT NULL, created_by BIGINT)
            """,
            "CREATE INDEX role_grants_user ON role_grants (user_id)",
            """
            CREATE TABLE api_tokens (
                id \(id), user_id BIGINT NOT NULL REFERENCES users(id), name TEXT NOT NULL,
                token_hash \(key) NOT NULL UNIQUE, prefix TEXT NOT NULL,
                created_at TEXT NOT NULL, last_used_at TEXT, revoked_at TEXT)
            """,
            """
            CREATE TABLE sessions (
                id \(id), token_hash \(key) NOT NULL UNIQUE, user_id BIGINT NOT NULL REFERENCES users(id),
                csrf_token TEXT NOT NULL, created_at \(key) NOT NULL, last_seen_at \(key) NOT NULL,
                expires_at \(key) NOT NULL)
            """,
            "CREATE INDEX sessions_user ON sessions (user_id)",
            """
            CREATE TABLE login_failures (
                id \(id), username_key \(key) NOT NULL, address \(key) NOT NULL, at \(key) NOT NULL)
            """,
            "CREATE INDEX login_failures_user ON login_failures (username_key, at)",
            "CREATE INDEX login_failures_address ON login_failures (address, at)",
            """
            CREATE TABLE audit_log (
                id \(id), at \(key) NOT NULL, user_id BIGINT, username TEXT, action TEXT NOT NULL,
                entity TEXT NOT NULL, entity_id BIGINT, unit_id BIGINT, summary TEXT NOT NULL,
                changes TEXT, address TEXT)
            """,
            "CREATE INDEX audit_entity ON audit_log (entity, entity_id, id)",
            "CREATE INDEX audit_at ON audit_log (at)",
            """
            CREATE TABLE import_batches (
                id \(id), kind TEXT NOT NULL, user_id BIGINT REFERENCES users(id), file_name TEXT NOT NULL,
                sha256 TEXT NOT NULL, content \(d.blob) NOT NULL, status TEXT NOT NULL, row_count INTEGER NOT NULL,
                report TEXT, created_at TEXT NOT NULL, applied_at TEXT)
            """,
        ]
        for statement in statements {
            try await sql.raw(SQLQueryString(statement)).run()
        }
        try await UnitKindSeed.insertDefaults(on: sql)
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        for table in ["import_batches", "audit_log", "login_failures", "sessions", "api_tokens", "role_grants",
                      "users", "member_periods", "members", "unit_periods", "units", "party_cells", "unit_kinds"] {
            try await sql.raw("DROP TABLE IF EXISTS \(ident: table)").run()
        }
    }
}

/// Unit kinds are data: the 2025 reorganisation removed the district level and added commune unions, and the
/// XIV Congress may change the levels again. These are the kinds the seeds and the 2025 guidance use.
enum UnitKindSeed {
    static let defaults: [(code: String, name: String, level: Int, grassroots: Bool)] = [
        ("TLD", "Tổng Liên đoàn", 0, false),
        ("LDLD_TINH", "LĐLĐ tỉnh", 1, false),
        ("CD_NGANH", "Công đoàn ngành", 1, false),
        ("CD_CAP_TREN", "Công đoàn cấp trên cơ sở", 2, false),
        ("CD_XA", "Công đoàn xã, phường", 2, false),
        ("CDCS", "CĐCS", 3, true),
        ("CDCS_TV", "CĐCS thành viên", 4, true),
        ("CD_BO_PHAN", "Công đoàn bộ phận", 5, false),
        ("TO_CD", "Tổ công đoàn", 6, false),
    ]

    static func insertDefaults(on sql: any SQLDatabase) async throws {
        for (order, kind) in defaults.enumerated() {
            try await sql.raw("""
                INSERT INTO unit_kinds (code, name, level, grassroots, sort_order, valid_from, source)
                VALUES (\(bind: kind.code), \(bind: kind.name), \(bind: kind.level), \(bind: kind.grassroots ? 1 : 0),
                        \(bind: order), '2024-01-01', 'Điều lệ Công đoàn Việt Nam khóa XIII; CV 4173/TLĐ-ToC (2025)')
                """).run()
        }
    }
}
