import Foundation
import PactwatchCore
import PactwatchData

/// `/data`: the dataset package file by file, and zipped.
enum OpenDataPage {
    struct Model {
        let files: [(name: String, bytes: Int)]
        var release: DataPackage.Release?
    }

    static func view(_ m: Model, _ ctx: PageContext) -> Page {
        let t = ctx.t
        var page = Page(title: t["open_data"])
        page.add("<p>\(t["open_data_intro"])</p><p><a href=\"\(ctx.link(.api(.openapi)))\">\(t["openapi"])</a></p>")
        page.add("<p><a href=\"\(ctx.link(.dataFile(DataFiles.zip)))\">\(DataFiles.zip)</a> — \(t["whole_package"])</p><ul>")
        for file in m.files { page.add("<li><a href=\"\(ctx.link(.dataFile(file.name)))\">\(file.name)</a> (\(file.bytes) \(t["bytes"]))</li>") }
        page.add("</ul>")
        // Licence, version, date, who made it, and how to cite it: what a reuser needs beside the files.
        let about = ctx.snapshot.dataset.about
        var facts: [(String, HTML)] = [
            (
                t["licence"],
                HTML.joined(
                    about.licensesInForce.map { l in
                        l.path.map { "<a href=\"\($0)\" rel=\"license\">\(l.title ?? l.short)</a>" as HTML } ?? "\(l.title ?? l.short)"
                    }, separator: ", ")
            )
        ]
        if let release = m.release {
            facts.append((t["data_version"], "\(release.version)"))
            if let created = release.created { facts.append((t["last_updated"], "\(created)")) }
        }
        if let contributors = about.contributors, !contributors.isEmpty {
            facts.append((t["contributors"], "\(contributors.map { $0.title + ($0.role.map { " (\($0))" } ?? "") }.joined(separator: ", "))"))
        }
        page.add("<h2>\(t["reuse"])</h2>" + Blocks.definitionList(facts))
        if let release = m.release {
            page.add(
                "<p>\(t["cite_as"])</p><blockquote class=\"citation\">\(DataPackage.suggestedCitation(about, release, language: ctx.language.rawValue))</blockquote>"
            )
        }
        return page
    }
}
