import DetourCore

/// The file jobs: save, reload and the check for a change on disk. Each takes values copied from
/// the state when the effect was asked for and returns the action that reports its result.
enum DocumentJobs {
    /// Saves `set` through `document` (only the edited rules' lines change); the result carries
    /// the document as saved.
    static func save(_ set: RuleSet, document: RuleFileDocument?, force: Bool, serial: Int) -> Action {
        guard var document else { return .saveFailed("these rules were not loaded from a file") }
        do {
            if !force && document.hasChangedOnDisk { return .saveConflict }
            try document.save(set, force: force)
            return .saved(serial: serial, document: document)
        } catch AtomicFile.Failure.changedOnDisk {
            return .saveConflict
        } catch let e as RuleFileError {
            return .saveFailed(e.description)
        } catch {
            return .saveFailed("\(error)")
        }
    }

    static func reload(path: String) -> Action {
        do {
            return .reloaded(try RuleFileDocument.load(path: path))
        } catch let e as RuleFileError {
            return .reloadFailed(e.diagnostics.first?.description ?? e.description)
        } catch {
            return .reloadFailed("\(error)")
        }
    }

    static func checkDisk(path: String, expected: AtomicFile.Stamp?) -> Action {
        .diskChecked(expected: expected, changed: !AtomicFile.isUnchanged(path, since: expected))
    }
}
