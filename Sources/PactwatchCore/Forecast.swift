import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// When the remaining obligations would all be implemented at the current velocity.
///
/// `date` = as-of + remaining / velocity years (a year is 365 days, rounded to the nearest
/// day). The 80 % interval treats the year's count of newly implemented obligations as a
/// Poisson draw and takes the exact (Garwood) two-sided 80 % interval for its rate:
/// the fastest plausible rate gives `earliest`, the slowest gives `latest`.
public struct Forecast: Hashable, Sendable {
    /// Obligations neither implemented nor abandoned.
    public let remaining: Int
    /// Obligations first implemented in the last 365 days.
    public let velocity: Int
    public let date: Day
    public let earliest: Day
    public let latest: Day

    /// The confidence of the interval between `earliest` and `latest`.
    public static let confidence = 0.8

    /// The forecast, or nil when nothing moved in a year while work remains.
    public static func make(remaining: Int, velocity: Int, asOf: Day) -> Forecast? {
        if remaining == 0 {
            return Forecast(remaining: 0, velocity: velocity, date: asOf, earliest: asOf, latest: asOf)
        }
        guard velocity > 0 else { return nil }
        let (low, high) = PoissonInterval.rate(count: velocity, confidence: confidence)
        func after(_ rate: Double) -> Day {
            let days = (Double(remaining) / rate * 365).rounded()
            // Beyond the year 9999 a date means nothing; keep it printable.
            let last = Day(year: 9999, month: 12, day: 31)!
            return days >= Double(last.ordinal - asOf.ordinal) ? last : asOf.adding(days: Int(days))
        }
        return Forecast(
            remaining: remaining, velocity: velocity, date: after(Double(velocity)),
            earliest: after(high), latest: after(low))
    }
}

/// The exact two-sided confidence interval for a Poisson rate from one observed count.
public enum PoissonInterval {
    /// For count k: lower = Gamma(k).quantile(α/2), upper = Gamma(k + 1).quantile(1 − α/2),
    /// α = 1 − confidence (that is χ²(α/2; 2k)/2 and χ²(1 − α/2; 2k + 2)/2).
    public static func rate(count k: Int, confidence: Double) -> (lower: Double, upper: Double) {
        // Each count's interval is computed once per process: a report holds a forecast per
        // party and instrument, and the server answers many days.
        let key = IntervalKey(count: k, confidence: confidence)
        if let hit = known.withLock({ $0[key] }) { return hit }
        let interval = compute(count: k, confidence: confidence)
        known.withLock { $0[key] = interval }
        return interval
    }

    struct IntervalKey: Hashable { let count: Int; let confidence: Double }
    static let known = Mutex<[IntervalKey: (lower: Double, upper: Double)]>([:])

    static func compute(count k: Int, confidence: Double) -> (lower: Double, upper: Double) {
        let alpha = 1 - confidence
        let lower = k == 0 ? 0 : gammaQuantile(alpha / 2, shape: Double(k))
        let upper = gammaQuantile(1 - alpha / 2, shape: Double(k + 1))
        return (lower, upper)
    }

    /// The x where the regularised lower incomplete gamma P(shape, x) reaches p (bisection).
    static func gammaQuantile(_ p: Double, shape a: Double) -> Double {
        var lo = 0.0
        var hi = a + 10 * a.squareRoot() + 10
        while regularizedGammaP(a, hi) < p { hi *= 2 }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if regularizedGammaP(a, mid) < p { lo = mid } else { hi = mid }
            if hi - lo <= 1e-12 * hi { break }
        }
        return (lo + hi) / 2
    }

    /// P(a, x) by its series below a + 1 and Lentz's continued fraction above (Numerical Recipes §6.2).
    static func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
        if x <= 0 { return 0 }
        let logPrefix = -x + a * log(x) - lgamma(a)
        if x < a + 1 {
            var term = 1 / a
            var sum = term
            var n = a
            for _ in 0..<100_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-15 { break }
            }
            return sum * exp(logPrefix)
        }
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1..<100_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return 1 - exp(logPrefix) * h
    }
}
