/// Where each part of the main screen goes for a terminal size; shared by the views and by mouse
/// handling so a click lands on the row that was drawn there.
public struct ScreenLayout: Sendable, Equatable {
    public let title: Rect
    public let tableHeader: Rect
    public let tableBody: Rect
    public let detail: Rect
    public let status: Rect
    public let hints: Rect
    /// Below 80×24 only a "terminal too small" message is drawn.
    public let isTooSmall: Bool

    public init(size: Size) {
        let all = Rect(size)
        isTooSmall = size.width < Size.minimum.width || size.height < Size.minimum.height
        let (title, rest) = all.splitTop(1)
        let (aboveHints, hints) = rest.splitBottom(1)
        let (main, status) = aboveHints.splitBottom(1)
        let detailHeight = max(8, size.height / 3)
        let (tableArea, detail) = main.splitBottom(detailHeight)
        let (header, body) = tableArea.splitTop(1)
        self.title = title
        self.tableHeader = header
        self.tableBody = body
        self.detail = detail
        self.status = status
        self.hints = hints
    }

    /// Rows of rules one screen shows.
    public var pageRows: Int { max(1, tableBody.height) }
}

extension ScreenLayout {
    /// The area the rule form covers: everything between the title bar and the status line.
    public var formArea: Rect {
        Rect(x: 0, y: title.maxY, width: title.width, height: status.y - title.maxY)
    }
}

/// Rows of the rule form inside its area: a border, then one row per field.
public struct FormLayout: Sendable {
    public let area: Rect
    public static let labelWidth = 12

    public init(area: Rect) { self.area = area }

    /// The row of `field`, or nil when the area is too short to show it.
    public func y(of field: FormFieldID) -> Int? {
        let i = FormFieldID.allCases.firstIndex(of: field)!
        let y = area.y + 1 + i
        return y < area.maxY - 1 ? y : nil
    }

    public func field(atY y: Int) -> FormFieldID? {
        let i = y - area.y - 1
        guard i >= 0, i < FormFieldID.allCases.count, y < area.maxY - 1 else { return nil }
        return FormFieldID.allCases[i]
    }

    /// Column and width of the input box.
    public var inputX: Int { area.x + 2 + FormLayout.labelWidth }
    public var inputWidth: Int { max(10, (area.width - FormLayout.labelWidth - 4) * 11 / 20) }
    /// Column and width of the validation message beside the input.
    public var messageX: Int { inputX + inputWidth + 1 }
    public var messageWidth: Int { max(0, area.maxX - 1 - messageX) }
}
