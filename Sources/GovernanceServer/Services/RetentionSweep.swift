import Foundation
import GovernanceCore
import Logging
import Storage

/// The server's daily retention sweep: purges every tenant's signed-off development records
/// past the tenant's retention period (issue 11), as the `system` actor.
///
/// The first pass runs 10 minutes after start (so a restart loop never hammers the files), then
/// every 24 hours. A pass that deletes nothing in a tenant writes nothing; one that deletes
/// records logs the run in the tenant's purge log and audit log, like a requested purge.
struct RetentionSweep: Sendable {
    let backend: GovernanceBackend
    var firstDelay: Duration = .seconds(600)
    var interval: Duration = .seconds(86_400)

    /// Sweeps until cancelled.
    func run() async throws {
        try await Task.sleep(for: firstDelay)
        while !Task.isCancelled {
            await sweep()
            try await Task.sleep(for: interval)
        }
    }

    /// One pass over every tenant; a tenant that fails is logged and skipped.
    func sweep() async {
        let tenants: [TenantRecord]
        do {
            tenants = try await backend.control.tenants()
        } catch {
            backend.logger.warning("retention sweep: cannot list tenants", metadata: ["error": "\(error)"])
            return
        }
        let today = ReviewService.today()
        for tenant in tenants {
            do {
                let run = try await backend.withTenant(tenant.id) { database in
                    try await DevelopmentService.purge(database, actor: "system", today: today, logEmpty: false)
                }
                if run.purged > 0 {
                    backend.logger.info(
                        "retention sweep purged records", metadata: ["tenant": "\(tenant.id)", "purged": "\(run.purged)"])
                }
            } catch {
                backend.logger.warning(
                    "retention sweep failed for a tenant", metadata: ["tenant": "\(tenant.id)", "error": "\(error)"])
            }
        }
    }
}
