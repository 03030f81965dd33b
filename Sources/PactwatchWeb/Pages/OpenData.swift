import Foundation
import PactwatchCore

/// `/data`: the dataset package file by file, and zipped.
enum OpenDataPage {
    struct Model {
        let files: [(name: String, bytes: Int)]
    }

    static func view(_ m: Model, _ ctx: PageContext) -> Page {
        let t = ctx.t
        var page = Page(title: t["open_data"])
        page.add("<p>\(t["open_data_intro"])</p><p><a href=\"\(ctx.link(.api(.openapi)))\">\(t["openapi"])</a></p>")
        page.add("<p><a href=\"\(ctx.link(.dataFile(DataFiles.zip)))\">\(DataFiles.zip)</a> — \(t["whole_package"])</p><ul>")
        for file in m.files { page.add("<li><a href=\"\(ctx.link(.dataFile(file.name)))\">\(file.name)</a> (\(file.bytes) \(t["bytes"]))</li>") }
        page.add("</ul>")
        return page
    }
}
