import K3sMigrateCore

/// Which steps may start now: every dependency satisfied, at most one running step per host,
/// hosts served first come first served. Linear in the plan's size overall, so 10,000 hosts are
/// fine.
struct ScheduleState {
    enum Status: Equatable {
        case waiting
        case queued
        case running
        case finished(satisfied: Bool)
    }

    let steps: [Step]
    private(set) var status: [Status]
    private(set) var running = 0
    /// Steps of these hosts are skipped (and count as satisfied) instead of started.
    private(set) var skippedHosts: Set<String> = []

    private let index: [String: Int]
    private var unmet: [Int]
    private var dependents: [[Int]]
    private var freeQueue: [Int] = []
    private var hostQueues: [String: [Int]] = [:]
    private var hostTurns: [String] = []
    private var turnHead = 0
    private var waitingTurn: Set<String> = []
    private var busy: Set<String> = []
    /// Resume: steps held back until every preflight step succeeded.
    private var heldForPreflight: [Int] = []
    private var preflightsLeft = 0

    /// `done`: steps an earlier attempt finished (they count as satisfied and never start).
    /// `preflightFirst`: no other step starts before every preflight step succeeded.
    init(steps: [Step], done: Set<String> = [], preflightFirst: Bool = false) {
        self.steps = steps
        var index: [String: Int] = [:]
        for (i, step) in steps.enumerated() { index[step.id] = i }
        self.index = index
        status = Array(repeating: .waiting, count: steps.count)
        unmet = Array(repeating: 0, count: steps.count)
        dependents = Array(repeating: [], count: steps.count)
        for (i, step) in steps.enumerated() {
            for dependency in Set(step.dependsOn) {
                guard let d = index[dependency] else { continue }
                dependents[d].append(i)
                unmet[i] += 1
            }
        }
        let isDone = steps.map { done.contains($0.id) && $0.kind != .preflight }
        if preflightFirst {
            preflightsLeft = steps.filter { $0.kind == .preflight }.count
            if preflightsLeft > 0 {
                for i in steps.indices where steps[i].kind != .preflight && !isDone[i] {
                    unmet[i] += 1
                    heldForPreflight.append(i)
                }
            }
        }
        for i in steps.indices where isDone[i] {
            status[i] = .finished(satisfied: true)
            for d in dependents[i] { unmet[d] -= 1 }
        }
        for i in steps.indices where status[i] == .waiting && unmet[i] == 0 { enqueue(i) }
    }

    var allFinished: Bool { !status.contains { if case .finished = $0 { return false } else { return true } } }

    func status(of id: String) -> Status? { index[id].map { status[$0] } }

    /// Steps to start now (marked running), at most `limit`, and steps skipped because their host is.
    mutating func next(limit: Int) -> (start: [Step], skipped: [Step]) {
        var start: [Step] = []
        var skipped: [Step] = []
        var progress = true
        while progress {
            progress = false
            while let i = freeQueue.popLast() {
                guard start.count < limit else { freeQueue.append(i); break }
                begin(i)
                start.append(steps[i])
                progress = true
            }
            while turnHead < hostTurns.count {
                let host = hostTurns[turnHead]
                turnHead += 1
                waitingTurn.remove(host)
                guard !busy.contains(host), var queue = hostQueues[host], !queue.isEmpty else { continue }
                if skippedHosts.contains(host) {
                    hostQueues[host] = []
                    for i in queue {
                        skipped.append(steps[i])
                        complete(i, satisfied: true)
                    }
                    progress = true
                    continue
                }
                guard start.count < limit else {
                    turnHead -= 1
                    waitingTurn.insert(host)
                    break
                }
                let i = queue.removeFirst()
                hostQueues[host] = queue
                begin(i)
                start.append(steps[i])
                progress = true
            }
            if turnHead > 1024, turnHead * 2 > hostTurns.count {
                hostTurns.removeFirst(turnHead)
                turnHead = 0
            }
            if start.count >= limit { break }
        }
        return (start, skipped)
    }

    /// Records that a running step ended; `satisfied` lets its dependents go on.
    mutating func finish(_ id: String, satisfied: Bool) {
        guard let i = index[id], status[i] == .running else { return }
        running -= 1
        if let host = steps[i].host {
            busy.remove(host)
            offerTurn(host)
        }
        complete(i, satisfied: satisfied)
    }

    /// From now on, steps of `host` that become ready are skipped rather than started.
    mutating func skipHost(_ host: String) {
        skippedHosts.insert(host)
        offerTurn(host)
    }

    private mutating func begin(_ i: Int) {
        status[i] = .running
        running += 1
        if let host = steps[i].host { busy.insert(host) }
    }

    private mutating func complete(_ i: Int, satisfied: Bool) {
        status[i] = .finished(satisfied: satisfied)
        if steps[i].kind == .preflight, satisfied, preflightsLeft > 0 {
            preflightsLeft -= 1
            if preflightsLeft == 0 {
                for held in heldForPreflight { release(held) }
                heldForPreflight = []
            }
        }
        guard satisfied else { return }
        for d in dependents[i] { release(d) }
    }

    private mutating func release(_ i: Int) {
        unmet[i] -= 1
        if unmet[i] == 0, status[i] == .waiting { enqueue(i) }
    }

    private mutating func enqueue(_ i: Int) {
        status[i] = .queued
        guard let host = steps[i].host else {
            freeQueue.insert(i, at: 0)
            return
        }
        var queue = hostQueues[host] ?? []
        let position = queue.firstIndex { $0 > i } ?? queue.count
        queue.insert(i, at: position)
        hostQueues[host] = queue
        offerTurn(host)
    }

    private mutating func offerTurn(_ host: String) {
        guard !busy.contains(host), !(hostQueues[host]?.isEmpty ?? true), waitingTurn.insert(host).inserted else { return }
        hostTurns.append(host)
    }
}
