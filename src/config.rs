//! `.watchwise.yaml`: project configuration, discovered in the current folder or
//! given with `--config`. It sets extra rule folders (relative to the file), the
//! failure threshold, severity overrides, disabled rules and the language; flags given
//! on the command line beat it.

use crate::Lang;
use crate::diag::{self, Code, Diagnostic, Help, Hint, Message, Span};
use crate::rules::load::parse_overrides;
use crate::rules::model::Override;
use crate::rules::{Adjust, RuleSet, Severity};
use crate::source::{self, Source};
use crate::yaml::{Limits, Yaml};
use std::path::{Path, PathBuf};

pub(crate) const FILE_NAME: &str = ".watchwise.yaml";

const KEYS: &[&str] = &["rules", "fail_on", "overrides", "disable", "lang"];

#[derive(Clone, Debug, Default)]
pub(crate) struct Config {
    pub source: Option<Source>,
    /// Rule pack folders, already resolved against the config file's folder.
    pub rules: Vec<PathBuf>,
    /// `Some(None)` is `fail_on: never`.
    pub fail_on: Option<Option<Severity>>,
    pub overrides: Vec<Override>,
    pub disable: Vec<(String, Span)>,
    pub lang: Option<Lang>,
}

impl Config {
    /// Reads `explicit`, or `.watchwise.yaml` in the current folder if there is one.
    /// Returns it with its errors (none: it can be used); with errors, it still holds
    /// what was valid, so that the rule ids it names can be checked in the same run.
    pub(crate) fn discover(explicit: Option<&Path>, max_size: u64) -> (Config, Vec<Diagnostic>) {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => {
                let p = PathBuf::from(FILE_NAME);
                // Only a missing file means no configuration; anything else there
                // (a folder, a FIFO) is read, and refused, like a given one.
                if std::fs::symlink_metadata(&p).is_err() {
                    return (Config::default(), Vec::new());
                }
                p
            }
        };
        let src = match source::read(&path, max_size) {
            Ok(src) => src,
            Err(d) => return (Config::default(), vec![d]),
        };
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        parse(src, &base)
    }

    /// Overrides and `disable` must name loaded rules: a typo must not switch a rule
    /// back on, or leave one on, silently.
    pub(crate) fn check_rules(&self, rules: &RuleSet) -> Vec<Diagnostic> {
        let Some(src) = &self.source else { return Vec::new() };
        let ids = rules.rule_ids();
        let hint = |id: &str| match diag::did_you_mean(id, ids.iter().map(String::as_str)) {
            Some(s) => Help::new(Hint::DidYouMean).arg("suggestion", s),
            None => Hint::LoadedRulesList.into(),
        };
        let mut errors = Vec::new();
        for o in &self.overrides {
            if !ids.contains(&o.rule) {
                let message = Message::new(Code::OverrideUnknownRule).arg("rule", &o.rule);
                errors.push(src.error(o.span, message).hint(hint(&o.rule)));
            }
        }
        for (d, span) in &self.disable {
            if !ids.contains(d) {
                let message = Message::new(Code::DisableUnknownRule).arg("rule", d);
                errors.push(src.error(*span, message).hint(hint(d)));
            }
        }
        errors
    }

    pub(crate) fn adjust(&self) -> Adjust {
        Adjust {
            overrides: self.overrides.iter().map(|o| (o.rule.clone(), o.severity)).collect(),
            disable: self.disable.iter().map(|(d, _)| d.clone()).collect(),
        }
    }
}

fn parse(src: Source, base: &Path) -> (Config, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    // An empty file (or only comments) is a configuration that sets nothing.
    if crate::yaml::parse(&src.text, Limits::default()).is_ok_and(|n| n.is_none()) {
        return (Config { source: Some(src), ..Config::default() }, errors);
    }
    let node = src.yaml(Limits::default(), "a configuration map (`rules`, `fail_on`, `overrides`, `disable`, `lang`)");
    let node = match node {
        Ok(node) => node,
        Err(d) => return (Config::default(), vec![d]),
    };
    let mut config = Config::default();
    if let Some(entries) = src.check_map(&node, KEYS, &[], FILE_NAME, &mut errors) {
        for (k, v) in entries {
            match k.raw.as_str() {
                "rules" => {
                    for (dir, span) in src.text_list(v, "`rules`", &mut errors) {
                        let path = base.join(&dir);
                        if !path.is_dir() {
                            let message = Message::new(Code::RuleFolderMissing).arg("folder", &dir);
                            let help = Help::new(Hint::RelativePaths)
                                .arg("file", FILE_NAME)
                                .arg("path", path.display().to_string());
                            errors.push(src.error(span, message).hint(help));
                        } else {
                            config.rules.push(path);
                        }
                    }
                }
                "fail_on" => {
                    let Some(text) = src.text(v, "`fail_on`", &mut errors) else { continue };
                    if text == "never" {
                        config.fail_on = Some(None);
                    } else if let Some(s) = Severity::parse(&text) {
                        config.fail_on = Some(Some(s));
                    } else {
                        let names = Severity::NAMES.iter().copied().chain(["never"]);
                        let help = match diag::did_you_mean(&text, names) {
                            Some(s) => Help::new(Hint::DidYouMean).arg("suggestion", s),
                            None => Help::new(Hint::UseSeverityOrNever).arg("names", diag::one_of(&Severity::NAMES)),
                        };
                        errors.push(src.error(v.span, Message::new(Code::NotASeverity).arg("text", text)).hint(help));
                    }
                }
                "overrides" => config.overrides = parse_overrides(&src, v, &mut errors),
                "disable" => config.disable = src.text_list(v, "`disable`", &mut errors),
                "lang" => match v.value {
                    Yaml::Str(ref s) if s == "en" => config.lang = Some(Lang::En),
                    Yaml::Str(ref s) if s == "zh" => config.lang = Some(Lang::Zh),
                    _ => errors.push(src.error(v.span, Message::new(Code::BadLang).arg("raw", &v.raw))),
                },
                _ => {}
            }
        }
    }
    config.source = Some(src);
    // Unknown keys are found before the values are read; show them in reading order.
    errors.sort_by_key(|e| e.span);
    (config, errors)
}
