//! The risk map of the report: every active finding placed by its inherent level
//! (across) and its residual level (up), so that a reader sees at a glance what the
//! safeguards moved and what they did not. It prints in black and white: each cell
//! says its count in figures, shades run from white to dark grey by residual level,
//! and the diagonal (findings no safeguard lowered) is drawn with a heavier line.
//! Only watchwise's own labels go in here, never policy text.

use crate::Lang;
use crate::finding::PolicyResult;
use crate::rules::Severity;

const CELL_W: usize = 74;
const CELL_H: usize = 40;
const LEFT: usize = 96;
const TOP: usize = 26;
const BOTTOM: usize = 52;

/// Grey of a residual level: darker is graver.
fn shade(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "#404040",
        Severity::High => "#707070",
        Severity::Medium => "#a8a8a8",
        Severity::Low => "#d4d4d4",
        Severity::Info => "#f0f0f0",
    }
}

pub(crate) fn svg(r: &PolicyResult, lang: Lang) -> String {
    let levels = Severity::ALL; // info .. critical
    let n = levels.len();
    let (title, across, up, none) = match lang {
        Lang::En => ("Risk map", "Inherent level (before safeguards)", "Residual", "No active findings."),
        Lang::Zh => ("风险图", "固有风险等级（采取保障措施前）", "剩余", "没有有效问题。"),
    };
    let width = LEFT + n * CELL_W + 8;
    let height = TOP + n * CELL_H + BOTTOM;
    let mut counts = [[0usize; 5]; 5];
    for f in r.active() {
        counts[f.inherent as usize][f.severity as usize] += 1;
    }
    let mut out = format!(
        "<svg class=\"riskmap\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"riskmap-title\">\n<title id=\"riskmap-title\">{title}</title>\n"
    );
    out.push_str(&format!(
        "<text x=\"{LEFT}\" y=\"16\" font-size=\"13\" font-weight=\"700\" fill=\"#111\">{title}</text>\n"
    ));
    // The diagonal last, so that its heavier frame is not drawn over by its neighbours.
    let mut cells: Vec<(usize, usize)> = (0..n).flat_map(|row| (0..n).map(move |col| (row, col))).collect();
    cells.sort_by_key(|&(row, col)| levels[n - 1 - row] == levels[col]);
    for (row, residual) in levels.iter().rev().enumerate() {
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\" fill=\"#111\">{}</text>\n",
            LEFT - 8,
            TOP + row * CELL_H + CELL_H / 2 + 4,
            residual.label(lang)
        ));
    }
    for (row, col) in cells {
        let (residual, inherent) = (levels[n - 1 - row], levels[col]);
        let (x, y) = (LEFT + col * CELL_W, TOP + row * CELL_H);
        let count = counts[inherent as usize][residual as usize];
        // A finding never rises above its inherent level: those cells stay blank.
        let possible = residual <= inherent;
        let fill = if possible && count > 0 { shade(residual) } else { "#ffffff" };
        let stroke = if residual == inherent {
            "stroke=\"#111\" stroke-width=\"2\""
        } else {
            "stroke=\"#999\" stroke-width=\"1\""
        };
        out.push_str(&format!(
            "<rect x=\"{x}\" y=\"{y}\" width=\"{CELL_W}\" height=\"{CELL_H}\" fill=\"{fill}\" {stroke}/>\n"
        ));
        if possible && count > 0 {
            let ink = if residual >= Severity::High { "#fff" } else { "#111" };
            out.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" font-size=\"15\" font-weight=\"700\" text-anchor=\"middle\" fill=\"{ink}\">{count}</text>\n",
                x + CELL_W / 2,
                y + CELL_H / 2 + 5
            ));
        }
    }
    let base = TOP + n * CELL_H;
    for (col, inherent) in levels.iter().enumerate() {
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#111\">{}</text>\n",
            LEFT + col * CELL_W + CELL_W / 2,
            base + 16,
            inherent.label(lang)
        ));
    }
    out.push_str(&format!(
        "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#333\">{across} →</text>\n",
        LEFT + n * CELL_W / 2,
        base + 38
    ));
    out.push_str(&format!(
        "<text x=\"12\" y=\"{}\" font-size=\"12\" fill=\"#333\" transform=\"rotate(-90 12 {})\" text-anchor=\"middle\">{up} →</text>\n",
        TOP + n * CELL_H / 2,
        TOP + n * CELL_H / 2
    ));
    if r.active().next().is_none() {
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"middle\" fill=\"#111\">{none}</text>\n",
            LEFT + n * CELL_W / 2,
            TOP + n * CELL_H / 2
        ));
    }
    out.push_str("</svg>");
    out
}
