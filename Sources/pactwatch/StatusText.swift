import PactwatchCore

/// The terminal summary of `pactwatch status`: every percentage beside its counts.
struct StatusText {
    let snapshot: Snapshot
    let report: StatusReport
    let database: String

    func render() -> String {
        var out = ""
        let scope = report.within.isEmpty ? "whole dataset" : report.within.map(\.description).joined(separator: " ∩ ")
        out += "Pactwatch status as of \(report.asOf) — \(scope) (\(database))\n\n"
        let f = report.overall
        guard f.obligations > 0 else {
            return out + "No obligations exist in this scope on \(report.asOf): no data (not 0 %).\n"
        }
        let stages = Stage.allCases.map { "\($0.rawValue.replacingUnderscores) \(f.byStage[$0] ?? 0)" }.joined(separator: " · ")
        func line(_ label: String, _ value: String, _ detail: String) {
            out += label.padding(18) + value.leftPadding(9) + "   " + detail + "\n"
        }
        line("Obligations", "\(f.obligations)", stages)
        line("Progress", percent(f.progress), "Σ weight × stage weight \(number(f.progress! * f.weight!)) of Σ weight \(number(f.weight!))")
        line("Implemented", percent(f.implemented), "\(f.implementedCount!) of \(f.obligations) obligations in force or applied (weighted)")
        line("In practice", percent(f.practice), "\(f.appliedCount!) of \(f.obligations) applied (weighted)")
        line("Due", "\(f.due!)", "obligations whose deadline has passed")
        line("Deficit", percent(f.deficit), f.due! == 0 ? "nothing due yet" : "\(f.overdue!) of \(f.due!) due obligations not implemented")
        line("Long overdue", "\(f.longOverdue!)", "not implemented 730+ days after the deadline")
        line("Stalled", "\(f.stalled!)", "in preparation or adopted, no stage event for 270+ days")
        line("Asymmetry", "\(f.asymmetry!)", "commitments whose owing parties stand at different stages")
        line("Velocity", "\(f.velocity!)", "obligations first implemented in the last 365 days")
        if let forecast = f.forecast {
            line("Forecast", forecast.date.description, forecast.remaining == 0
                 ? "nothing remains"
                 : "\(forecast.remaining) remaining; 80 % interval \(forecast.earliest) – \(forecast.latest)")
        } else {
            line("Forecast", "none", "no movement in a year; \(f.remaining!) remaining")
        }

        out += "\nBy party\n"
        out += table(["party", "obligations", "progress", "implemented", "due", "deficit", "long overdue", "stalled"],
                     report.parties.map { id, f in
                         [id, "\(f.obligations)", percent(f.progress), count(f.implementedCount, of: f.obligations),
                          f.due.map(String.init) ?? "–", f.deficit.map { percent($0) + " (\(f.overdue!)/\(f.due!))" } ?? "–",
                          f.longOverdue.map(String.init) ?? "–", f.stalled.map(String.init) ?? "–"]
                     })

        out += "\nBy instrument\n"
        let figures = Dictionary(report.instruments.map { ($0.id, $0.figures) }, uniquingKeysWith: { a, _ in a })
        let instrumentRows: [[String]] = treeOrder().compactMap { id, depth in
            guard let f = figures[id] else { return nil }
            let forecast: String = f.obligations == 0 ? "–" : (f.forecast?.date.description ?? "none")
            let obligations: String = f.obligations == 0 ? "no data" : String(f.obligations)
            let due: String = f.due.map { String($0) } ?? "–"
            return [String(repeating: "  ", count: depth) + id, obligations, percent(f.progress),
                    count(f.implementedCount, of: f.obligations), due, percent(f.deficit), forecast]
        }
        out += table(["instrument", "obligations", "progress", "implemented", "due", "deficit", "forecast"], instrumentRows)

        let claims = snapshot.dataset.claims.filter { $0.date.lastDay <= report.asOf }
        if !claims.isEmpty {
            out += "\nClaims beside the evidence (computed for the claim's scope on its date)\n"
            out += table(["date", "speaker", "scope", "claimed", "implemented", "progress"], left: 3,
                         claims.map { claim in
                             let scope: Scope = claim.scope.map { snapshot.instrument($0) != nil ? .instrument($0) : .commitment($0) } ?? .all
                             let g = snapshot.figures(for: scope, asOf: claim.date.lastDay)
                             let claimed = claim.value.map { number($0) + " %" }
                                 ?? zip2(claim.done, claim.total).map { "\($0)/\($1)" } ?? "(no figure)"
                             return [claim.date.description, claim.speaker, claim.scope ?? "all", claimed,
                                     count(g.implementedCount, of: g.obligations), percent(g.progress)]
                         })
        }
        return out
    }

    /// Instruments parent first, each followed by its descendants, with their depth.
    func treeOrder() -> [(id: String, depth: Int)] {
        let instruments = snapshot.dataset.instruments
        let ids = Set(instruments.map(\.id))
        var children: [String: [String]] = [:]
        for i in instruments { children[i.parent.flatMap { ids.contains($0) ? $0 : nil } ?? "", default: []].append(i.id) }
        var out: [(String, Int)] = []
        var seen: Set<String> = []
        func visit(_ id: String, _ depth: Int) {
            guard seen.insert(id).inserted else { return }
            out.append((id, depth))
            for child in children[id] ?? [] { visit(child, depth + 1) }
        }
        for root in children[""] ?? [] { visit(root, 0) }
        return out
    }

    /// A plain-text table: the first `left` columns left-aligned, numbers right-aligned.
    func table(_ header: [String], left: Int = 1, _ rows: [[String]]) -> String {
        let widths = header.indices.map { i in ([header] + rows).map { $0[i].count }.max() ?? 0 }
        func format(_ row: [String]) -> String {
            row.enumerated().map { i, cell in i < left ? cell.padding(widths[i]) : cell.leftPadding(widths[i]) }
                .joined(separator: "  ") + "\n"
        }
        return format(header) + rows.map(format).joined()
    }
}

func zip2<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}

/// `41.7 %`, or `–` for no data.
func percent(_ share: Double?) -> String {
    guard let share else { return "–" }
    return number(share * 100, digits: 1) + " %"
}

func count(_ part: Int?, of whole: Int) -> String {
    guard let part, whole > 0 else { return "–" }
    return "\(part)/\(whole)"
}

/// A number with at most `digits` decimals, trailing zeros dropped.
func number(_ x: Double, digits: Int = 2) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (x * scale).rounded() / scale
    if rounded == rounded.rounded() { return String(Int(rounded)) }
    var s = String(rounded)
    if let dot = s.firstIndex(of: "."), s.distance(from: dot, to: s.endIndex) > digits + 1 {
        s = String(s[..<s.index(dot, offsetBy: digits + 1)])
    }
    return s
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    func leftPadding(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
    var replacingUnderscores: String { split(separator: "_").joined(separator: " ") }
}
