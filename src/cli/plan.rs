//! `watchwise plan`: the changes that lower a policy's residual risk most.

use super::args::{PlanArgs, PlanFormat};
use super::{App, Failure, Outcome};
use crate::output;
use crate::plan;
use crate::policy;
use crate::render::{self, Report, RuleInfo};
use crate::source;

impl App<'_> {
    pub(super) fn plan(&self, args: &PlanArgs) -> Result<Outcome, Failure> {
        let opts = self.options()?;
        let rules = self.load_rules(&[])?;
        let checker = self.checker(&rules, opts);
        let src = source::read(&args.policy, self.common.max_file_size).map_err(|d| vec![d])?;
        let policy = policy::load(&src, &checker.ctx)?;
        let base = checker.check_policy(&policy)?;
        let mut budget = plan::Budget::new(plan::Budget::RANK);
        let changes = plan::rank(&checker, &policy, &base, &mut budget);
        let mut target_budget = plan::Budget::new(plan::Budget::TARGET);
        let target = args.target.map(|t| (t.0, plan::to_target(&checker, &policy, &base, t.0, &mut target_budget)));
        let untried = budget.untried + target_budget.untried;
        let view = render::plan::Plan {
            policy: &policy,
            base: &base,
            changes: &changes,
            target: target.as_ref().map(|(level, (steps, reached))| (*level, steps.as_slice(), *reached)),
            lang: self.lang,
            untried,
        };
        let text = match args.format {
            PlanFormat::Table => render::plan::table(&view, self.style(args.output.is_none()).width, args.limit),
            PlanFormat::Json => render::plan::json(&view),
            PlanFormat::Markdown => render::plan::markdown(&view, args.limit),
            PlanFormat::Sarif => {
                let mut report = Report { lang: self.lang, today: opts.today.to_string(), ..Report::default() };
                report.catalog =
                    base.rules.iter().filter_map(|id| rules.rule(id)).map(|r| RuleInfo::new(r, self.lang)).collect();
                report.add(base.clone(), true);
                render::plan::sarif(&view, &report)
            }
        };
        output::emit(args.output.as_deref(), &text, &self.inputs([&args.policy]))?;
        let missed = target.as_ref().is_some_and(|(_, (_, reached))| !reached);
        Ok(Outcome { code: if missed { 1 } else { 0 } })
    }
}
