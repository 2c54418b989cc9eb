//! The language a diagnostic is shown in (`--lang zh`).
//!
//! Diagnostics carry their code and arguments; `diag/en.ftl` and `diag/zh.ftl` say
//! them. A code with no Chinese is shown in English.

use crate::Lang;
use crate::diag::Diagnostic;

/// The diagnostic in `lang`; one without a code stays as written.
pub(crate) fn localize(d: &Diagnostic, lang: Lang) -> Diagnostic {
    d.localized(lang)
}

/// Whether a text has Chinese in it (for the coverage tests).
pub fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Code, Help, Hint, Message, Span, Term};

    #[test]
    fn translates_messages_and_helps() {
        let d = Diagnostic::new(
            "p.yaml",
            Span::TOP,
            Message::new(Code::UnknownKey).arg("key", "retension_days").arg("place", "`measures`[0]"),
        )
        .hint(Help::new(Hint::DidYouMean).arg("suggestion", "retention_days"));
        assert_eq!(d.message, "unknown key `retension_days` in `measures`[0]");
        let z = localize(&d, Lang::Zh);
        assert_eq!(z.message, "`measures`[0] 中有未知的键 `retension_days`");
        assert_eq!(z.help.as_deref(), Some("您是否想写 `retention_days`？"));
        assert_eq!(localize(&z, Lang::En), d);
    }

    #[test]
    fn helps_are_translated_line_by_line_and_fall_back_to_english() {
        let d = Diagnostic::new(
            "p.yaml",
            Span::TOP,
            Message::new(Code::MustBeList).arg("place", "`goals`").arg("found", Term::Map),
        )
        .hint(Help::new(Hint::Takes).arg("place", "`goals`").arg("expected", Term::ListOf(Box::new(Term::Text))))
        .hint(Hint::RemoveRepeated);
        let z = localize(&d, Lang::Zh);
        assert_eq!(z.message, "`goals` 应为列表，实际为映射");
        assert_eq!(z.help.as_deref(), Some("`goals` takes a list of text\n请删除重复的值"));
    }

    #[test]
    fn a_diagnostic_without_a_code_stays_as_written() {
        let d = Diagnostic::error("x", Span::TOP, "cannot read: no such file or folder");
        assert_eq!(localize(&d, Lang::Zh), d);
    }

    #[test]
    fn an_invalid_test_case_quotes_the_problem() {
        let d = Diagnostic::new("t.yaml", Span::TOP, Message::new(Code::NoValue).arg("place", "`name`"))
            .within_case("camera");
        assert_eq!(d.code, Some(Code::CaseInvalidPolicy));
        assert_eq!(d.message, "case 'camera': invalid policy: `name` has no value");
        assert_eq!(localize(&d, Lang::Zh).message, d.message);
    }
}
