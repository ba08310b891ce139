import Domain
import Foundation
import Vapor

/// Everything the app reads from its environment, read once at start-up so no code reaches for
/// `Environment.get` deep inside a request.
public struct AppConfig: Sendable {
    public enum DatabaseChoice: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public var database: DatabaseChoice
    /// Cookies get `Secure` (and the `__Host-` prefix) when the app is served over HTTPS. Behind a TLS-terminating
    /// proxy the app sees plain HTTP, so the operator says so with NOIGUONG_HTTPS=1 or a https public URL.
    public var secureCookies: Bool
    /// Only a trusted reverse proxy's X-Forwarded-For may name the client; otherwise the socket address is used.
    public var trustProxy: Bool
    public var bcryptCost: Int
    public var sessionIdleTimeout: TimeInterval
    public var sessionAbsoluteTimeout: TimeInterval
    /// Failures for one name from one address: the usual guessing at one account.
    public var loginFailuresPerUsername: Int
    /// Failures from one address, whatever the names: one machine trying many accounts.
    public var loginFailuresPerAddress: Int
    /// Failures for one name from anywhere: a spread-out attack. Past it only addresses the owner has signed in
    /// from before may try, so nobody can lock an administrator out.
    public var loginFailuresPerUsernameAnywhere: Int
    public var loginWindow: TimeInterval
    public var maxUploadBytes: Int
    public var autoMigrate: Bool
    /// Commands that need no database (the registration check reads standard input and prints JSON): no file is
    /// created, nothing is migrated, nothing is logged on standard output before their answer.
    public var withoutDatabase = false
    /// NOIGUONG_TODAY=yyyy-mm-dd: the application lives on that day (its clock starts at noon then and runs on), so a
    /// demo or a browser test can stand inside a registration round or at its year end.
    public var today: CivilDate?
    /// NOIGUONG_PUBLIC_URL: the address people open the app at, for links in e-mail.
    public var publicURL = "http://127.0.0.1:8080"
    /// NOIGUONG_SMTP_URL (see `SMTPSettings`): without it no mail is sent. A value that cannot be read is kept as
    /// `smtpProblem`, which start-up logs.
    var smtp: SMTPSettings?
    public var smtpProblem: String?
    /// NOIGUONG_DIGEST_HOUR: from this hour (Vietnam time, 0–23; 7 by default) the day's digest goes out.
    public var digestHour = 7
    /// Seconds a request that starts an import job waits for it before answering with the progress page instead.
    public var importWait: Double = 3

    public static let commandsWithoutDatabase: Set<String> = ["check-registration", "evaluate-registrations"]

    public init(
        database: DatabaseChoice = .sqlite(path: "noiguong.sqlite"),
        secureCookies: Bool = false,
        trustProxy: Bool = false,
        bcryptCost: Int = 12,
        sessionIdleTimeout: TimeInterval = 2 * 3600,
        sessionAbsoluteTimeout: TimeInterval = 12 * 3600,
        loginFailuresPerUsername: Int = 5,
        loginFailuresPerAddress: Int = 30,
        loginFailuresPerUsernameAnywhere: Int = 50,
        loginWindow: TimeInterval = 15 * 60,
        maxUploadBytes: Int = 50 * 1024 * 1024,
        autoMigrate: Bool = true
    ) {
        self.database = database
        self.secureCookies = secureCookies
        self.trustProxy = trustProxy
        self.bcryptCost = bcryptCost
        self.sessionIdleTimeout = sessionIdleTimeout
        self.sessionAbsoluteTimeout = sessionAbsoluteTimeout
        self.loginFailuresPerUsername = loginFailuresPerUsername
        self.loginFailuresPerAddress = loginFailuresPerAddress
        self.loginFailuresPerUsernameAnywhere = loginFailuresPerUsernameAnywhere
        self.loginWindow = loginWindow
        self.maxUploadBytes = maxUploadBytes
        self.autoMigrate = autoMigrate
    }

    /// `--db PATH` on the command line wins over the default file; DATABASE_URL=postgres://… wins over both.
    public static func fromEnvironment(arguments: inout [String]) -> AppConfig {
        var config = AppConfig()
        config.withoutDatabase = arguments.count > 1 && commandsWithoutDatabase.contains(arguments[1])
        if let i = arguments.firstIndex(of: "--db"), i + 1 < arguments.count {
            config.database = .sqlite(path: arguments[i + 1])
            arguments.removeSubrange(i...(i + 1))
        }
        if let url = Environment.get("DATABASE_URL"), url.hasPrefix("postgres") {
            config.database = .postgres(url: url)
        } else if let path = Environment.get("NOIGUONG_DB"), !path.isEmpty {
            config.database = .sqlite(path: path)
        }
        let publicURL = Environment.get("NOIGUONG_PUBLIC_URL") ?? ""
        config.secureCookies = Environment.get("NOIGUONG_HTTPS") == "1" || publicURL.hasPrefix("https://")
        config.trustProxy = Environment.get("NOIGUONG_TRUST_PROXY") == "1"
        if !publicURL.isEmpty { config.publicURL = publicURL }
        if let url = Environment.get("NOIGUONG_SMTP_URL"), !url.isEmpty {
            switch SMTPSettings.parse(url) {
            case .success(let settings): config.smtp = settings
            case .failure(let problem): config.smtpProblem = problem.description
            }
        }
        if let wait = Environment.get("NOIGUONG_IMPORT_WAIT").flatMap(Double.init), (0...600).contains(wait) { config.importWait = wait }
        if let hour = Environment.get("NOIGUONG_DIGEST_HOUR").flatMap(Int.init), (0...23).contains(hour) { config.digestHour = hour }
        config.today = Environment.get("NOIGUONG_TODAY").flatMap(CivilDate.init(iso:))
        if let cost = Environment.get("NOIGUONG_BCRYPT_COST").flatMap(Int.init), (4...31).contains(cost) {
            config.bcryptCost = cost
        }
        return config
    }
}

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }
    public var config: AppConfig {
        get { storage[ConfigKey.self] ?? AppConfig() }
        set { storage[ConfigKey.self] = newValue }
    }
}
