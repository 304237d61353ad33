/// Small SVG charts drawn by the project: no JavaScript, a fixed viewBox that scales to the page,
/// a `<title>` and `<desc>` on every chart (the page also prints each chart's numbers as a table).
///
/// All scores are on 0–100; values outside are clamped to the plot area.
public enum SVGChart {
    /// The colour-blind-safe palette (Okabe–Ito): blue for data, vermillion for reference lines.
    static let dataColour = "#0072B2"
    static let referenceColour = "#D55E00"
    static let gridColour = "#BDBDBD"
    static let textColour = "#1A1A1A"

    /// The drawing area of a chart with a 0–100 vertical axis (viewBox units).
    public struct Frame: Sendable {
        /// Width in viewBox units.
        public var width: Double
        /// Height in viewBox units.
        public var height: Double
        /// Left margin (y-axis labels).
        public var left: Double
        /// Right margin.
        public var right: Double
        /// Top margin.
        public var top: Double
        /// Bottom margin (x-axis labels).
        public var bottom: Double
        /// Width of the plot area.
        public var plotWidth: Double { width - left - right }
        /// Height of the plot area.
        public var plotHeight: Double { height - top - bottom }

        /// The y of a 0–100 value (clamped to the plot).
        public func y(_ value: Double) -> Double {
            top + (100 - min(max(value, 0), 100)) * plotHeight / 100
        }

        /// The x of point `index` of `count` spread over the plot (a single point sits in the middle).
        public func x(_ index: Int, of count: Int) -> Double {
            count <= 1 ? left + plotWidth / 2 : left + Double(index) * plotWidth / Double(count - 1)
        }

        /// The left edge and width of bar `index` of `count` (60 % of its slot, centred).
        public func bar(_ index: Int, of count: Int) -> (x: Double, width: Double) {
            let slot = plotWidth / Double(max(count, 1))
            return (left + Double(index) * slot + slot * 0.2, slot * 0.6)
        }
    }

    /// The line chart's frame: room below for rotated month labels.
    public static let lineFrame = Frame(width: 640, height: 280, left: 44, right: 16, top: 16, bottom: 64)
    /// The vertical bar chart's frame.
    public static let barFrame = Frame(width: 640, height: 240, left: 44, right: 16, top: 20, bottom: 36)

    /// A line chart of a 0–100 series over labelled points; a missing value breaks the line.
    /// - Parameters:
    ///   - id: unique in the document (prefixes the title and desc ids).
    ///   - title: the chart's accessible name.
    ///   - description: a sentence saying what it shows.
    ///   - labels: one per point.
    ///   - values: one per point; `nil` = no value.
    ///   - hollow: points drawn as open circles (e.g. incomplete months); shape, not colour, tells them apart.
    /// - Returns: an `<svg>` element.
    public static func line(
        id: String, title: String, description: String, labels: [String], values: [Double?], hollow: Set<Int> = []
    ) -> String {
        var svg = open(id: id, title: title, description: description, width: lineFrame.width, height: lineFrame.height)
        svg += yGrid(left: lineFrame.left, right: lineFrame.width - lineFrame.right, y: lineFrame.y)
        // Runs of consecutive values form one path each.
        var path = ""
        var drawing = false
        for (index, value) in values.enumerated() {
            guard let value else {
                drawing = false
                continue
            }
            path += "\(drawing ? "L" : "M")\(c(lineFrame.x(index, of: values.count))) \(c(lineFrame.y(value)))"
            drawing = true
        }
        if !path.isEmpty {
            svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(dataColour)\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>"
        }
        for (index, label) in labels.enumerated() {
            let x = lineFrame.x(index, of: labels.count)
            let value = index < values.count ? values[index] : nil
            if let value {
                let fill = hollow.contains(index) ? "#FFFFFF\" stroke=\"\(dataColour)\" stroke-width=\"2" : dataColour
                svg += "<circle cx=\"\(c(x))\" cy=\"\(c(lineFrame.y(value)))\" r=\"3.5\" fill=\"\(fill)\">"
                    + "<title>\(QbrFormat.escape(label)): \(QbrFormat.number(value))</title></circle>"
            }
            let ly = lineFrame.height - lineFrame.bottom + 14
            svg += "<text x=\"\(c(x))\" y=\"\(c(ly))\" font-size=\"10\" text-anchor=\"end\" "
                + "transform=\"rotate(-45 \(c(x)) \(c(ly)))\" fill=\"\(textColour)\">\(QbrFormat.escape(label))</text>"
        }
        return svg + "</svg>"
    }

    /// Vertical bars of 0–100 values; a missing value is written `no data` instead of a bar.
    public static func bars(id: String, title: String, description: String, labels: [String], values: [Double?]) -> String {
        var svg = open(id: id, title: title, description: description, width: barFrame.width, height: barFrame.height)
        svg += yGrid(left: barFrame.left, right: barFrame.width - barFrame.right, y: barFrame.y)
        for (index, label) in labels.enumerated() {
            let (x, width) = barFrame.bar(index, of: labels.count)
            let centre = x + width / 2
            let value = index < values.count ? values[index] : nil
            if let value {
                let y = barFrame.y(value)
                svg += "<rect x=\"\(c(x))\" y=\"\(c(y))\" width=\"\(c(width))\" height=\"\(c(barFrame.y(0) - y))\" "
                    + "fill=\"\(dataColour)\"><title>\(QbrFormat.escape(label)): \(QbrFormat.number(value))</title></rect>"
                svg += "<text x=\"\(c(centre))\" y=\"\(c(y - 4))\" font-size=\"11\" text-anchor=\"middle\" "
                    + "fill=\"\(textColour)\">\(QbrFormat.number(value))</text>"
            } else {
                svg += "<text x=\"\(c(centre))\" y=\"\(c(barFrame.y(0) - 6))\" font-size=\"11\" text-anchor=\"middle\" "
                    + "fill=\"\(textColour)\">no data</text>"
            }
            svg += "<text x=\"\(c(centre))\" y=\"\(c(barFrame.height - barFrame.bottom + 16))\" font-size=\"11\" "
                + "text-anchor=\"middle\" fill=\"\(textColour)\">\(QbrFormat.escape(label))</text>"
        }
        return svg + "</svg>"
    }

    /// Geometry of the horizontal (percentile) bar chart.
    public enum Rows {
        /// Width in viewBox units.
        public static let width = 640.0
        /// Height of one bar's row.
        public static let rowHeight = 26.0
        /// Top margin.
        public static let top = 8.0
        /// Room for the labels left of the bars.
        public static let labelWidth = 170.0
        /// Right margin.
        public static let right = 56.0
        /// Width of the plot area.
        public static var plotWidth: Double { width - labelWidth - right }

        /// Height for `count` rows plus the axis.
        public static func height(_ count: Int) -> Double { top + Double(count) * rowHeight + 24 }

        /// The length of a 0–100 value's bar.
        public static func length(_ value: Double) -> Double { min(max(value, 0), 100) * plotWidth / 100 }
    }

    /// Horizontal 0–100 bars, one per label, with a dashed reference line at `reference`.
    public static func rows(
        id: String, title: String, description: String, labels: [String], values: [Double?], reference: Double
    ) -> String {
        let height = Rows.height(labels.count)
        var svg = open(id: id, title: title, description: description, width: Rows.width, height: height)
        let bottom = height - 24
        for tick in stride(from: 0.0, through: 100.0, by: 25.0) {
            let x = Rows.labelWidth + Rows.length(tick)
            svg += "<line x1=\"\(c(x))\" y1=\"\(c(Rows.top))\" x2=\"\(c(x))\" y2=\"\(c(bottom))\" stroke=\"\(gridColour)\" stroke-width=\"1\"/>"
            svg += "<text x=\"\(c(x))\" y=\"\(c(bottom + 16))\" font-size=\"10\" text-anchor=\"middle\" fill=\"\(textColour)\">\(QbrFormat.number(tick, digits: 0))</text>"
        }
        for (index, label) in labels.enumerated() {
            let y = Rows.top + Double(index) * Rows.rowHeight
            svg += "<text x=\"\(c(Rows.labelWidth - 8))\" y=\"\(c(y + 17))\" font-size=\"11\" text-anchor=\"end\" "
                + "fill=\"\(textColour)\">\(QbrFormat.escape(label))</text>"
            let value = index < values.count ? values[index] : nil
            if let value {
                let length = Rows.length(value)
                svg += "<rect x=\"\(c(Rows.labelWidth))\" y=\"\(c(y + 5))\" width=\"\(c(length))\" height=\"16\" "
                    + "fill=\"\(dataColour)\"><title>\(QbrFormat.escape(label)): \(QbrFormat.number(value))</title></rect>"
                svg += "<text x=\"\(c(Rows.labelWidth + length + 4))\" y=\"\(c(y + 17))\" font-size=\"11\" "
                    + "fill=\"\(textColour)\">\(QbrFormat.number(value))</text>"
            } else {
                svg += "<text x=\"\(c(Rows.labelWidth + 4))\" y=\"\(c(y + 17))\" font-size=\"11\" "
                    + "fill=\"\(textColour)\">withheld</text>"
            }
        }
        let rx = Rows.labelWidth + Rows.length(reference)
        svg += "<line x1=\"\(c(rx))\" y1=\"\(c(Rows.top))\" x2=\"\(c(rx))\" y2=\"\(c(bottom))\" stroke=\"\(referenceColour)\" "
            + "stroke-width=\"2\" stroke-dasharray=\"6 4\"/>"
        return svg + "</svg>"
    }

    // MARK: Pieces

    private static func c(_ value: Double) -> String { QbrFormat.coordinate(value) }

    private static func open(id: String, title: String, description: String, width: Double, height: Double) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(c(width)) \(c(height))\" role=\"img\" "
            + "aria-labelledby=\"\(id)-title \(id)-desc\" class=\"chart\" font-family=\"sans-serif\">"
            + "<title id=\"\(id)-title\">\(QbrFormat.escape(title))</title>"
            + "<desc id=\"\(id)-desc\">\(QbrFormat.escape(description))</desc>"
    }

    /// Horizontal grid lines and labels at 0, 25, 50, 75 and 100.
    private static func yGrid(left: Double, right: Double, y: (Double) -> Double) -> String {
        var svg = ""
        for tick in stride(from: 0.0, through: 100.0, by: 25.0) {
            svg += "<line x1=\"\(c(left))\" y1=\"\(c(y(tick)))\" x2=\"\(c(right))\" y2=\"\(c(y(tick)))\" "
                + "stroke=\"\(gridColour)\" stroke-width=\"1\"/>"
            svg += "<text x=\"\(c(left - 6))\" y=\"\(c(y(tick) + 4))\" font-size=\"10\" text-anchor=\"end\" "
                + "fill=\"\(textColour)\">\(QbrFormat.number(tick, digits: 0))</text>"
        }
        return svg
    }
}
