//! `watchwise rules`: list, show, lint, document and test the loaded rules.

use super::{App, Failure, Outcome, args::ListFormat};
use crate::diag::{Code, Diagnostic, Help, Hint, Message, Span};
use crate::output;
use crate::render;
use crate::rules::{Category, Rule};
use std::path::{Path, PathBuf};

impl App<'_> {
    pub(super) fn rules_list(&self, format: ListFormat, category: Option<&str>) -> Result<Outcome, Failure> {
        let rules = self.load_rules(&[])?;
        let category = category.and_then(Category::parse);
        let wanted_packs: Vec<String> = if self.common.jurisdictions.is_empty() {
            Vec::new()
        } else {
            rules
                .activate(&self.common.jurisdictions, &self.config.adjust())
                .packs
                .iter()
                .map(|p| p.to_string())
                .collect()
        };
        let selected: Vec<&Rule> = rules
            .rules()
            .filter(|r| category.is_none_or(|c| r.category == c))
            .filter(|r| wanted_packs.is_empty() || wanted_packs.contains(&r.pack))
            .collect();
        let text = match format {
            ListFormat::Json => render::rules::list_json(&selected, self.lang),
            ListFormat::Table => render::rules::list_table(&selected, self.lang, self.style(true).width),
        };
        output::emit(None, &text, &output::Inputs::default())?;
        Ok(Outcome { code: 0 })
    }

    pub(super) fn rules_show(&self, id: &str) -> Result<Outcome, Failure> {
        let rules = self.load_rules(&[])?;
        let Some(rule) = rules.rule(id) else {
            let ids = rules.rule_ids();
            let help = match crate::diag::did_you_mean(id, ids.iter().map(String::as_str)) {
                Some(s) => Help::new(Hint::DidYouMean).arg("suggestion", s),
                None => Hint::RulesListShowsAll.into(),
            };
            let message = Message::new(Code::NoSuchRule).arg("id", id);
            return Err(vec![Diagnostic::new("watchwise", Span::NONE, message).hint(help)].into());
        };
        output::emit(None, &render::rules::show(rule, self.lang), &output::Inputs::default())?;
        Ok(Outcome { code: 0 })
    }

    pub(super) fn rules_lint(&self, dirs: &[PathBuf]) -> Result<Outcome, Failure> {
        let rules = self.load_rules_with(dirs, true)?;
        let warnings = crate::rules::lint::lint(&rules);
        self.report_diagnostics(&warnings);
        let count: usize = rules.packs.iter().map(|p| p.rules().len()).sum();
        let packs = rules.packs.len();
        let text = format!(
            "{packs} {}, {count} {}: no errors, {} {}\n",
            if packs == 1 { "pack" } else { "packs" },
            if count == 1 { "rule" } else { "rules" },
            warnings.len(),
            if warnings.len() == 1 { "warning" } else { "warnings" },
        );
        output::emit(None, &text, &output::Inputs::default())?;
        Ok(Outcome { code: 0 })
    }

    pub(super) fn rules_doc(&self, out: Option<&Path>) -> Result<Outcome, Failure> {
        let rules = self.load_rules(&[])?;
        let text = crate::rules::doc::markdown(&rules, self.lang);
        output::emit(out, &text, &self.inputs([]))?;
        Ok(Outcome { code: 0 })
    }

    pub(super) fn rules_test(&self, dirs: &[PathBuf]) -> Result<Outcome, Failure> {
        let opts = self.options()?;
        let rules = self.load_rules_with(dirs, true)?;
        // With folders, test the packs they hold; without, every loaded pack.
        let packs: Vec<String> = if dirs.is_empty() {
            rules.packs.iter().map(|p| p.id.clone()).collect()
        } else {
            let origins: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
            rules
                .packs
                .iter()
                .filter(|p| !p.embedded && origins.iter().any(|o| p.origin.starts_with(o.as_str())))
                .map(|p| p.id.clone())
                .collect()
        };
        let report = crate::rule_tests::run(&rules, &packs, &opts);
        self.report_diagnostics(&report.problems);
        let text = format!("rules: {} passed, {} failed\n", report.passed, report.failed);
        output::emit(None, &text, &output::Inputs::default())?;
        Ok(Outcome { code: if report.failed > 0 { 1 } else { 0 } })
    }
}
