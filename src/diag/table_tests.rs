//! The tables are complete and agree with each other.

use super::codes::{Code, Hint};
use super::text::placeholders;
use super::{en, zh};
use std::collections::BTreeSet;

/// Codes shown in English with `--lang zh`: rule-pack, configuration and output
/// problems, which were never translated. A code leaves this list when it gets
/// Chinese; a new code must either get Chinese or be added here.
const MESSAGES_WITHOUT_CHINESE: &[Code] = &[
    Code::YamlUnexpectedEvent,
    Code::YamlEndOfInput,
    Code::BadPackId,
    Code::NotACategory,
    Code::UnknownPackExtended,
    Code::UnknownField,
    Code::NotAVocabularyValue,
    Code::BadReference,
    Code::CaseInvalidPolicy,
    Code::RulesFolderMissing,
    Code::NoPackHere,
    Code::PackIdTaken,
    Code::OverridesNotList,
    Code::BadRuleId,
    Code::BadForEach,
    Code::BadRuleTemplate,
    Code::ReferencesNotList,
    Code::NotAWebAddress,
    Code::DuplicateRuleId,
    Code::ExtendsCycle,
    Code::GroupNotAlone,
    Code::ConditionEmpty,
    Code::NoOperator,
    Code::TooManyOperators,
    Code::GroupNotList,
    Code::GroupEmpty,
    Code::NoCurrentMeasure,
    Code::IndexesMeasures,
    Code::NamesNoField,
    Code::OperatorDoesNotApply,
    Code::OperatorOnMap,
    Code::EqualsOnList,
    Code::InOnList,
    Code::ContainsOnScalar,
    Code::ComparisonOnNonNumber,
    Code::BadRegex,
    Code::OperatorNeedsBool,
    Code::OperatorNeedsList,
    Code::OperatorNeedsValues,
    Code::ValueDoesNotFit,
    Code::NeverFires,
    Code::NoReferences,
    Code::NoChinese,
    Code::AlwaysPresent,
    Code::NeverEmptyList,
    Code::NeverEmptyText,
    Code::LtBelowMinimum,
    Code::LteBelowMinimum,
    Code::NotInEveryValue,
    Code::Contradiction,
    Code::NotExistsAlwaysPresent,
    Code::NoFiringCase,
    Code::NoSilentCase,
    Code::CasesNotList,
    Code::CaseUnknownRule,
    Code::CaseExpectsNothing,
    Code::CaseDidNotFire,
    Code::CaseFired,
    Code::OverrideUnknownRule,
    Code::DisableUnknownRule,
    Code::RuleFolderMissing,
    Code::NotASeverity,
    Code::BadLang,
    Code::StdinUnreadable,
    Code::CannotWrite,
    Code::BaselineInvalid,
    Code::BaselineVersion,
    Code::BaselineStale,
    Code::TemplateInvalid,
    Code::TemplateCannotRender,
    Code::BadToday,
    Code::BadThreads,
    Code::InitFileExists,
    Code::DiffBothStdin,
    Code::NoSuchRule,
    Code::FormatsShareStdout,
];

/// Hints shown in English with `--lang zh`, for the same reason.
const HINTS_WITHOUT_CHINESE: &[Hint] = &[
    Hint::RemoveDocumentMarker,
    Hint::RemoveTag,
    Hint::WriteKeysOut,
    Hint::StdinTooLarge,
    Hint::WriteBaseline,
    Hint::Takes,
    Hint::AcceptedKeys,
    Hint::NoMeasuresHere,
    Hint::LoadedRulesList,
    Hint::RelativePaths,
    Hint::UseSeverityOrNever,
    Hint::UseOneOf,
    Hint::LoadedPacks,
    Hint::ConditionKeys,
    Hint::ConditionShape,
    Hint::FieldsHere,
    Hint::NoFieldsBelow,
    Hint::PackLayout,
    Hint::RuleIdForm,
    Hint::RemoveForEach,
    Hint::ReferenceUrl,
    Hint::FirstDefinedAt,
    Hint::WrapInAllOrAny,
    Hint::Operators,
    Hint::AddForEach,
    Hint::UseForEach,
    Hint::WriteOperatorList,
    Hint::CiteSources,
    Hint::AddCase,
    Hint::NoRuleFired,
    Hint::Fired,
    Hint::FiredWith,
    Hint::ChooseAnotherName,
    Hint::GiveFormatsFiles,
];

fn same_names(a: &str, b: &str) -> bool {
    placeholders(a).into_iter().collect::<BTreeSet<_>>() == placeholders(b).into_iter().collect::<BTreeSet<_>>()
}

#[test]
fn every_code_has_chinese_or_is_listed_without() {
    let missing: Vec<Code> = Code::ALL.iter().copied().filter(|c| zh::message(*c).is_none()).collect();
    assert_eq!(missing, MESSAGES_WITHOUT_CHINESE, "codes without Chinese");
    let missing: Vec<Hint> = Hint::ALL.iter().copied().filter(|h| zh::hint(*h).is_none()).collect();
    assert_eq!(missing, HINTS_WITHOUT_CHINESE, "hints without Chinese");
}

#[test]
fn translations_use_the_same_arguments() {
    for code in Code::ALL {
        if let Some(t) = zh::message(*code) {
            // The Chinese of an unused waiver does not repeat the measure.
            if *code != Code::WaiverUnusedForMeasure {
                assert!(same_names(en::message(*code), t), "{code:?}");
            }
        }
    }
    for hint in Hint::ALL {
        if let Some(t) = zh::hint(*hint) {
            assert!(same_names(en::hint(*hint), t), "{hint:?}");
        }
    }
}

#[test]
fn codes_are_unique_and_grouped_by_area() {
    let ids: BTreeSet<&str> = Code::ALL.iter().map(|c| c.id()).collect();
    assert_eq!(ids.len(), Code::ALL.len(), "a code is used twice");
    for code in Code::ALL {
        let id = code.id();
        assert!(id.len() == 6 && id.starts_with("WW") && id[2..].chars().all(|c| c.is_ascii_digit()), "{id}");
        assert!(matches!(&id[2..4], "01" | "02" | "03" | "04" | "05" | "06"), "{id} is in no area");
    }
    let mut sorted: Vec<&str> = Code::ALL.iter().map(|c| c.id()).collect();
    sorted.sort();
    assert_eq!(sorted, Code::ALL.iter().map(|c| c.id()).collect::<Vec<_>>(), "codes are listed in order");
}

#[test]
fn renders_arguments_and_braces() {
    use super::{Message, Term};
    let m = Message::new(Code::UnknownKey).arg("key", "retension_days").arg("place", Term::ThePolicy);
    assert_eq!(m.render(crate::Lang::En), "unknown key `retension_days` in the policy");
    assert_eq!(m.render(crate::Lang::Zh), "政策文件 中有未知的键 `retension_days`");
    assert_eq!(Message::new(Code::BadReference).render(crate::Lang::En), "a reference must be text or `{title, url}`");
    let m = Message::new(Code::NotAPolicy).arg("found", Term::List);
    assert_eq!(m.render(crate::Lang::Zh), "应为一份政策（以 `version: 1` 开头的映射），实际为列表");
}
