/// Where each part of the main screen goes for a terminal size; shared by the views and by mouse
/// handling so a click lands on the row that was drawn there.
public struct ScreenLayout: Sendable, Equatable {
    public let title: Rect
    public let tableHeader: Rect
    public let tableBody: Rect
    public let detail: Rect
    /// The suggestions pane (`--beside`); empty when none is open or the rules are in front.
    public let suggestions: Rect
    public let status: Rect
    public let hints: Rect
    /// Below 80×24 only a "terminal too small" message is drawn.
    public let isTooSmall: Bool

    /// `beside`: the suggestions are open, and which pane is in front (drawn alone when the
    /// terminal is too small for both).
    public init(size: Size, beside: BesideState.Pane? = nil) {
        let all = Rect(size)
        isTooSmall = size.width < Size.minimum.width || size.height < Size.minimum.height
        let (title, rest) = all.splitTop(1)
        let (aboveHints, hints) = rest.splitBottom(1)
        let (mainArea, status) = aboveHints.splitBottom(1)
        var main = mainArea
        var suggestions = Rect(x: main.x, y: main.y, width: main.width, height: 0)
        var showsDetail = true
        if let front = beside {
            switch BesideArrangement.of(size) {
            case .sideBySide:
                let paneWidth = max(60, size.width * 2 / 5)
                suggestions = Rect(x: main.maxX - paneWidth, y: main.y, width: paneWidth, height: main.height)
                main = Rect(x: main.x, y: main.y, width: main.width - paneWidth, height: main.height)
            case .stacked:
                // The suggestions pane shows the selected suggestion's detail; the rule detail yields.
                let (top, bottom) = main.splitBottom(main.height / 2)
                (main, suggestions) = (top, bottom)
                showsDetail = false
            case .toggle where front == .suggestions:
                suggestions = main
                main = Rect(x: main.x, y: main.y, width: main.width, height: 0)
                showsDetail = false
            case .toggle:
                break
            }
        }
        let detailHeight = showsDetail ? max(8, size.height / 3) : 0
        let (tableArea, detail) = main.splitBottom(min(detailHeight, main.height))
        let (header, body) = tableArea.splitTop(min(1, tableArea.height))
        self.title = title
        self.tableHeader = header
        self.tableBody = body
        self.detail = detail
        self.suggestions = suggestions
        self.status = status
        self.hints = hints
    }

    /// The layout of the editor in state `s` (with the suggestions pane when one is open).
    public init(state s: AppState) {
        self.init(size: s.size, beside: s.beside?.focus)
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
