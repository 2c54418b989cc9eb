//! The stable codes of diagnostics, grouped by area: `WW01` YAML, `WW02` policy,
//! `WW03` rule packs, `WW04` configuration, `WW05` files and output, `WW06` the command line. A code keeps
//! its number when its wording changes; the words are in `en.ftl` and `zh.ftl`.

use super::Level;

macro_rules! codes {
    ($($name:ident = $id:literal, $level:ident, $meaning:literal;)*) => {
        /// What a diagnostic says, one variant per distinct message.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code {
            $($name),*
        }

        impl Code {
            pub const ALL: &[Code] = &[$(Code::$name),*];

            /// The stable code, e.g. `WW0224`.
            pub fn id(self) -> &'static str {
                match self {
                    $(Code::$name => $id),*
                }
            }

            pub fn level(self) -> Level {
                match self {
                    $(Code::$name => Level::$level),*
                }
            }

            /// When it is reported, for `docs/diagnostics.md`.
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Code::$name => $meaning),*
                }
            }
        }
    };
}

codes! {
    YamlSecondDocument = "WW0101", Error, "The file holds more than one YAML document (a `---` after content).";
    YamlUnexpectedEvent = "WW0102", Error, "The YAML reader produced something a document cannot contain.";
    YamlReaderDepth = "WW0103", Error, "Nesting exceeds what the YAML reader itself accepts.";
    YamlSyntax = "WW0104", Error, "The text is not valid YAML; the reader's reason follows.";
    YamlEndOfInput = "WW0105", Error, "The YAML input ended in the middle of a document.";
    YamlTooManyNodes = "WW0106", Error, "The document has more nodes than the limit.";
    YamlTag = "WW0107", Error, "An explicit YAML tag (`!tag`) is used; only plain values are read.";
    YamlKeyNotScalar = "WW0108", Error, "A map key is itself a list or a map.";
    YamlMergeKey = "WW0109", Error, "A YAML merge key (`<<`) is used.";
    YamlDuplicateKey = "WW0110", Error, "A key appears twice in one map.";
    YamlUnknownAnchor = "WW0111", Error, "An alias (`*name`) refers to no anchor.";
    YamlAliasBomb = "WW0112", Error, "Aliases expand to more nodes than the limit.";
    YamlTooDeep = "WW0113", Error, "Nesting is deeper than the limit.";
    YamlAliasText = "WW0114", Error, "Aliases copy more text than the limit.";
    YamlTabIndent = "WW0115", Error, "A tab in the indentation of a line; YAML indents with spaces only.";

    NotAPolicy = "WW0201", Error, "The document is not a map, so it cannot be a policy.";
    UnsupportedVersion = "WW0202", Error, "`version` is not 1.";
    NoValue = "WW0203", Error, "A key is given without a value.";
    MustBeList = "WW0204", Error, "A list is expected.";
    TooFewEntries = "WW0205", Error, "A list has fewer entries than required.";
    ListedTwice = "WW0206", Error, "A vocabulary value appears twice in one list.";
    MustNotBeEmpty = "WW0207", Error, "Text that must say something is empty.";
    BadMeasureId = "WW0208", Error, "A measure id uses characters other than lowercase letters, digits and `-`.";
    UnknownJurisdiction = "WW0209", Error, "A jurisdiction is neither built in nor a loaded pack.";
    NotAcceptedValue = "WW0210", Error, "A value is not in the field's vocabulary.";
    NotWholeNumber = "WW0211", Error, "A number with a fraction where a whole number is expected.";
    NumberAsText = "WW0212", Error, "A number is written in quotes, so it is text.";
    IntExpected = "WW0213", Error, "Something other than a number where an integer is expected.";
    TooSmall = "WW0214", Error, "An integer is below the field's minimum.";
    BoolExpected = "WW0215", Error, "Something other than `true` or `false` where a boolean is expected.";
    DateForm = "WW0216", Error, "A date is not written as YYYY-MM-DD.";
    DateNoMonth = "WW0217", Error, "A date names a month that does not exist.";
    DateNoDay = "WW0218", Error, "A date names a day past the end of its month.";
    TooLong = "WW0219", Error, "Text is longer than the limit.";
    NotSingleValue = "WW0220", Error, "A list or a map where a single value is expected.";
    MustBeMap = "WW0221", Error, "A map (keys and values) is expected.";
    TooManyMeasures = "WW0222", Error, "The policy lists more measures than the limit.";
    MissingKey = "WW0223", Error, "A required key is missing.";
    UnknownKey = "WW0224", Error, "A key that the format does not have (often misspelt or misplaced).";
    DuplicateMeasureId = "WW0225", Error, "Two measures have the same id.";
    OtherNeedsDescription = "WW0226", Error, "A measure of kind `other` does not say what it collects.";
    WaiverUnknownRule = "WW0227", Error, "A waiver names a rule that is not loaded.";
    WaiverUnknownMeasure = "WW0228", Error, "A waiver names a measure the policy does not have.";
    WaiverUnused = "WW0229", Warning, "A waiver's rule does not fire on the policy.";
    WaiverUnusedForMeasure = "WW0230", Warning, "A waiver's rule does not fire on the measure it names.";
    JurisdictionNotLoaded = "WW0231", Warning, "A jurisdiction of the policy has no loaded rule pack.";
    MustBeText = "WW0232", Error, "Text is expected (configuration, rule packs, test cases).";
    MoreErrors = "WW0233", Error, "A file has more errors than are shown; the count of the rest follows the first ones.";
    WaiverNotAllowed = "WW0234", Warning, "A waiver names a rule that cannot be waived; its findings stay active.";
    WaiverNeedsAgreement = "WW0235", Warning, "A waiver names a rule that only a body other than the employer can set aside, and records no agreement; its findings stay active.";
    WaiverWrongBody = "WW0236", Warning, "A waiver records the agreement of a body that cannot set the rule aside; its findings stay active.";
    ActionUnknownRule = "WW0237", Error, "An action names a rule that is not loaded.";
    ActionUnknownMeasure = "WW0238", Error, "An action names a measure the policy does not have.";
    DuplicateActionId = "WW0239", Error, "Two actions have the same id.";
    RepresentativesSayNothing = "WW0240", Error, "`review.representatives` records neither an opinion nor why none was sought.";
    RepresentativesBoth = "WW0241", Error, "`review.representatives` records an opinion and also that none was sought.";
    ActionOverdue = "WW0242", Warning, "An action that is not done is past its due date.";
    ActionDoneStillFires = "WW0243", Warning, "An action is marked done, but the finding it answers still fires: the policy does not show the change.";
    ActionNothingToDo = "WW0244", Warning, "An action is not done, but the finding it answers no longer fires.";
    SignOffStale = "WW0245", Warning, "The policy changed after it was signed off: its fingerprint no longer matches the review's.";
    SignOffNoFingerprint = "WW0246", Warning, "A review records a decision but not the fingerprint of the policy it decided on.";
    ReviewNoRepresentatives = "WW0247", Warning, "A review records a decision but neither the workers' representatives' opinion nor why it was not sought.";

    BadPackId = "WW0301", Error, "A pack id uses characters other than lowercase letters, digits and `-`.";
    NotACategory = "WW0302", Error, "A rule's category is not one of the six.";
    RulesNotList = "WW0303", Error, "`rules` in a rule file is not a list.";
    UnknownPackExtended = "WW0304", Error, "A pack extends a pack that is not loaded.";
    NotACondition = "WW0305", Error, "A rule condition is not a map.";
    UnknownField = "WW0306", Error, "A condition names a field the policy format does not have.";
    NotAVocabularyValue = "WW0307", Error, "A condition compares a field with a value outside its vocabulary.";
    BadReference = "WW0308", Error, "A rule reference is neither text nor `{title, url}`.";
    CaseInvalidPolicy = "WW0309", Error, "The policy of a rule test case is not valid; the problem follows.";
    RulesFolderMissing = "WW0310", Error, "A rule folder given with `--rules` does not exist.";
    NoPackHere = "WW0311", Error, "A rule folder holds no `pack.yaml`, nor does any subfolder.";
    PackIdTaken = "WW0312", Error, "Two packs have the same id.";
    OverridesNotList = "WW0313", Error, "`overrides` is not a list.";
    BadRuleId = "WW0314", Error, "A rule id is not of the form `PRV-001`.";
    BadForEach = "WW0315", Error, "`for_each` is something other than `measure`.";
    BadRuleTemplate = "WW0316", Error, "A rule's message or recommendation is not a valid template.";
    ReferencesNotList = "WW0317", Error, "`references` is not a list.";
    NotAWebAddress = "WW0318", Error, "A reference url does not start with `https://` or `http://`.";
    DuplicateRuleId = "WW0319", Error, "Two rules have the same id.";
    ExtendsCycle = "WW0320", Error, "Packs extend each other in a cycle.";
    GroupNotAlone = "WW0321", Error, "A group (`all`, `any`, ...) shares its condition with other keys.";
    ConditionEmpty = "WW0322", Error, "A condition has neither `field:` nor a group.";
    NoOperator = "WW0323", Error, "A condition has a `field` but no operator.";
    TooManyOperators = "WW0324", Error, "A condition has more than one operator.";
    GroupNotList = "WW0325", Error, "`all` or `any` is not a list of conditions.";
    GroupEmpty = "WW0326", Error, "`all` or `any` has no condition.";
    NoCurrentMeasure = "WW0327", Error, "A `measure.` field is read where there is no current measure.";
    IndexesMeasures = "WW0328", Error, "A field path indexes `measures` directly.";
    NamesNoField = "WW0329", Error, "A field path stops before naming a field.";
    OperatorDoesNotApply = "WW0330", Error, "An operator does not apply to the field's type.";
    OperatorOnMap = "WW0331", Error, "An operator other than `exists` is used on a map.";
    EqualsOnList = "WW0332", Error, "`equals` or `not_equals` is used on a list.";
    InOnList = "WW0333", Error, "`in` or `not_in` is used on a list.";
    ContainsOnScalar = "WW0334", Error, "`contains_any` or `contains_all` is used on a single value.";
    ComparisonOnNonNumber = "WW0335", Error, "A comparison is used on something other than a number or a date.";
    BadRegex = "WW0336", Error, "A `matches` pattern is not a valid regular expression.";
    OperatorNeedsBool = "WW0337", Error, "`exists` or `empty` is given something other than `true` or `false`.";
    OperatorNeedsList = "WW0338", Error, "An operator that takes a list of values is given something else.";
    OperatorNeedsValues = "WW0339", Error, "An operator that takes a list of values is given an empty list.";
    ValueDoesNotFit = "WW0340", Error, "A condition's value does not fit the field's type.";
    NeverFires = "WW0341", Warning, "`rules lint`: the condition can never be true; the reason follows.";
    NoReferences = "WW0342", Warning, "`rules lint`: a rule cites no law, guidance or decision.";
    NoChinese = "WW0343", Warning, "`rules lint`: a built-in rule lacks Chinese text.";
    AlwaysPresent = "WW0344", Warning, "Reason for WW0341: `exists: false` on a field every policy has.";
    NeverEmptyList = "WW0345", Warning, "Reason for WW0341: `empty: true` on a list that needs entries.";
    NeverEmptyText = "WW0346", Warning, "Reason for WW0341: `empty: true` on text that must not be empty.";
    LtBelowMinimum = "WW0347", Warning, "Reason for WW0341: `lt` at or below the field's minimum.";
    LteBelowMinimum = "WW0348", Warning, "Reason for WW0341: `lte` below the field's minimum.";
    NotInEveryValue = "WW0349", Warning, "Reason for WW0341: `not_in` lists the whole vocabulary.";
    Contradiction = "WW0350", Warning, "Reason for WW0341: two conditions in one `all` exclude each other.";
    NotExistsAlwaysPresent = "WW0351", Warning, "Reason for WW0341: `not: {exists: true}` on a field every policy has.";
    NoFiringCase = "WW0352", Error, "`rules test`: no test case shows the rule firing.";
    NoSilentCase = "WW0353", Error, "`rules test`: no test case shows the rule not firing.";
    CasesNotList = "WW0354", Error, "`cases` in a test file is not a list.";
    CaseUnknownRule = "WW0355", Error, "A test case names a rule that is not loaded.";
    CaseExpectsNothing = "WW0356", Error, "A test case has neither `fires` nor `silent`.";
    CaseDidNotFire = "WW0357", Error, "A rule expected to fire in a test case did not.";
    CaseFired = "WW0358", Error, "A rule expected not to fire in a test case did.";
    TooManyRules = "WW0359", Error, "The loaded packs hold more rules than one run loads.";
    MessageTooLong = "WW0360", Error, "A rule's message or recommendation, rendered for a finding, is longer than the limit; the policy is not checked.";
    BadMitigationId = "WW0361", Error, "A mitigation id is not of the form `human-review`.";
    BadLowers = "WW0362", Error, "A mitigation's `lowers` is not 1 or 2.";
    DuplicateMitigationId = "WW0363", Error, "Two mitigations have the same id.";
    UnknownMitigation = "WW0364", Error, "A rule names a mitigation that is not loaded.";
    MitigationOutOfReach = "WW0365", Error, "A rule names a mitigation of a pack that is not active wherever the rule's pack is.";
    MeasureMitigationOnPolicyRule = "WW0366", Error, "A rule evaluated once per policy names a mitigation that reads a measure.";
    NotMitigable = "WW0367", Error, "A rule with `mitigable: false` also names mitigations or a floor.";
    BadWaiverRule = "WW0368", Error, "A rule's `waiver` is neither `never` nor `{requires: [...]}`.";
    UnknownBody = "WW0369", Error, "`waiver.requires` names a body that is not in the vocabulary of agreeing bodies.";
    MitigationNeverApplies = "WW0370", Warning, "`rules lint`: a mitigation's condition can never be true; the reason follows.";
    MitigationContradictsRule = "WW0371", Warning, "`rules lint`: a mitigation can never apply to a rule that names it, because their conditions exclude each other.";
    MitigationUnused = "WW0372", Warning, "`rules lint`: no rule names the mitigation.";
    FloorNotBelow = "WW0373", Warning, "`rules lint`: a rule's floor is not below its severity, so its mitigations never lower it.";
    CaseResidual = "WW0374", Error, "A rule's finding in a test case has another level after mitigations than the case expects.";
    AppliesInUnknownPack = "WW0375", Error, "A rule's `applies_in` names a pack that is not loaded.";

    OverrideUnknownRule = "WW0401", Error, "An override names a rule that is not loaded.";
    DisableUnknownRule = "WW0402", Error, "`disable` names a rule that is not loaded.";
    RuleFolderMissing = "WW0403", Error, "A rule folder of the configuration does not exist.";
    NotASeverity = "WW0404", Error, "A severity is not one of the known names.";
    BadLang = "WW0405", Error, "`lang` is neither `en` nor `zh`.";

    FileEmpty = "WW0501", Error, "The file is empty or holds only comments.";
    FileTooLarge = "WW0502", Error, "The file is larger than `--max-file-size`.";
    StdinUnreadable = "WW0503", Error, "Standard input cannot be read.";
    ReadNotFound = "WW0504", Error, "A file or folder does not exist.";
    ReadPermissionDenied = "WW0505", Error, "A file cannot be read for lack of permission.";
    ReadFailed = "WW0506", Error, "A file cannot be read for another reason.";
    NotUtf8 = "WW0507", Error, "The file is not UTF-8 text.";
    NulByte = "WW0508", Error, "The file contains a NUL byte.";
    NoPolicyFiles = "WW0509", Error, "A folder given to check holds no `*.yaml` or `*.yml` file.";
    OutputOverInput = "WW0510", Error, "An output file is one of the input files.";
    CannotWrite = "WW0511", Error, "An output cannot be written.";
    BaselineInvalid = "WW0512", Error, "A baseline file is not a watchwise baseline.";
    BaselineVersion = "WW0513", Error, "A baseline file has an unknown version.";
    BaselineStale = "WW0514", Warning, "A baseline entry matches no finding any more.";
    TemplateInvalid = "WW0515", Error, "A report template given by the user is not a valid template.";
    TemplateCannotRender = "WW0516", Error, "A report template fails while rendering.";
    ReadFolder = "WW0530", Error, "A folder is given where a file is read (`report`, `diff`, `--baseline`, ...).";
    NotRegularFile = "WW0531", Error, "An input is a pipe, device or socket, not a regular file (`-` reads standard input).";
    FolderUnreadable = "WW0532", Error, "A folder given to check, or one inside it, cannot be read.";
    OutputsShareFile = "WW0533", Error, "Two outputs of one run (`-o`, `--format F=FILE`, `--write-baseline`) name the same file.";
    FolderSeenBefore = "WW0534", Warning, "A symbolic link in a searched folder leads to a folder already searched; it is skipped.";
    TemplateTooDeep = "WW0535", Error, "A report template nests blocks, subexpressions and partial calls deeper than the limit.";
    TemplatePartialCycle = "WW0536", Error, "Partials of a report template call each other in a cycle.";
    TemplatePartialName = "WW0537", Error, "A report template computes the name of a partial instead of writing it out.";
    TemplatePartialBlock = "WW0538", Error, "A report template uses `@partial-block`.";
    TemplateTooManySteps = "WW0539", Error, "Rendering a report template takes more steps than the limit.";
    TemplateOutputTooLarge = "WW0540", Error, "A report rendered with a user's template would be larger than the limit.";
    TemplateTooLarge = "WW0541", Error, "A report template has too many tags, too far into the file, for the template compiler.";
    BadToday = "WW0601", Error, "`WATCHWISE_TODAY` is not a valid date.";
    BadThreads = "WW0602", Error, "`WATCHWISE_THREADS` is not a whole number of at least 1.";
    InitFileExists = "WW0603", Error, "`init` was asked to write a file that exists.";
    DiffBothStdin = "WW0604", Error, "`diff` was given standard input for both policies.";
    NoSuchRule = "WW0605", Error, "`rules show` names a rule that is not loaded.";
    FormatsShareStdout = "WW0606", Error, "More than one `--format` has no file and would go to standard output.";
}

macro_rules! hints {
    ($($name:ident = $id:literal,)*) => {
        /// A line of help under a diagnostic.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Hint {
            $($name),*
        }

        impl Hint {
            pub const ALL: &[Hint] = &[$(Hint::$name),*];

            /// The id of its text in the `.ftl` files, e.g. `hint-key-once`. Written out
            /// rather than made from the variant's name, so that renaming a variant
            /// does not lose the translations.
            pub fn id(self) -> &'static str {
                match self {
                    $(Hint::$name => $id),*
                }
            }
        }
    };
}

hints! {
    RemoveDocumentMarker = "hint-remove-document-marker",
    RemoveTag = "hint-remove-tag",
    WriteKeysOut = "hint-write-keys-out",
    KeyOnce = "hint-key-once",
    SplitOrRaiseLimit = "hint-split-or-raise-limit",
    StdinTooLarge = "hint-stdin-too-large",
    SaveAsUtf8 = "hint-save-as-utf8",
    WriteBaseline = "hint-write-baseline",
    PolicyStart = "hint-policy-start",
    GiveValue = "hint-give-value",
    WriteAsList = "hint-write-as-list",
    Takes = "hint-takes",
    RemoveRepeated = "hint-remove-repeated",
    IdChars = "hint-id-chars",
    IdCharsExample = "hint-id-chars-example",
    DidYouMeanJurisdiction = "hint-did-you-mean-jurisdiction",
    KnownJurisdictions = "hint-known-jurisdictions",
    Synonym = "hint-synonym",
    DidYouMean = "hint-did-you-mean",
    AcceptedValues = "hint-accepted-values",
    RemoveQuotes = "hint-remove-quotes",
    WriteTrue = "hint-write-true",
    WriteFalse = "hint-write-false",
    RealDate = "hint-real-date",
    ColonInText = "hint-colon-in-text",
    IndentWithSpaces = "hint-indent-with-spaces",
    AddKey = "hint-add-key",
    BelongsUnder = "hint-belongs-under",
    AcceptedKeysIn = "hint-accepted-keys-in",
    AcceptedKeys = "hint-accepted-keys",
    OwnId = "hint-own-id",
    OwnActionId = "hint-own-action-id",
    OpinionOrNotSought = "hint-opinion-or-not-sought",
    UpdateDueOrStatus = "hint-update-due-or-status",
    ShowTheChange = "hint-show-the-change",
    MarkDone = "hint-mark-done",
    SignOffAgain = "hint-sign-off-again",
    RecordFingerprint = "hint-record-fingerprint",
    RecordRepresentatives = "hint-record-representatives",
    SayWhatIsCollected = "hint-say-what-is-collected",
    DidYouMeanRule = "hint-did-you-mean-rule",
    RulesListShowsAll = "hint-rules-list-shows-all",
    MeasuresHere = "hint-measures-here",
    NoMeasuresHere = "hint-no-measures-here",
    LoadedRulesList = "hint-loaded-rules-list",
    RelativePaths = "hint-relative-paths",
    UseSeverityOrNever = "hint-use-severity-or-never",
    UseOneOf = "hint-use-one-of",
    LoadedPacks = "hint-loaded-packs",
    ConditionKeys = "hint-condition-keys",
    ConditionShape = "hint-condition-shape",
    FieldsHere = "hint-fields-here",
    NoFieldsBelow = "hint-no-fields-below",
    PackLayout = "hint-pack-layout",
    RuleIdForm = "hint-rule-id-form",
    RemoveForEach = "hint-remove-for-each",
    ReferenceUrl = "hint-reference-url",
    FirstDefinedAt = "hint-first-defined-at",
    MitigationIdForm = "hint-mitigation-id-form",
    MitigationsListShowsAll = "hint-mitigations-list-shows-all",
    WrapInAllOrAny = "hint-wrap-in-all-or-any",
    Operators = "hint-operators",
    AddForEach = "hint-add-for-each",
    UseForEach = "hint-use-for-each",
    WriteOperatorList = "hint-write-operator-list",
    CiteSources = "hint-cite-sources",
    AddCase = "hint-add-case",
    NoRuleFired = "hint-no-rule-fired",
    Fired = "hint-fired",
    FiredWith = "hint-fired-with",
    ChooseAnotherName = "hint-choose-another-name",
    GiveFormatsFiles = "hint-give-formats-files",
    PipeToStdin = "hint-pipe-to-stdin",
}
