import App
import Logging
import Vapor

// Thin entry point: everything lives in the App target so tests can build the same application.
var env = try Environment.detect()
try LoggingSystem.bootstrap(from: &env)
var arguments = env.arguments
let config = AppConfig.fromEnvironment(arguments: &arguments)
env.arguments = arguments
let app = try await Application.make(env)
do {
    try await configure(app, config: config)
    try await app.execute()
} catch {
    app.logger.report(error: error)
    try? await app.asyncShutdown()
    throw error
}
try await app.asyncShutdown()
