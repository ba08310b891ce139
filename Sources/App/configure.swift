import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import LeafKit
import NIOCore
import SQLKit
import Vapor

/// Sets the application up from one configuration value. Tests call this with their own configuration.
public func configure(_ app: Application, config: AppConfig) async throws {
    app.config = config
    app.importJobs = ImportJobRegistry()
    if let today = config.today { app.clock = .starting(today) }

    if !config.withoutDatabase {
        try await setUpDatabase(app, config: config)
    }

    app.views.use(.leaf)
    // The bundle sits under .build/, a hidden folder, so the "visible files only" limit must be left out.
    if let root = Bundle.module.resourcePath {
        app.leaf.configuration = LeafConfiguration(rootDirectory: root + "/")
        app.leaf.sources = .singleSource(NIOLeafFiles(fileio: app.fileio, limits: [.toSandbox, .requireExtensions, .onlyLeafExtensions], sandboxDirectory: root + "/", viewDirectory: root + "/"))
    }
    app.leaf.cache.isEnabled = app.environment.isRelease

    app.routes.defaultMaxBodySize = "1mb"
    app.http.server.configuration.idleTimeout = .seconds(60)

    // Order matters: errors render last, so every layer's failure becomes a page or JSON in Vietnamese.
    app.middleware = Middlewares()
    app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(PageErrorMiddleware())
    app.middleware.use(PrincipalMiddleware())
    app.middleware.use(CSRFMiddleware())

    app.asyncCommands.use(UserCommand(), as: "user")
    app.asyncCommands.use(DigestCommand(), as: "digest")
    app.asyncCommands.use(ImportCommand(), as: "import")
    app.asyncCommands.use(ExportCommand(), as: "export")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(GenerateCommand(), as: "generate")
    app.asyncCommands.use(CheckRegistrationCommand(), as: "check-registration")
    app.asyncCommands.use(EvaluateRegistrationsCommand(), as: "evaluate-registrations")
    app.asyncCommands.use(BenchFiguresCommand(), as: "bench-figures")
    app.asyncCommands.use(RecountCommand(), as: "recount")
    if !config.withoutDatabase { app.lifecycle.use(HousekeepingSchedule()) }
    if !config.withoutDatabase, let smtp = config.smtp { app.lifecycle.use(DigestSchedule(settings: smtp)) }
    if let problem = config.smtpProblem { app.logger.warning("Không gửi thư tổng hợp: \(problem)") }

    try routes(app)
}

/// The database, its tuning and its migrations, in order.
private func setUpDatabase(_ app: Application, config: AppConfig) async throws {
    switch config.database {
    case .sqlite(let path):
        // SQLite's calls block a thread while they wait for the write lock (busy timeout). Vapor's default pool has
        // one thread per core, shared by the whole process: two writers waiting there starve the writer holding the
        // lock, which then cannot commit until the timeout fails them all. A pool of the app's own leaves room.
        app.threadPool = NIOThreadPool(numberOfThreads: max(8, 4 * System.coreCount))
        // Writers queue for SQLite's one write lock; under load a writer may wait longer than the default 10 s for a
        // connection, which is better than failing.
        app.databases.use(.sqlite(.file(path), connectionPoolTimeout: .seconds(30)), as: .sqlite)
        app.sqliteReader = SQLiteReader(path: path, threadPool: app.threadPool, keep: max(4, 2 * System.coreCount), logger: app.logger)
    case .postgres(let url):
        // Several app servers share one PostgreSQL: keep each process's pool small and wait for a connection
        // rather than fail at once under a burst.
        try app.databases.use(.postgres(url: url, maxConnectionsPerEventLoop: 4, connectionPoolTimeout: .seconds(20)), as: .psql)
    }
    if case .sqlite = config.database {
        try await tuneSQLite(app)
    }

    app.migrations.add(CreateSchema())
    app.migrations.add(HistoryByConstruction())
    app.migrations.add(CellsDutiesGrants())
    app.migrations.add(NameWords())
    app.migrations.add(NameTails())
    app.migrations.add(GivenNameTones())
    app.migrations.add(AuditIndexes())
    app.migrations.add(TreeChangeRecords())
    app.migrations.add(CorrectionRequests())
    app.migrations.add(RegistrationTables())
    app.migrations.add(CoverageIndex())
    app.migrations.add(CollectiveModelTables())
    app.migrations.add(StudySessionTables())
    app.migrations.add(PlanTables())
    app.migrations.add(InspectionTables())
    app.migrations.add(DirectiveTables())
    app.migrations.add(EvaluationTables())
    app.migrations.add(DigestTables())
    app.migrations.add(CycleIndexes())
    app.migrations.add(UnitEvaluationTables())
    app.migrations.add(KeptCounts())
    app.migrations.add(ImportJobColumns())
    app.migrations.add(RoundsPerProgramme())
    app.migrations.add(RegistrationsByName())
    app.migrations.add(ImportBatchRound())
    app.migrations.add(RulesOnePerDay())
    app.migrations.add(UnmarkedSessions())
    app.migrations.add(CheckWordTables())
    app.migrations.add(OverruledFlags())
    app.migrations.add(StatementCounts())
    if config.autoMigrate {
        try await app.autoMigrate()
    }
}

/// WAL lets readers work while one writer commits; the busy timeout makes a second writer wait instead of
/// spinning. WAL is stored in the file; the timeout is per connection, and the SQLite pool keeps one
/// connection per event loop, so it is set once on each loop's connection.
private func tuneSQLite(_ app: Application) async throws {
    let sql = app.db.sql
    _ = try await sql.raw("PRAGMA journal_mode = WAL").all()
    for loop in app.eventLoopGroup.makeIterator() {
        let db = app.databases.database(.sqlite, logger: app.logger, on: loop)! as! any SQLDatabase
        _ = try await db.raw("PRAGMA busy_timeout = 15000").all()
        _ = try await db.raw("PRAGMA synchronous = NORMAL").all()
    }
}
