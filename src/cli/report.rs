//! `watchwise report`: the HR review report of one policy.

use super::{App, Failure, Outcome, args::ReportArgs};
use crate::output;
use crate::policy;
use crate::render;
use crate::source;

impl App<'_> {
    pub(super) fn report(&self, args: &ReportArgs) -> Result<Outcome, Failure> {
        let opts = self.options()?;
        // Read and check the template first: a broken template should not cost a check.
        let template = match &args.template {
            Some(path) => {
                let t = source::read(path, self.common.max_file_size).map_err(|d| vec![d])?;
                render::report::check_template(&t.name, &t.text).map_err(|d| vec![d])?;
                Some(t)
            }
            None => None,
        };
        let rules = self.load_rules(&[])?;
        let checker = self.checker(&rules, opts);
        let src = source::read(&args.policy, self.common.max_file_size).map_err(|d| vec![d])?;
        let policy = policy::load(&src, &checker.ctx)?;
        let result = checker.check_policy(&policy)?;
        let today = opts.today.to_string();
        let changes =
            crate::plan::rank(&checker, &policy, &result, &mut crate::plan::Budget::new(crate::plan::Budget::RANK));
        let top = render::plan::top(&policy, &result, &changes, 5, self.lang);
        let data = render::report::data(&policy, &result, result.rules.len(), self.lang, &today, &top);
        let custom = template.as_ref().map(|t| (t.name.as_str(), t.text.as_str()));
        let text = render::report::render(args.format, &data, custom).map_err(|d| vec![d])?;
        let inputs = self.inputs([&args.policy].into_iter().chain(&args.template));
        output::emit(args.output.as_deref(), &text, &inputs)?;
        let threshold = args.fail_on.and_then(|f| f.0);
        Ok(Outcome { code: if args.fail_on.is_some() && result.fails(threshold) { 1 } else { 0 } })
    }
}
