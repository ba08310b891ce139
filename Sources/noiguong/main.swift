import App
import Foundation
import Logging
import Vapor

// Thin entry point: everything lives in the App target so tests can build the same application.
limitMallocArenas()
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
    // A command's failure is a message and an exit code for the person at the terminal, not a crash.
    FileHandle.standardError.write(Data("Lỗi: \(error)\n".utf8))
    try? await app.asyncShutdown()
    exit(1)
}
try await app.asyncShutdown()
