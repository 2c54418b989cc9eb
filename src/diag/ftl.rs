//! The words of diagnostics: `en.ftl` and `zh.ftl` (Project Fluent), built into the
//! binary and read through `fluent-bundle`.

use super::text::Arg;
use crate::Lang;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use fluent_syntax::ast::Pattern;
use std::sync::OnceLock;

pub(super) const EN: &str = include_str!("en.ftl");
pub(super) const ZH: &str = include_str!("zh.ftl");

type Bundle = FluentBundle<FluentResource>;

/// The bundle of `lang`, parsed once per process: parsing a file is far dearer than
/// one message, and diagnostics are made on every core, hence a shared static.
fn bundle(lang: Lang) -> &'static Bundle {
    static EN_BUNDLE: OnceLock<Bundle> = OnceLock::new();
    static ZH_BUNDLE: OnceLock<Bundle> = OnceLock::new();
    match lang {
        Lang::En => EN_BUNDLE.get_or_init(|| build("en", EN)),
        Lang::Zh => ZH_BUNDLE.get_or_init(|| build("zh", ZH)),
    }
}

/// The tests check that both files parse and hold each id once; were one broken,
/// what did parse is still used rather than stopping the program.
pub(super) fn build(locale: &str, source: &str) -> Bundle {
    let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(partial, _)| partial);
    let mut bundle = Bundle::new_concurrent(vec![locale.parse().unwrap_or_default()]);
    // Output goes to terminals and files as plain text: no Unicode isolation marks
    // around arguments.
    bundle.set_use_isolating(false);
    let _ = bundle.add_resource(resource);
    bundle
}

fn pattern(lang: Lang, id: &str) -> Option<&'static Pattern<&'static str>> {
    bundle(lang).get_message(id)?.value()
}

#[cfg(test)]
/// Whether `lang` has its own text for `id`.
pub(super) fn has(lang: Lang, id: &str) -> bool {
    pattern(lang, id).is_some()
}

/// The text of `id` in `lang` with `args`. Where `lang` has no text for `id`, it is
/// said in English, and so are the terms and messages among its arguments.
pub(super) fn say(lang: Lang, id: &str, args: &[(&'static str, Arg)]) -> String {
    let (lang, pattern) = match (pattern(lang, id), pattern(Lang::En, id)) {
        (Some(p), _) => (lang, p),
        (None, Some(p)) => (Lang::En, p),
        (None, None) => {
            debug_assert!(false, "en.ftl has no `{id}`");
            return id.to_string();
        }
    };
    let mut values = FluentArgs::with_capacity(args.len());
    // `set` keeps the last value given for a name; the first one is meant.
    for (name, arg) in args.iter().rev() {
        values.set(*name, arg.render(lang));
    }
    let mut errors = Vec::new();
    let text = bundle(lang).format_pattern(pattern, Some(&values), &mut errors);
    // An argument that the text names and the caller did not give.
    debug_assert!(errors.is_empty(), "`{id}` in {lang:?}: {errors:?}");
    text.into_owned()
}

#[cfg(test)]
/// The English text of `id`, each argument written as `{name}`, for the reference.
pub(super) fn template(id: &str) -> Option<String> {
    plain(pattern(Lang::En, id)?, |name| format!("{{{name}}}"))
}

#[cfg(test)]
/// A pattern made of text, quoted text (`{"{"}`) and arguments only, with each
/// argument replaced by `arg(name)`; `None` if it uses anything else of Fluent.
pub(super) fn plain(pattern: &Pattern<&str>, mut arg: impl FnMut(&str) -> String) -> Option<String> {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    let mut out = String::new();
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => out.push_str(value),
            PatternElement::Placeable { expression: Expression::Inline(inline) } => match inline {
                InlineExpression::StringLiteral { value } => {
                    out.push_str(&fluent_syntax::unicode::unescape_unicode_to_string(value))
                }
                InlineExpression::VariableReference { id } => out.push_str(&arg(id.name)),
                _ => return None,
            },
            PatternElement::Placeable { .. } => return None,
        }
    }
    Some(out)
}
