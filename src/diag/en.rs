//! English: every code's message and every hint, as templates over their
//! arguments (`{name}`; `{{` and `}}` are braces).

use super::codes::{Code, Hint};

pub fn message(code: Code) -> &'static str {
    use Code::*;
    match code {
        YamlSecondDocument => "a second YAML document starts here; a file holds exactly one",
        YamlUnexpectedEvent => "unexpected YAML event {event}",
        YamlReaderDepth => "nesting is deeper than the YAML reader's limit",
        YamlSyntax => "not valid YAML: {reason}",
        YamlEndOfInput => "unexpected end of YAML input",
        YamlTooManyNodes => "the document has more than {limit} YAML nodes, the limit",
        YamlTag => "YAML tag `{tag}` is not supported here",
        YamlKeyNotScalar => "a key must be plain text, not a list or map",
        YamlMergeKey => "YAML merge keys (`<<`) are not supported",
        YamlDuplicateKey => "duplicate key `{key}` (first given at line {line})",
        YamlUnknownAnchor => "alias to an unknown anchor",
        YamlAliasBomb => "aliases expand to more than {limit} nodes, the limit (a YAML alias bomb?)",
        YamlTooDeep => "nesting is deeper than {limit} levels, the limit",
        YamlAliasText => "aliases copy more than {limit} bytes of text, the limit",

        NotAPolicy => "expected a policy (a map with `version: 1`), found {found}",
        UnsupportedVersion => "unsupported policy format version `{version}`; this watchwise reads version 1",
        NoValue => "{place} has no value",
        MustBeList => "{place} must be a list, found {found}",
        TooFewEntries => "{place} needs at least {min} entry",
        ListedTwice => "`{value}` is listed twice in {place}",
        MustNotBeEmpty => "{place} must not be empty",
        BadMeasureId => "`{text}` is not a valid measure id",
        UnknownJurisdiction => "unknown jurisdiction `{text}`",
        NotAcceptedValue => "`{text}` is not an accepted value for {place}",
        NotWholeNumber => "{place} must be a whole number, found `{raw}`",
        NumberAsText => "{place} must be a number, found the text \"{text}\"",
        IntExpected => "{place} must be an integer >= {min}, found {found}",
        TooSmall => "{place} must be {min} or more, found {n}",
        BoolExpected => "{place} must be true or false, found {found}",
        DateForm => "{place}: `{text}` is not a valid date: expected the form YYYY-MM-DD",
        DateNoMonth => "{place}: `{text}` is not a valid date: there is no month {month}",
        DateNoDay => "{place}: `{text}` is not a valid date: month {month} of {year} has {days} days",
        TooLong => "{place} is longer than {max} characters, the limit",
        NotSingleValue => "{place} must be a single value, found {found}",
        MustBeMap => "{place} must be a map (keys and values), found {found}",
        TooManyMeasures => "the policy lists {count} measures, over the limit of {max}",
        MissingKey => "{place} is missing the required key `{key}`",
        UnknownKey => "unknown key `{key}` in {place}",
        DuplicateMeasureId => "duplicate measure id `{id}` (first used at line {line})",
        OtherNeedsDescription => "a measure of kind `other` needs a `description`",
        WaiverUnknownRule => "waiver names an unknown rule `{rule}`",
        WaiverUnknownMeasure => "waiver names an unknown measure `{measure}`",
        WaiverUnused => "waiver for {rule} waives nothing: the rule does not fire here",
        WaiverUnusedForMeasure => {
            "waiver for {rule} for measure `{measure}` waives nothing: the rule does not fire here"
        }
        JurisdictionNotLoaded => "no rule pack for jurisdiction `{jurisdiction}` is loaded; only the other packs apply",
        MustBeText => "{place} must be text, found {found}",
        MoreErrors => "the first {max} errors of this file are shown; {count} more are not, starting here",

        BadPackId => "`{id}` is not a valid pack id",
        NotACategory => "`{text}` is not one of the six categories",
        RulesNotList => "`rules` must be a list of rules, found {found}",
        UnknownPackExtended => "pack `{pack}` extends unknown pack `{extended}`",
        NotACondition => "a condition must be a map, found {found}",
        UnknownField => "unknown field `{field}` (not in the policy format)",
        NotAVocabularyValue => "`{value}` is not a value of `{field}`, so this condition could never match",
        BadReference => "a reference must be text or `{{title, url}}`",
        CaseInvalidPolicy => "case '{case}': invalid policy: {problem}",
        RulesFolderMissing => "cannot read rules: no such folder",
        NoPackHere => "no rule pack here: neither this folder nor a subfolder has a `pack.yaml`",
        PackIdTaken => "pack id `{id}` is already used by {origin}",
        OverridesNotList => "`overrides` must be a list of `{{rule, severity}}`",
        BadRuleId => "`{id}` is not a valid rule id",
        BadForEach => "`for_each` takes `measure`, found `{raw}`",
        BadRuleTemplate => "rule {rule}: `{key}`: {error}",
        ReferencesNotList => "`references` must be a list",
        NotAWebAddress => "`{url}` is not a web address",
        DuplicateRuleId => "duplicate rule id `{id}`",
        ExtendsCycle => "`extends` forms a cycle: {cycle}",
        GroupNotAlone => "`{group}` must stand alone in its condition, found also {others}",
        ConditionEmpty => {
            "a condition needs `field:` with an operator, or a group (`all`, `any`, `not`, `any_measure`, `all_measures`)"
        }
        NoOperator => "the condition has a `field` but no operator",
        TooManyOperators => "a condition takes exactly one operator, found {operators}",
        GroupNotList => "`{group}` takes a list of conditions, found {found}",
        GroupEmpty => "`{group}` needs at least one condition",
        NoCurrentMeasure => "`{field}` reads a measure, but this rule has no current measure",
        IndexesMeasures => "`{field}` cannot index the list of measures",
        NamesNoField => "`{field}` names no field",
        OperatorDoesNotApply => "`{operator}` does not apply to `{field}`, which is {expected}",
        OperatorOnMap => {
            "`{operator}` does not apply to `{field}`, which is {expected}; only `exists` applies to a map"
        }
        EqualsOnList => {
            "`{operator}` does not apply to `{field}`, which is {expected}; use `contains`, `contains_any` or `contains_all` on a list"
        }
        InOnList => "`{operator}` does not apply to `{field}`, which is {expected}; use `contains_any` on a list",
        ContainsOnScalar => {
            "`{operator}` does not apply to `{field}`, which is {expected}; use `in` for a single value"
        }
        ComparisonOnNonNumber => {
            "`{operator}` does not apply to `{field}`, which is {expected}; comparisons apply to numbers and dates"
        }
        BadRegex => "`{operator}` is not a valid regular expression: {error}",
        OperatorNeedsBool => "`{operator}` takes true or false, found `{raw}`",
        OperatorNeedsList => "`{operator}` takes a list of values, found {found}",
        OperatorNeedsValues => "`{operator}` needs at least one value",
        ValueDoesNotFit => "`{field}` is {expected}; `{raw}` does not fit",
        NeverFires => "rule {rule} can never fire: {why}",
        NoReferences => "rule {rule} has no references",
        NoChinese => "rule {rule} has no Chinese (`zh`) text for {fields}",
        AlwaysPresent => "`{field}` is always present, so `exists: false` is never true",
        NeverEmptyList => "`{field}` always has at least {min} entry, so `empty: true` is never true",
        NeverEmptyText => "`{field}` is never empty, so `empty: true` is never true",
        LtBelowMinimum => "`{field}` is at least {min}, so `lt: {n}` is never true",
        LteBelowMinimum => "`{field}` is at least {min}, so `lte: {n}` is never true",
        NotInEveryValue => "`not_in` lists every value of `{field}`",
        Contradiction => "two conditions on `{field}` in one `all` contradict each other",
        NotExistsAlwaysPresent => "`{field}` is always present, so `not: {{exists: true}}` is never true",
        NoFiringCase => "rule {rule} has no test case where it fires",
        NoSilentCase => "rule {rule} has no test case where it does not fire",
        CasesNotList => "`cases` must be a list of test cases",
        CaseUnknownRule => "case '{case}' names unknown rule `{rule}`",
        CaseExpectsNothing => "case '{case}' expects nothing: add `fires:` or `silent:`",
        CaseDidNotFire => "case '{case}': expected {rule} to fire, it did not",
        CaseFired => "case '{case}': expected {rule} not to fire, it did",

        OverrideUnknownRule => "override of unknown rule `{rule}`",
        DisableUnknownRule => "`disable` names unknown rule `{rule}`",
        RuleFolderMissing => "rule folder `{folder}` does not exist",
        NotASeverity => "`{text}` is not a severity",
        BadLang => "`lang` is `en` or `zh`, found `{raw}`",

        FileEmpty => "the file is empty; expected {expected}",
        FileTooLarge => "the file is {size} bytes, over the limit of {max} bytes",
        StdinUnreadable => "cannot read standard input: {error}",
        ReadNotFound => "cannot read: no such file or folder",
        ReadPermissionDenied => "cannot read: permission denied",
        ReadFailed => "cannot read: {error}",
        NotUtf8 => "the file is not valid UTF-8 (byte {byte})",
        NulByte => "the file contains a NUL byte; is it a binary file?",
        NoPolicyFiles => "no policy files (*.yaml, *.yml) in this folder",
        OutputOverInput => "refusing to write the output over an input file",
        CannotWrite => "cannot write the output: {error}",
        BaselineInvalid => "not a watchwise baseline: {error}",
        BaselineVersion => "unsupported baseline version {version}",
        BaselineStale => {
            "baseline entry {rule} {measure} in {file} matches no finding any more; rewrite the baseline to drop it"
        }
        TemplateInvalid => "not a valid template: {reason}",
        TemplateCannotRender => "the template cannot render: {reason}",
        BadToday => "`{value}` is not a valid date: {reason}",
        BadThreads => "`{value}` is not a number of threads; give a whole number of at least 1, or unset it",
        InitFileExists => "the file exists; `init` never overwrites",
        DiffBothStdin => "OLD and NEW cannot both be standard input",
        NoSuchRule => "no rule `{id}` is loaded",
        FormatsShareStdout => "more than one format would go to standard output",
    }
}

pub fn hint(hint: Hint) -> &'static str {
    use Hint::*;
    match hint {
        RemoveDocumentMarker => "remove the `---` line, or split the documents into separate files",
        RemoveTag => "remove the tag; only plain values are read",
        WriteKeysOut => "write the keys out in full",
        KeyOnce => "a key may appear once in a map; remove or merge one of them",
        SplitOrRaiseLimit => "split it, or raise the limit with --max-file-size",
        StdinTooLarge => "standard input is larger than the limit",
        SaveAsUtf8 => "save the file as UTF-8; is it a binary file?",
        WriteBaseline => "write one with `watchwise check --write-baseline FILE`",
        PolicyStart => "a policy file starts with `version: 1`, then `policy:`, `purpose:` and `measures:`",
        GiveValue => "give {expected}, or remove the key",
        WriteAsList => "write it as a list: `[{text}]`",
        Takes => "{place} takes {expected}",
        RemoveRepeated => "remove the repeated value",
        IdChars => "use lowercase letters, digits and `-`",
        IdCharsExample => "use lowercase letters, digits and `-`, e.g. `{example}`",
        DidYouMeanJurisdiction => "did you mean `{suggestion}`? known jurisdictions: {known}",
        KnownJurisdictions => "known jurisdictions: {known} (or a pack loaded with --rules)",
        Synonym => "use `{suggestion}`: `{text}` is written `{suggestion}` in this format",
        DidYouMean => "did you mean `{suggestion}`?",
        AcceptedValues => "accepted values: {values}",
        RemoveQuotes => "remove the quotes: `{text}`",
        WriteTrue => "write `true`",
        WriteFalse => "write `false`",
        RealDate => "write a real calendar date as YYYY-MM-DD, e.g. 2026-03-01",
        ColonInText => "`{key}: ...` was read as a key and value because of the `: `; put the whole text in quotes",
        AddKey => "add `{key}:` ({expected}): {doc}",
        BelongsUnder => "`{key}` belongs under `{parent}`: `{parent}: {{ {key}: ... }}`",
        AcceptedKeysIn => "accepted keys in {place}: {keys}",
        AcceptedKeys => "accepted keys: {keys}",
        OwnId => "give each measure its own id",
        SayWhatIsCollected => "say in `description:` what is collected",
        DidYouMeanRule => "did you mean `{suggestion}`? `watchwise rules list` shows every rule",
        RulesListShowsAll => "`watchwise rules list` shows every rule",
        MeasuresHere => "measures in this policy: {ids}",
        NoMeasuresHere => "measures in this policy: ",
        LoadedRulesList => "`watchwise rules list` shows the loaded rules",
        RelativePaths => "paths in {file} are relative to its folder: {path}",
        UseSeverityOrNever => "use {names} or `never`",
        UseOneOf => "use {names}",
        LoadedPacks => "loaded packs: {ids}",
        ConditionKeys => "a condition has `field` and one of {operators}; or one of {groups}",
        ConditionShape => {
            "write `field:` with one operator, or `all:`, `any:`, `not:`, `any_measure:`, `all_measures:`"
        }
        FieldsHere => "fields here: {fields}",
        NoFieldsBelow => "`{path}` has no fields below it",
        PackLayout => "a pack is a folder with `pack.yaml` and rule files; see `rules/core`",
        RuleIdForm => "rule ids look like `PRV-001` or `ACME-CAM-1`: capitals and digits in dash-separated parts",
        RemoveForEach => "remove `for_each` for a rule evaluated once per policy",
        ReferenceUrl => "a reference url starts with https://",
        FirstDefinedAt => "first defined at {file}:{line}:{column}",
        WrapInAllOrAny => "wrap several conditions in `all:` or `any:`",
        Operators => "operators: {operators}",
        AddForEach => {
            "add `for_each: measure` to the rule, or put the condition inside `any_measure:` or `all_measures:`"
        }
        UseForEach => "use `for_each: measure` with `measure.<field>`, or `any_measure:`/`all_measures:`",
        WriteOperatorList => "write `{operator}: [{raw}]`",
        CiteSources => "cite the law, guidance or decision the rule rests on under `references:`",
        AddCase => "add a case to {folder}/tests/ that lists it under `{list}`",
        NoRuleFired => "no rule fired",
        Fired => "fired: {rules}",
        FiredWith => "it fired at {path} with: {message}",
        ChooseAnotherName => "choose another name, or remove the file first",
        GiveFormatsFiles => "give all but one of them a file: `--format sarif=watchwise.sarif`",
    }
}
