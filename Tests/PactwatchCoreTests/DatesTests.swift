import Testing

@testable import PactwatchCore

@Suite("Partial dates and days")
struct DatesTests {
    @Test(
        "a partial date stands for the last day of its period",
        arguments: [
            ("2023", "2023-12-31"),
            ("2022-08", "2022-08-31"),
            ("2024-02", "2024-02-29"),
            ("2023-02", "2023-02-28"),
            ("1900-02", "1900-02-28"),
            ("2000-02", "2000-02-29"),
            ("2022-08-15", "2022-08-15"),
        ])
    func lastDay(text: String, last: String) throws {
        let date = try #require(PartialDate(text))
        #expect(date.lastDay.description == last)
        #expect(date.description == text)
    }

    @Test(
        "impossible or malformed dates are refused",
        arguments: [
            "2022-13", "2022-00", "2022-02-30", "2023-02-29", "1900-02-29", "2022-04-31", "22", "2022-1-05",
            "2022-01-5", "2022-08-15x", "", "2022/08/15", "abcd", "2022-08-15-01", "0000",
        ])
    func refused(text: String) {
        #expect(PartialDate(text) == nil)
    }

    @Test("days count from 1970-01-01 and print back as ISO dates")
    func dayArithmetic() throws {
        #expect(Day(year: 1970, month: 1, day: 1)!.ordinal == 0)
        #expect(Day(year: 2023, month: 6, day: 30)!.ordinal == 19538)
        #expect(Day(year: 1969, month: 12, day: 31)!.ordinal == -1)
        let d = try #require(Day(iso: "2023-06-30"))
        #expect(d.adding(days: 1095).description == "2026-06-29")
        #expect(d.adding(days: -730).description == "2021-06-30")
        #expect(Day(iso: "2023-06") == nil)
        // Unix time to the UTC day, rounding down before 1970 too.
        #expect(Day(unixSeconds: 1_688_083_199).description == "2023-06-29")
        #expect(Day(unixSeconds: 1_688_083_200).description == "2023-06-30")
        #expect(Day(unixSeconds: -1).description == "1969-12-31")
        // Every day of four centuries round-trips through its components.
        var day = Day(year: 1900, month: 1, day: 1)!
        for _ in 0..<(400 * 366) {
            let c = day.components
            #expect(Day(year: c.year, month: c.month, day: c.day) == day)
            day = day.adding(days: 1)
            if day.components.year == 2300 { break }
        }
    }

    @Test("partial dates order by their last day, the less precise first on ties")
    func ordering() {
        #expect(PartialDate("2022-08")! < PartialDate("2022-09-01")!)
        #expect(PartialDate("2022")! < PartialDate("2022-12")!)
        #expect(PartialDate("2022-08-31")! < PartialDate("2022-09")!)
    }
}

@Suite("The stage ladder")
struct StageTests {
    @Test(
        "weights and implemented stages follow DESIGN.md",
        arguments: [
            (Stage.notStarted, 0.0, false), (.inPreparation, 0.25, false), (.adopted, 0.75, false),
            (.inForce, 1.0, true), (.applied, 1.0, true), (.abandoned, 0.0, false),
        ])
    func weights(stage: Stage, weight: Double, implemented: Bool) {
        #expect(stage.weight == weight)
        #expect(stage.isImplemented == implemented)
    }

    @Test("stages are ordered and spelled as in the dataset format")
    func order() {
        #expect(Stage.allCases.map(\.rawValue) == ["not_started", "in_preparation", "adopted", "in_force", "applied", "abandoned"])
        #expect(Stage.inPreparation < Stage.adopted)
    }
}

@Suite("Poisson interval for the forecast")
struct PoissonTests {
    // Reference values: the exact (Garwood) interval, χ²/2 quantiles, checked with scipy.stats.gamma.ppf.
    @Test("the 80 % interval for one count is (−ln 0.9, Gamma(2).ppf(0.9))")
    func oneCount() {
        let (lo, hi) = PoissonInterval.rate(count: 1, confidence: 0.8)
        #expect(abs(lo - 0.10536051565782636) < 1e-9)
        #expect(abs(hi - 3.889720169867429) < 1e-9)
    }

    @Test("the 80 % interval for five counts is (Gamma(5).ppf(0.1), Gamma(6).ppf(0.9))")
    func fiveCounts() {
        let (lo, hi) = PoissonInterval.rate(count: 5, confidence: 0.8)
        #expect(abs(lo - 2.432591025962664) < 1e-9)
        #expect(abs(hi - 9.274673893351626) < 1e-9)
    }

    @Test("large counts stay close to the normal approximation")
    func largeCount() {
        let (lo, hi) = PoissonInterval.rate(count: 10_000, confidence: 0.8)
        // ±1.2816 standard deviations (√10000 = 100), within a unit.
        #expect(abs(lo - (10_000 - 128.16)) < 1.5)
        #expect(abs(hi - (10_000 + 128.16)) < 1.5)
    }
}
