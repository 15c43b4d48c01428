import CLua
import Datasets
import LuaHost
import Reports

/// Rich display for notebooks: the MIME forms of a value (`text/plain`, `text/html` for the types with an
/// HTML form), `display(x)`, `display_html(s)`, `display_svg(s)`, and charts drawn without a path.
public enum Display {
    /// Where displayed MIME bundles go (the Jupyter kernel sets it); nil outside a notebook, where
    /// `display` prints the plain-text form and charts without a path are returned as SVG text.
    nonisolated(unsafe) public static var sink: (([String: String]) -> Void)?

    /// The MIME bundle of the value at `idx`: always `text/plain` (as the REPL prints it), and `text/html`
    /// when the value has an HTML form (`HTMLRenderable`: frames, reports, sweeps, datasets, tensors, …).
    public static func bundle(_ state: LuaState, at idx: Int32) -> [String: String] {
        var forms = ["text/plain": state.repr(at: idx)]
        if let value = state.stack.anyObject(at: idx) as? HTMLRenderable { forms["text/html"] = value.htmlFragment }
        return forms
    }

    /// Shows `forms` in the notebook, or prints their plain text outside one.
    static func show(_ forms: [String: String]) {
        if let sink { sink(forms) } else { print(forms["text/plain"] ?? "") }
    }

    /// Shows a table: as HTML beside its text in a notebook, printed elsewhere.
    static func show(_ table: TextTable) { show(["text/plain": table.description, "text/html": table.htmlFragment]) }

    /// A chart drawn with no path: shown in the notebook (no results), else returned as SVG text.
    static func chart(_ svg: String, _ call: LuaCall) -> Int32 {
        guard let sink else { return call.returns(svg) }
        sink(["image/svg+xml": svg, "text/plain": "<SVG chart>"])
        return 0
    }

    /// Installs the global `display`, `display_html` and `display_svg`.
    static func install(into state: LuaState) {
        state.installFunction(LuaDoc(name: "display", kind: .function, params: "x: any",
                                     summary: "Shows x in the notebook (HTML for frames, reports and sweeps); prints it elsewhere.")) { [unowned state] call in
            guard call.count >= 1 else { throw call.typeError(1, expected: "value") }
            show(bundle(state, at: 1))
            return 0
        }
        for (name, mime, what) in [("display_html", "text/html", "HTML"), ("display_svg", "image/svg+xml", "SVG")] {
            state.installFunction(LuaDoc(name: name, kind: .function, params: "text: string",
                                         summary: "Shows \(what) text in the notebook; prints it elsewhere.")) { call in
                let text = try call.string(1)
                show([mime: text, "text/plain": sink == nil ? text : "<\(what)>"])
                return 0
            }
        }
    }
}
