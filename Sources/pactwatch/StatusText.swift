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
        // "No recorded step" apart from an explicit "not started": the record holds no evidence either way.
        let unrecorded = f.obligations - (f.evidenced ?? f.obligations)
        let stages =
            (["no recorded step \(unrecorded)"]
            + Stage.allCases.map { stage in
                "\(stage.rawValue.replacingUnderscores) \((f.byStage[stage] ?? 0) - (stage == .notStarted ? unrecorded : 0))"
            }).joined(separator: " · ")
        func line(_ label: String, _ value: String, _ detail: String) {
            out += label.padding(18) + value.leftPadding(9) + "   " + detail + "\n"
        }
        line("Obligations", "\(f.obligations)", stages)
        line("Progress", percent(f.progress), "Σ weight × stage weight \(number(f.progress! * f.weight!)) of Σ weight \(number(f.weight!))")
        line("Implemented", percent(f.implemented), "\(f.implementedCount!) of \(f.obligations) obligations in force or applied (weighted)")
        line("In practice", percent(f.practice), "\(f.appliedCount!) of \(f.obligations) applied (weighted)")
        line(
            "Evidenced", "\(f.evidenced!)",
            "of \(f.obligations) have a recorded step (coverage \(percent(f.coverage))); the other \(f.obligations - f.evidenced!) have none, counted as not started"
        )
        line("Due", "\(f.due!)", "obligations whose deadline has passed")
        line("At risk", "\(f.atRisk!)", "not implemented, deadline within the next \(Figures.atRiskDays) days")
        line("Deficit", percent(f.deficit), f.due! == 0 ? "nothing due yet" : "\(f.overdue!) of \(f.due!) due obligations not implemented")
        line("Long overdue", "\(f.longOverdue!)", "not implemented \(FigureFormat.Threshold.longOverdue.days)+ days after the deadline")
        line("Stalled", "\(f.stalled!)", "in preparation or adopted, no stage event for \(FigureFormat.Threshold.stalled.days)+ days")
        line("Asymmetry", "\(f.asymmetry!)", "commitments whose owing parties stand at different stages")
        line("Velocity", "\(f.velocity!)", "obligations first implemented in the last \(FigureFormat.Threshold.velocity.days) days")
        if let children = f.children, let completed = f.childrenCompleted {
            line("Parts complete", "\(completed)/\(children)", "instruments directly under it with every obligation implemented")
        }
        if let forecast = f.forecast {
            line(
                "Forecast", forecast.date.description,
                forecast.remaining == 0
                    ? "nothing remains"
                    : "\(forecast.remaining) remaining; 80 % interval \(forecast.earliest) – \(forecast.latest)")
        } else {
            line("Forecast", "none", "no movement in a year; \(f.remaining!) remaining")
        }

        out += "\nBy party\n"
        out += table(
            ["party", "obligations", "progress", "implemented", "due", "deficit", "long overdue", "stalled"],
            report.parties.map { id, f in
                [
                    id, "\(f.obligations)", percent(f.progress), count(f.implementedCount, of: f.obligations),
                    f.due.map(String.init) ?? "–", f.deficit.map { percent($0) + " (\(f.overdue!)/\(f.due!))" } ?? "–",
                    f.longOverdue.map(String.init) ?? "–", f.stalled.map(String.init) ?? "–",
                ]
            })

        out += "\nBy instrument\n"
        let figures = Dictionary(report.instruments.map { ($0.id, $0.figures) }, uniquingKeysWith: { a, _ in a })
        let instrumentRows: [[String]] = snapshot.instrumentTree().compactMap { instrument, depth in
            let id = instrument.id
            guard let f = figures[id] else { return nil }
            let forecast: String = f.obligations == 0 ? "–" : (f.forecast?.date.description ?? "none")
            let obligations: String = f.obligations == 0 ? "no data" : String(f.obligations)
            let due: String = f.due.map { String($0) } ?? "–"
            return [
                String(repeating: "  ", count: depth) + id, obligations, percent(f.progress),
                count(f.implementedCount, of: f.obligations), due, percent(f.deficit), forecast,
            ]
        }
        out += table(["instrument", "obligations", "progress", "implemented", "due", "deficit", "forecast"], instrumentRows)

        let claims = snapshot.dataset.claims.filter { $0.date.lastDay <= report.asOf }
        if !claims.isEmpty {
            out += "\nClaims beside the evidence (computed for the claim's scope on its date; gap = claimed − implemented, in points)\n"
            out += table(
                ["date", "speaker", "scope", "claimed", "implemented", "gap", "record's count"], left: 3,
                claims.map { claim in
                    let evidence = snapshot.evidence(for: claim), g = evidence.figures
                    let unit = claim.unit?.rawValue ?? "items"
                    let counted = zip2(claim.done, claim.total).map { "\($0)/\($1) \(unit)" } ?? claim.total.map { "\($0) \(unit)" }
                    let claimed = [claim.value.map { number($0) + " %" }, counted].compactMap { $0 }.joined(separator: "; ")
                    let gap = evidence.gapPoints.map { ($0 > 0 ? "+" : "") + number($0, digits: 1) + " pts" } ?? "–"
                    let record = evidence.count.map { "\($0.parts.done)/\($0.parts.total) \($0.unit)" } ?? "–"
                    return [
                        claim.date.description, claim.speaker, claim.scope ?? "all", claimed.isEmpty ? "(no figure)" : claimed,
                        count(g.implementedCount, of: g.obligations), gap, record,
                    ]
                })
        }
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
func percent(_ share: Double?) -> String { FigureFormat.percent(share) ?? "–" }

func count(_ part: Int?, of whole: Int) -> String {
    guard let part, whole > 0 else { return "–" }
    return "\(part)/\(whole)"
}

func number(_ x: Double, digits: Int = 2) -> String { FigureFormat.number(x, digits: digits) }

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    func leftPadding(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
    var replacingUnderscores: String { split(separator: "_").joined(separator: " ") }
}
