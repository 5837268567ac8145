import DetourCore

/// Validation, simulation and replay of the rules as they were when the effect was asked for.
/// Results for a revision the rules have since left are dropped by `update`.
enum AnalysisJobs {
    static func validate(_ set: RuleSet, revision: Int, makeValidator: @Sendable () -> Validator) -> Action {
        // Like `detour check`: DT080 judges the rules with the exporters of the site's targets.
        var validator = makeValidator()
        if validator.exportCapabilities.isEmpty {
            validator.exportCapabilities = ExporterCapabilityReport.forExports(of: set.site)
        }
        // One core stays with the keyboard and the screen while a large set is checked.
        validator.workers = Validator.backgroundWorkers
        return .validationFinished(FindingsIndex(revision: revision, findings: validator.validate(set)))
    }

    static func simulate(
        _ job: SimulationJob, set: RuleSet, document: RuleFileDocument? = nil, revision: Int, cache: SimulatorCache,
        cancelled: CancelledJobs
    ) -> Action? {
        guard let client = Clients.named(job.client) else { return .simulationFailed(job: job.id, "unknown client \(job.client)") }
        // With the file's lines, so a trace names `line 25` as the CLI does; looked up once per revision.
        let simulator = cache.simulator(for: set.withLines(of: document), revision: revision, server: job.server).with(client: client)
        var trace = simulator.trace(job.request)
        // A request that reaches the origin says which rules nearly answered it and why not.
        if trace.outcome == .origin, let last = trace.hops.last { trace.notApplied = simulator.considerations(for: last.request).notApplied }
        guard !cancelled.contains(job.id) else { return nil }
        return .simulationFinished(job: job.id, trace, server: simulator.view.name, client: client.name)
    }

    /// Reads the file on disk and diffs it against the rules as they are now (`detour diff DISK NOW`).
    static func diffAgainstDisk(_ job: Int, path: String, current: RuleSet, now: Timestamp, cancelled: CancelledJobs) -> Action? {
        let disk: RuleFileDocument
        do { disk = try RuleFileDocument.load(path: path) } catch let e as RuleFileError {
            return .changesFailed(job: job, "\(path) on disk cannot be read: " + (e.diagnostics.first?.description ?? "\(e)"))
        } catch {
            return .changesFailed(job: job, "\(path) on disk cannot be read: \(error)")
        }
        let report = BehaviourDiff(old: disk.ruleSet, new: current, now: now).run(findings: true)
        return cancelled.contains(job) ? nil : .changesComputed(job: job, report)
    }

    /// Assesses each suggestion of `items` against the rules (`SuggestionImpact`), posting each
    /// answer as it is ready so the pane fills in while the rest are checked.
    static func assessSuggestions(
        _ job: Int, revision: Int, items: [Int], review: SuggestionReview, set: RuleSet, makeValidator: @Sendable () -> Validator,
        cancelled: CancelledJobs, post: @escaping @Sendable (Action) -> Void
    ) -> Action? {
        var validator = makeValidator()
        if validator.exportCapabilities.isEmpty { validator.exportCapabilities = ExporterCapabilityReport.forExports(of: set.site) }
        validator.workers = Validator.backgroundWorkers
        let base = validator.validate(set)
        for i in items where i < review.items.count {
            if cancelled.contains(job) { return nil }
            let impact = SuggestionImpact.assess(review.items[i], in: set, baseFindings: base, validator: validator)
            post(.suggestionAssessed(job: job, revision: revision, item: i, impact))
        }
        return cancelled.contains(job) ? nil : .suggestionsAssessed(job: job, revision: revision)
    }

    /// Replays the log, posting progress as it reads.
    static func replay(
        _ job: ReplayJob, set: RuleSet, revision: Int, cache: SimulatorCache,
        cancelled: CancelledJobs, post: @escaping @Sendable (Action) -> Void
    ) -> Action? {
        guard let client = Clients.named(job.client) else { return .simulationFailed(job: job.id, "unknown client \(job.client)") }
        let simulator = cache.simulator(for: set, revision: revision, server: job.server).with(client: client)
        do {
            let report = try LogReplay(simulator: simulator, time: job.time).run(
                path: job.path,
                progress: { done, total in post(.replayProgress(job: job.id, done: done, total: total)) },
                isCancelled: { cancelled.contains(job.id) })
            return cancelled.contains(job.id) ? nil : .replayFinished(job: job.id, report, file: job.path)
        } catch {
            return .simulationFailed(job: job.id, "replay: \(error)")
        }
    }
}

/// Simulators by revision and server view: indexing 10⁶ rules once per revision, not per request.
final class SimulatorCache: Sendable {
    private let simulators = Locked<[String: Simulator]>([:])

    func simulator(for set: @autoclosure () -> RuleSet, revision: Int, server: String?) -> Simulator {
        let key = "\(revision) \(server ?? "")"
        if let cached = simulators.update({ $0[key] }) { return cached }
        let simulator = Simulator(ruleSet: set(), view: server.flatMap(ServerView.named))
        simulators.update { cache in
            // Only the newest revision is worth keeping.
            cache = cache.filter { $0.key.hasPrefix("\(revision) ") }
            cache[key] = simulator
        }
        return simulator
    }
}
