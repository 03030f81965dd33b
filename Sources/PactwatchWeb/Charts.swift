import PactwatchCore

/// One colour per stage, used by every chart, badge and bar.
enum StageColor {
    static func of(_ stage: Stage) -> String {
        switch stage {
        case .notStarted: "#c5c9d0"
        case .inPreparation: "#e9b949"
        case .adopted: "#e07b39"
        case .inForce: "#2f8f4e"
        case .applied: "#1d6a8a"
        case .abandoned: "#8c2f39"
        }
    }

    /// No recorded step: a pale, outlined segment, apart from an explicit "not started".
    static let noRecordedStep = "#f3f4f6"
}

/// SVG charts drawn on the server. Every text node is escaped; each chart has a `<title>` and
/// a `<desc>` for screen readers. Each is drawn in two renditions (`Frame`): wide for a page's
/// column, narrow for a phone, where the image is shown at about its own size.
enum Charts {
    /// A rendition's drawing box and the sizes that follow from it.
    struct Frame {
        let narrow: Bool
        init(_ width: Route.Chart.Width) { narrow = width == .narrow }
        /// The width in SVG units.
        var width: Double { narrow ? 340 : 720 }
        /// The smallest text (ticks, the source line): 11 units on a narrow chart, so a phone
        /// shows it at 11 px or more.
        var small: Double { narrow ? 11 : 10 }
        /// How many year ticks the time axis has room for.
        var yearTicks: Int { narrow ? 4 : 8 }
        /// The source line's height: two lines on a narrow chart.
        var sourceHeight: Double { narrow ? 26 : 13 }
    }

    /// Implemented obligations and all obligations over time, with the forecast and its 80 % band.
    /// What the burn-up chart draws: the scope's figures on each of its days, up to the page's.
    static func burnupSamples(_ ctx: PageContext, _ scope: Scope) -> [(Day, Figures)] {
        startDays(ctx.snapshot, scope: scope, end: ctx.asOf).map { day in (day, ctx.figures.figures(for: scope, asOf: day)) }
    }

    /// What the stage chart draws: each leaf instrument of the scope with its figures.
    static func stageRows(_ ctx: PageContext, _ scope: Scope) -> [(id: String, label: String, figures: Figures)] {
        let report = scope == .all ? ctx.figures.report(asOf: ctx.asOf) : ctx.snapshot.report(asOf: ctx.asOf, within: [scope])
        // Leaves only: an instrument's figures include its children's, so drawing both would count twice.
        return report.instruments.filter { $0.figures.obligations > 0 && ctx.snapshot.children(of: $0.id).isEmpty }
            .map { ($0.id, ctx.shortLabel(.instrument($0.id)), $0.figures) }
    }

    static func burnup(_ ctx: PageContext, scope: Scope, label: String, frame: Frame = Frame(.wide)) -> HTML {
        let snapshot = ctx.snapshot
        let end = ctx.asOf
        let days = startDays(snapshot, scope: scope, end: end)
        let samples = burnupSamples(ctx, scope)
        guard samples.contains(where: { $0.1.obligations > 0 }) else { return noData(ctx, title: "\(ctx.t["burnup"]) — \(label)", frame: frame) }
        let now = samples.last!.1
        let t = ctx.t
        let forecastDrawn = now.forecast.map { $0.remaining > 0 } ?? false
        let legendItems =
            [("#888", t["obligations"]), ("#2f8f4e", t["implemented"])] + (forecastDrawn ? [("#b9dcc4", t["forecast"] + ", " + t["interval"])] : [])
        let width = frame.width, left = 48.0, right = 16.0, bottom = 23 + frame.sourceHeight
        let top = 15 + 15 * Double(legendRows(legendItems.map(\.1), x: left, maxX: width - 8))
        let height = top + 234 + bottom
        // Show the forecast up to five years ahead at most.
        let horizon = now.forecast.map { min($0.latest, end.adding(days: 5 * 365)) } ?? end
        let x0 = Double(days.first!.ordinal), x1 = Double(max(horizon, end.adding(days: 1)).ordinal)
        // Whole-number ticks: four steps of a whole size.
        let tick = max(1, Int((Double(samples.map(\.1.obligations).max() ?? 1) / 4).rounded(.up)))
        let maxY = Double(tick * 4)
        func x(_ d: Day) -> Double { left + (Double(min(d, horizon).ordinal) - x0) / (x1 - x0) * (width - left - right) }
        func y(_ v: Double) -> Double { top + (1 - v / maxY) * (height - top - bottom) }
        func path(_ points: [(Double, Double)]) -> String {
            points.enumerated().map { i, p in (i == 0 ? "M" : "L") + fmt(p.0) + " " + fmt(p.1) }.joined(separator: " ")
        }
        // Counts change on a day and hold until the next change: drawn as steps, never as slopes.
        func steps(_ points: [(Double, Double)]) -> String {
            points.enumerated().map { i, p in i == 0 ? "M\(fmt(p.0)) \(fmt(p.1))" : "H\(fmt(p.0)) V\(fmt(p.1))" }.joined(separator: " ")
        }
        let implementedNow = now.implementedCount ?? 0
        var desc =
            "\(t["implemented"]): \(implementedNow) \(t["of"]) \(now.obligations) \(t["obligations"].lowercased()), \(t["as_of"].lowercased()) \(end)."
        if let f = now.forecast, f.remaining > 0 {
            desc += " \(t["forecast"]): \(f.date) (\(t["interval"]) \(f.earliest) – \(f.latest))."
        } else if now.forecast == nil, now.obligations > 0 {
            desc += " \(t["forecast"]): \(t["forecast_none"])."
        }
        var svg = open(width: width, height: height, title: "\(t["burnup"]) — \(label)", desc: desc)
        // Axes and grid.
        for i in 0...4 {
            let v = maxY * Double(i) / 4
            svg += "<line x1=\"\(fmt(left))\" x2=\"\(fmt(width - right))\" y1=\"\(fmt(y(v)))\" y2=\"\(fmt(y(v)))\" stroke=\"#e3e5e8\"/>"
            svg += "<text x=\"\(fmt(left - 6))\" y=\"\(fmt(y(v) + 4))\" text-anchor=\"end\" font-size=\"11\" fill=\"#555\">\(tick * i)</text>"
        }
        let firstYear = days.first!.components.year, lastYear = horizon.components.year
        let step = max(1, (lastYear - firstYear + 1) / frame.yearTicks)
        for year in stride(from: firstYear + 1, through: lastYear, by: step) {
            let d = Day(year: year, month: 1, day: 1)!
            svg += "<line x1=\"\(fmt(x(d)))\" x2=\"\(fmt(x(d)))\" y1=\"\(fmt(top))\" y2=\"\(fmt(height - bottom))\" stroke=\"#f0f1f3\"/>"
            svg += "<text x=\"\(fmt(x(d)))\" y=\"\(fmt(height - bottom + 16))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#555\">\(year)</text>"
        }
        if let f = now.forecast, f.remaining > 0 {
            let goal = Double(implementedNow + f.remaining), from = Double(implementedNow)
            // The straight line from today's count to the goal on `target`, clipped at the
            // horizon, then flat at the goal.
            func line(to target: Day) -> [(Double, Double)] {
                let span = Double(max(1, target.ordinal - end.ordinal))
                if target <= horizon { return [(x(end), y(from)), (x(target), y(goal)), (x(horizon), y(goal))] }
                let reached = from + (goal - from) * Double(horizon.ordinal - end.ordinal) / span
                return [(x(end), y(from)), (x(horizon), y(reached))]
            }
            let band = line(to: f.earliest) + line(to: f.latest).reversed()
            svg +=
                "<path d=\"\(path(band)) Z\" fill=\"#2f8f4e\" fill-opacity=\"0.12\"><title>\(t["interval"]): \(f.earliest) – \(f.latest)</title></path>"
            svg +=
                "<path d=\"\(path(line(to: f.date)))\" stroke=\"#2f8f4e\" stroke-dasharray=\"5 4\" fill=\"none\" stroke-width=\"2\"><title>\(t["forecast"]): \(f.date)</title></path>"
        }
        svg +=
            "<path d=\"\(steps(samples.map { (x($0.0), y(Double($0.1.obligations))) }))\" stroke=\"#888\" fill=\"none\" stroke-width=\"1.5\"><title>\(t["obligations"])</title></path>"
        svg +=
            "<path d=\"\(steps(samples.map { (x($0.0), y(Double($0.1.implementedCount ?? 0))) }))\" stroke=\"#2f8f4e\" fill=\"none\" stroke-width=\"2.5\"><title>\(t["implemented"])</title></path>"
        svg +=
            "<line x1=\"\(fmt(x(end)))\" x2=\"\(fmt(x(end)))\" y1=\"\(fmt(top))\" y2=\"\(fmt(height - bottom))\" stroke=\"#333\" stroke-dasharray=\"2 3\"/>"
        svg += "<text x=\"\(fmt(x(end) - 4))\" y=\"\(fmt(top + 12))\" text-anchor=\"end\" font-size=\"11\" fill=\"#333\">\(end.description)</text>"
        svg += legend(legendItems, x: left, y: 6, horizontal: true, maxX: width - 8)
        svg +=
            "<text x=\"\(fmt(left))\" y=\"\(fmt(top - 6))\" font-size=\"\(fmt(frame.small))\" fill=\"#555\">\(t["obligations"]) (\(t["count"]))</text>"
        return svg + sourceLine(ctx, y: height - 4, frame: frame) + "</svg>"
    }

    /// The line a reader cites, inside every chart: whose figures, computed how, as of when.
    /// `y` is the baseline of its last line; a narrow chart puts the as-of day on a line of its own.
    static func sourceLine(_ ctx: PageContext, y: Double, frame: Frame) -> HTML {
        let t = ctx.t, size = fmt(frame.small)
        let licence = ctx.snapshot.dataset.about.licensesInForce.map(\.short).joined(separator: ", ")
        let asOf = "\(licence) · \(t["as_of"]) \(ctx.asOf.description)"
        guard frame.narrow else {
            return "<text x=\"12\" y=\"\(fmt(y))\" font-size=\"\(size)\" fill=\"#666\">\(t["site"]) · \(t["chart_source"]) · \(asOf)</text>"
        }
        return "<text x=\"8\" y=\"\(fmt(y - 13))\" font-size=\"\(size)\" fill=\"#666\">\(t["site"]) · \(t["chart_source"])</text>"
            + "<text x=\"8\" y=\"\(fmt(y))\" font-size=\"\(size)\" fill=\"#666\">\(asOf)</text>"
    }

    /// An empty scope's chart: a panel saying so, never an empty frame with axes.
    static func noData(_ ctx: PageContext, title: String, frame: Frame) -> HTML {
        let height = 67 + frame.sourceHeight
        return open(width: frame.width, height: height, title: title, desc: ctx.t["no_data"])
            + "<text x=\"\(fmt(frame.width / 2))\" y=\"40\" text-anchor=\"middle\" font-size=\"14\" fill=\"#666\">\(ctx.t["no_data"])</text>"
            + sourceLine(ctx, y: height - 8, frame: frame) + "</svg>"
    }

    /// The segments of a stage bar, in order: "no recorded step" (no counting stage event), an
    /// explicit "not started", then each stage; empty segments left out.
    static func stageSegments(_ f: Figures, _ t: Strings) -> [(label: String, color: String, count: Int)] {
        let unrecorded = f.obligations - (f.evidenced ?? f.obligations)
        var out: [(label: String, color: String, count: Int)] = [(t["no_recorded_step"], StageColor.noRecordedStep, unrecorded)]
        for stage in Stage.allCases {
            out.append((t.stage(stage.rawValue), StageColor.of(stage), (f.byStage[stage] ?? 0) - (stage == .notStarted ? unrecorded : 0)))
        }
        return out.filter { $0.count > 0 }
    }

    /// Obligations per stage for each row: stacked horizontal bars, "no recorded step" drawn
    /// apart from an explicit "not started". A wide chart puts each label left of its bar, a
    /// narrow one above it.
    static func stages(_ ctx: PageContext, rows: [(label: String, figures: Figures)], title: String, frame: Frame = Frame(.wide)) -> HTML {
        let t = ctx.t
        guard !rows.isEmpty else { return noData(ctx, title: title, frame: frame) }
        let width = frame.width
        let rowHeight = frame.narrow ? 34.0 : 22.0, labelWidth = frame.narrow ? 8.0 : 230.0
        // Room after the longest bar for its count.
        let barRight = frame.narrow ? 30.0 : 10.0
        let legendItems = [(StageColor.noRecordedStep, t["no_recorded_step"])] + Stage.allCases.map { (StageColor.of($0), t.stage($0.rawValue)) }
        let top = 12.0 + 15 * Double(legendRows(legendItems.map(\.1), x: 8, maxX: width - 8))
        let height = top + Double(max(rows.count, 1)) * rowHeight + 21 + frame.sourceHeight
        let tick = max(1, Int((Double(rows.map(\.figures.obligations).max() ?? 1) / 4).rounded(.up)))
        let maxCount = Double(tick * 4)
        let desc = rows.map { row in
            "\(row.label): " + stageSegments(row.figures, t).map { "\($0.label) \($0.count)" }.joined(separator: ", ")
        }.joined(separator: "; ")
        var svg = open(width: width, height: height, title: title, desc: desc)
        svg += legend(legendItems, x: 8, y: 6, horizontal: true, maxX: width - 8)
        // The count axis: four whole steps under the bars, titled.
        let axisY = top + Double(max(rows.count, 1)) * rowHeight + 4
        let small = fmt(frame.small)
        for i in 0...4 {
            let x = labelWidth + Double(i) / 4 * (width - labelWidth - barRight)
            svg += "<line x1=\"\(fmt(x))\" x2=\"\(fmt(x))\" y1=\"\(fmt(top))\" y2=\"\(fmt(axisY))\" stroke=\"#eceef1\"/>"
            svg += "<text x=\"\(fmt(x))\" y=\"\(fmt(axisY + 12))\" text-anchor=\"middle\" font-size=\"\(small)\" fill=\"#555\">\(tick * i)</text>"
        }
        svg +=
            "<text x=\"\(fmt(width - 10))\" y=\"\(fmt(axisY + 26))\" text-anchor=\"end\" font-size=\"\(small)\" fill=\"#555\">\(t["obligations"])</text>"
        // A label's room in characters: beside the bar (wide) or the chart's width (narrow).
        let room = frame.narrow ? 50 : 34
        for (i, row) in rows.enumerated() {
            let y = top + Double(i) * rowHeight
            let label = row.label.count > room ? String(row.label.prefix(room - 1)) + "…" : row.label
            // The bar's box: under its label on a narrow chart, beside it on a wide one.
            let (barY, barHeight, textY) = frame.narrow ? (y + 16, 14.0, y + 27) : (y + 3, rowHeight - 6, y + 14)
            svg +=
                frame.narrow
                ? "<text x=\"\(fmt(labelWidth))\" y=\"\(fmt(y + 12))\" font-size=\"11\" fill=\"#222\">\(label)</text>"
                : "<text x=\"\(fmt(labelWidth - 6))\" y=\"\(fmt(textY))\" text-anchor=\"end\" font-size=\"11\" fill=\"#222\">\(label)</text>"
            var x = labelWidth
            for segment in stageSegments(row.figures, t) {
                let w = Double(segment.count) / maxCount * (width - labelWidth - barRight)
                let stroke: HTML = segment.color == StageColor.noRecordedStep ? " stroke=\"#8a9099\" stroke-dasharray=\"2 1\"" : ""
                svg +=
                    "<rect x=\"\(fmt(x))\" y=\"\(fmt(barY))\" width=\"\(fmt(w))\" height=\"\(fmt(barHeight))\" fill=\"\(segment.color)\"\(stroke)><title>\(row.label): \(segment.label) \(segment.count)</title></rect>"
                x += w
            }
            if row.figures.obligations == 0 {
                svg += "<text x=\"\(fmt(labelWidth + 4))\" y=\"\(fmt(textY))\" font-size=\"11\" fill=\"#888\">\(t["no_data"])</text>"
            } else {
                svg += "<text x=\"\(fmt(x + 4))\" y=\"\(fmt(textY))\" font-size=\"11\" fill=\"#333\">\(row.figures.obligations)</text>"
            }
        }
        return svg + sourceLine(ctx, y: height - 4, frame: frame) + "</svg>"
    }

    /// Month starts from the first date that matters in the scope to `end`, at most ~120 points, then `end`.
    static func startDays(_ snapshot: Snapshot, scope: Scope, end: Day) -> [Day] {
        // From the first day an obligation of the scope existed or moved.
        let commitments = snapshot.commitments(in: scope)
        let ids = Set(commitments.map(\.id))
        var first = end
        for e in snapshot.dataset.events where ids.contains(e.commitment) && e.date.lastDay < first { first = e.date.lastDay }
        for c in commitments {
            if let adopted = snapshot.instrument(c.instrument)?.adopted?.lastDay, adopted < first { first = adopted }
        }
        let start = Day(year: first.components.year, month: first.components.month, day: 1)!
        let months = max(1, (end.components.year - start.components.year) * 12 + end.components.month - start.components.month)
        let step = max(1, months / 120)
        var days: [Day] = []
        var k = 0
        while k < months {
            let y = start.components.year + (start.components.month - 1 + k) / 12
            let m = (start.components.month - 1 + k) % 12 + 1
            days.append(Day(year: y, month: m, day: 1)!)
            k += step
        }
        return days.filter { $0 < end } + [end]
    }

    static func open(width: Double, height: Double, title: String, desc: String) -> HTML {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" width=\"\(fmt(width))\" height=\"\(fmt(height))\" role=\"img\" aria-labelledby=\"title desc\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\">"
            + "<title id=\"title\">\(title)</title><desc id=\"desc\">\(desc)</desc>"
            + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
    }

    static func legend(_ items: [(String, String)], x: Double, y: Double, horizontal: Bool = false, maxX: Double = .infinity) -> HTML {
        var out = HTML()
        var cx = x, cy = y
        for (color, label) in items {
            let itemWidth = 28 + textWidth(label, size: 11)
            if horizontal, cx > x, cx + itemWidth > maxX { (cx, cy) = (x, cy + 15) }
            let stroke: HTML = color == StageColor.noRecordedStep ? " stroke=\"#8a9099\" stroke-dasharray=\"2 1\"" : ""
            out += "<rect x=\"\(fmt(cx))\" y=\"\(fmt(cy))\" width=\"10\" height=\"10\" fill=\"\(color)\"\(stroke)/>"
            out += "<text x=\"\(fmt(cx + 14))\" y=\"\(fmt(cy + 9))\" font-size=\"11\" fill=\"#333\">\(label)</text>"
            if horizontal { cx += itemWidth } else { cy += 15 }
        }
        return out
    }

    /// How many rows a horizontal legend wraps to within `width`.
    static func legendRows(_ labels: [String], x: Double, maxX: Double) -> Int {
        var rows = 1, cx = x
        for label in labels {
            let itemWidth = 28 + textWidth(label, size: 11)
            if cx > x, cx + itemWidth > maxX { (rows, cx) = (rows + 1, x) }
            cx += itemWidth
        }
        return rows
    }

    /// About how wide a text is drawn in the charts' sans-serif at `size`: mean advance widths
    /// by character class, measured on DejaVu Sans (the font Debian's chromium draws with) and
    /// rounded up. Cyrillic is wider than Latin lower case, so a Russian label is given the room
    /// it takes, and labels and legend items never run into each other.
    static func textWidth(_ text: String, size: Double) -> Double {
        var em = 0.0
        for c in text.unicodeScalars {
            switch c.value {
            case 0x20: em += 0.32
            case 0x2E, 0x2C, 0x3A, 0x3B, 0x27, 0x69, 0x6C: em += 0.31
            case 0x25: em += 0.95
            case 0x30...0x39: em += 0.64
            case 0x41...0x5A: em += 0.68
            case 0x61...0x7A: em += 0.59
            case 0x0400...0x042F: em += 0.77
            case 0x0430...0x04FF: em += 0.67
            default: em += 0.75
            }
        }
        return em * size
    }

    static func fmt(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}

extension Charts {
    /// The chart a route names, for its scope.
    static func draw(_ chart: Route.Chart, _ scope: Scope, _ width: Route.Chart.Width, _ ctx: PageContext) -> HTML {
        let frame = Frame(width)
        switch chart {
        case .burnup:
            return burnup(ctx, scope: scope, label: ctx.shortLabel(scope), frame: frame)
        case .claims:
            return claims(ctx, scope: scope, frame: frame)
        case .stages:
            let rows = stageRows(ctx, scope).map { ($0.label, $0.figures) }
            return stages(ctx, rows: rows, title: ctx.t["stages_by_instrument"] + (scope == .all ? "" : " — " + ctx.shortLabel(scope)), frame: frame)
        }
    }

    // MARK: Claims against the evidence

    /// The scope a claims chart draws: the scope itself, or for the whole record the scope most
    /// claims speak of (officials rarely speak of "everything"), ties to the first claimed.
    static func claimsScope(_ ctx: PageContext, _ scope: Scope) -> Scope {
        guard scope == .all else { return scope }
        let scopes = ctx.snapshot.dataset.claims.filter { $0.date.lastDay <= ctx.asOf }.map(ctx.snapshot.scope(of:))
        var counts: [Scope: Int] = [:]
        for s in scopes { counts[s, default: 0] += 1 }
        return scopes.max { counts[$0]! < counts[$1]! } ?? .all
    }

    /// One month of the evidence lines: the scope's figures on that day, in percent.
    struct EvidenceSample {
        let day: Day
        let implemented: Double?
        let progress: Double?
        let coverage: Double?
        /// children_completed / children, for an instrument with children.
        let childrenCompleted: Double?
    }

    /// The scope's claims (those speaking of exactly this scope) by the page's day, and the
    /// evidence lines sampled from the first month that matters to the page's day.
    static func claimSeries(_ ctx: PageContext, _ scope: Scope) -> (claims: [ClaimEvidence], samples: [EvidenceSample]) {
        let claims = ctx.snapshot.claims(about: scope, through: ctx.asOf).filter { ctx.snapshot.scope(of: $0) == scope }
            .map(ctx.figures.evidence(for:))
        var days = startDays(ctx.snapshot, scope: scope, end: ctx.asOf)
        if let first = claims.first?.asOf, first < days[0] { days.insert(first, at: 0) }
        var samples = days.map { day -> EvidenceSample in
            let f = ctx.figures.figures(for: scope, asOf: day)
            let children: Double? = f.childrenCompleted.flatMap { c in f.children.flatMap { $0 > 0 ? Double(c) / Double($0) * 100 : nil } }
            return EvidenceSample(
                day: day, implemented: f.implemented.map { $0 * 100 }, progress: f.progress.map { $0 * 100 },
                coverage: f.coverage.map { $0 * 100 }, childrenCompleted: children)
        }
        // From the month before the first claim or the first month with obligations, whichever is earlier.
        let firstClaim = claims.first?.asOf
        let firstUseful = samples.firstIndex { s in s.implemented != nil || firstClaim.map { s.day >= $0 } == true } ?? 0
        samples.removeFirst(max(0, firstUseful - 1))
        return (claims, samples)
    }

    /// A speaker in a few words for a label: "Lukashenko", "Embassy of Belarus…".
    static func shortSpeaker(_ name: String) -> String {
        let head = name.split(whereSeparator: { $0 == "(" || $0 == "," }).first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? name
        let words = head.split(separator: " ")
        if words.count == 2 { return String(words[1]) }
        return head.count > 18 ? String(head.prefix(17)) + "…" : head
    }

    /// Percent on y, time on x: each claim a labelled point (a circle for a percentage, a
    /// diamond for a count of programmes), the scope's implemented share and progress as step
    /// lines, coverage dashed, programmes completed where the scope has child instruments, and
    /// a rule at each deadline a quarter or more of the scope's obligations share.
    static func claims(_ ctx: PageContext, scope requested: Scope, frame: Frame = Frame(.wide)) -> HTML {
        let t = ctx.t, language = ctx.language
        let scope = claimsScope(ctx, requested)
        let (claims, samples) = claimSeries(ctx, scope)
        let title = t["claims_chart"] + (scope == .all ? "" : " — " + ctx.shortLabel(scope))
        let now = samples.last!
        let points: [(claim: ClaimEvidence, value: Double, programmes: Bool)] = claims.flatMap { e -> [(ClaimEvidence, Double, Bool)] in
            var out: [(ClaimEvidence, Double, Bool)] = []
            if let v = e.claim.value { out.append((e, v, false)) }
            if e.claim.unit == .programmes, let done = e.claim.done, let total = e.claim.total, total > 0 {
                out.append((e, Double(done) / Double(total) * 100, true))
            }
            return out
        }
        let latest = claims.last { $0.claim.value != nil }
        var desc = "\(points.count) \(t["claims_plotted"]). "
        if let latest, let v = latest.claim.value {
            desc += "\(latest.claim.date): \(localized(latest.claim.speaker, latest.claim.speakers, language)) \(ctx.percentValue(v)); "
            desc += "\(t["implemented"].lowercased()) \(ctx.percent(latest.figures.implemented)). "
        }
        desc += "\(ctx.asOf): \(t["implemented"].lowercased()) \(now.implemented.map { ctx.percentValue($0, digits: 1) } ?? t["no_data"])."
        guard now.implemented != nil || !points.isEmpty else { return noData(ctx, title: title, frame: frame) }
        // The series drawn, in legend order; the legend's rows set the plot's top.
        let lines: [(String, String, String, (EvidenceSample) -> Double?)] = [
            (t["coverage"], "#9aa1ab", "3 3", { $0.coverage }),
            (t["progress"], "#e07b39", "", { $0.progress }),
            (t["implemented"], "#2f8f4e", "", { $0.implemented }),
            (t["programmes_completed_share"], "#6b4fa0", "6 3", { $0.childrenCompleted }),
        ].filter { line in samples.contains { line.3($0) != nil } }
        var legendItems = lines.map { ($0.1, $0.0) }
        if points.contains(where: { !$0.programmes }) { legendItems.append(("#1f4e99", t["claimed_percent"])) }
        if points.contains(where: { $0.programmes }) { legendItems.append(("#6b4fa0", t["claimed_programmes"])) }
        let width = frame.width, left = 44.0, right = 16.0, bottom = 39 + frame.sourceHeight
        let top = 31 + 15 * Double(legendRows(legendItems.map(\.1), x: 12, maxX: width - 8))
        let height = top + 242 + bottom
        var svg = open(width: width, height: height, title: title, desc: desc)
        let x0 = Double(samples.first!.day.ordinal), x1 = Double(max(ctx.asOf.ordinal, samples.first!.day.ordinal + 1))
        func x(_ d: Day) -> Double { left + (Double(d.ordinal) - x0) / (x1 - x0) * (width - left - right) }
        func y(_ v: Double) -> Double { top + (1 - v / 100) * (height - top - bottom) }
        // Axes: 0–100 % in steps of 20, a year grid, axis titles.
        for v in stride(from: 0.0, through: 100, by: 20) {
            svg += "<line x1=\"\(fmt(left))\" x2=\"\(fmt(width - right))\" y1=\"\(fmt(y(v)))\" y2=\"\(fmt(y(v)))\" stroke=\"#e3e5e8\"/>"
            svg +=
                "<text x=\"\(fmt(left - 6))\" y=\"\(fmt(y(v) + 4))\" text-anchor=\"end\" font-size=\"11\" fill=\"#555\">\(ctx.percentValue(v, digits: 0))</text>"
        }
        let firstYear = samples.first!.day.components.year, lastYear = ctx.asOf.components.year
        for year in stride(from: firstYear + 1, through: lastYear, by: max(1, (lastYear - firstYear + 1) / frame.yearTicks)) {
            let d = Day(year: year, month: 1, day: 1)!
            svg += "<line x1=\"\(fmt(x(d)))\" x2=\"\(fmt(x(d)))\" y1=\"\(fmt(top))\" y2=\"\(fmt(height - bottom))\" stroke=\"#f0f1f3\"/>"
            svg += "<text x=\"\(fmt(x(d)))\" y=\"\(fmt(height - bottom + 16))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#555\">\(year)</text>"
        }
        svg += "<text x=\"12\" y=\"\(fmt(top - 8))\" font-size=\"11\" fill=\"#555\">\(t["axis_percent"])</text>"
        // Deadline rules: a deadline a quarter or more of the scope's obligations share.
        var deadlines: [Day: Int] = [:]
        let obligations = ctx.snapshot.commitments(in: scope).flatMap { ctx.snapshot.obligations(ofCommitment: $0.id) }
            .filter { ctx.snapshot.exists($0.index, asOf: ctx.asOf) }
        for (index, _) in obligations {
            if let d = ctx.snapshot.state(of: index, asOf: ctx.asOf).deadline, d.ordinal >= Int(x0), d <= ctx.asOf { deadlines[d, default: 0] += 1 }
        }
        let total = max(1, obligations.count)
        for (day, n) in deadlines.sorted(by: { $0.key < $1.key }) where n * 4 >= total {
            svg +=
                "<line x1=\"\(fmt(x(day)))\" x2=\"\(fmt(x(day)))\" y1=\"\(fmt(top))\" y2=\"\(fmt(height - bottom))\" stroke=\"#8c2f39\" stroke-dasharray=\"4 3\"><title>\(t["deadline"]) \(day): \(n) \(t["obligations"].lowercased())</title></line>"
            svg +=
                "<text x=\"\(fmt(x(day) + 3))\" y=\"\(fmt(height - bottom - 4))\" font-size=\"\(fmt(frame.small))\" fill=\"#8c2f39\">\(t["deadline"]) \(day.description)</text>"
        }
        // Evidence step lines.
        func steps(_ value: (EvidenceSample) -> Double?) -> String {
            var d = "", last: Double?
            for s in samples {
                guard let v = value(s) else { continue }
                d += last == nil ? "M\(fmt(x(s.day))) \(fmt(y(v)))" : " H\(fmt(x(s.day))) V\(fmt(y(v)))"
                last = v
            }
            return last == nil ? "" : d + " H\(fmt(x(ctx.asOf)))"
        }
        for (label, color, dash, value) in lines {
            let dashAttr: HTML = dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\""
            svg += "<path d=\"\(steps(value))\" stroke=\"\(color)\" fill=\"none\" stroke-width=\"2\"\(dashAttr)><title>\(label)</title></path>"
        }
        // The claims: points, each labelled where its label finds room (its tooltip always
        // says who, when and what; the claims table lists them all).
        var placed: [(x: Double, y: Double, w: Double)] = []
        for (i, (evidence, value, programmes)) in points.enumerated() {
            let claim = evidence.claim
            let px = x(evidence.asOf), py = y(min(100, max(0, value)))
            let speaker = localized(claim.speaker, claim.speakers, language)
            let count = programmes ? "\(claim.done!)/\(claim.total!)" : ctx.percentValue(value, digits: 0)
            let tip =
                "\(claim.date) · \(speaker): " + (programmes ? "\(count) \(t["unit_programmes"])" : ctx.percentValue(value, digits: 1))
            if programmes {
                svg +=
                    "<path d=\"M\(fmt(px)) \(fmt(py - 5)) L\(fmt(px + 5)) \(fmt(py)) L\(fmt(px)) \(fmt(py + 5)) L\(fmt(px - 5)) \(fmt(py)) Z\" fill=\"#6b4fa0\"><title>\(tip)</title></path>"
            } else {
                svg += "<circle cx=\"\(fmt(px))\" cy=\"\(fmt(py))\" r=\"4.5\" fill=\"#1f4e99\" stroke=\"#fff\"><title>\(tip)</title></circle>"
            }
            // The same claim's count drawn where its percentage already is: one label is enough.
            if programmes, i > 0, points[i - 1].claim.claim.id == claim.id, abs(points[i - 1].value - value) < 3 { continue }
            let label = "\(shortSpeaker(speaker)) \(count)"
            let w = textWidth(label, size: frame.small) + 4
            let candidates = [-4.0, 10, -16, 22].flatMap { dy in [(px + 8, py + dy), (px - 8 - w, py + dy)] }
            guard
                let spot = candidates.first(where: { lx, ly in
                    lx >= left && lx + w <= width - right && ly > top && ly < height - bottom
                        && !placed.contains { abs($0.y - ly) < frame.small + 2 && $0.x < lx + w && lx < $0.x + $0.w }
                })
            else { continue }
            placed.append((spot.0, spot.1, w))
            svg += "<text x=\"\(fmt(spot.0))\" y=\"\(fmt(spot.1 + 3))\" font-size=\"\(fmt(frame.small))\" fill=\"#1c2b4a\">\(label)</text>"
        }
        svg += legend(legendItems, x: 12, y: 6, horizontal: true, maxX: width - 8)
        // The line a reader cites: what, whose record, as of when.
        return svg + sourceLine(ctx, y: height - 10, frame: frame) + "</svg>"
    }
}
