//! Chinese for the diagnostics a policy author sees (`--lang zh`).
//!
//! Diagnostics are built in English where they are found; this one table says each
//! of them in Chinese, so the loaders stay readable and a missing translation falls
//! back to English rather than to nothing. A test runs every bad-input case through
//! it and fails on any message left untranslated.

use crate::Lang;
use crate::diag::Diagnostic;
use regex::Regex;
use std::sync::LazyLock;

/// (English pattern, Chinese replacement). Backticked names and values are kept.
const MESSAGES: &[(&str, &str)] = &[
    (
        r"^expected a policy \(a map with `version: 1`\), found (.+)$",
        "应为一份政策（以 `version: 1` 开头的映射），实际为$1",
    ),
    (
        r"^unsupported policy format version `(.*)`; this watchwise reads version 1$",
        "不支持的政策格式版本 `$1`；本工具读取版本 1",
    ),
    (r"^(.+) has no value$", "$1 没有值"),
    (r"^(.+) must be a list, found (.+)$", "$1 应为列表，实际为$2"),
    (r"^(.+) needs at least (\d+) entry$", "$1 至少需要 $2 项"),
    (r"^`(.*)` is listed twice in (.+)$", "`$1` 在 $2 中重复出现"),
    (r"^(.+) must not be empty$", "$1 不能为空"),
    (r"^`(.*)` is not a valid measure id$", "`$1` 不是有效的措施 id"),
    (r"^unknown jurisdiction `(.*)`$", "未知的法域 `$1`"),
    (r"^`(.*)` is not an accepted value for (.+)$", "`$1` 不是 $2 可接受的值"),
    (r"^(.+) must be a whole number, found `(.*)`$", "$1 应为整数，实际为 `$2`"),
    (r#"^(.+) must be a number, found the text "(.*)"$"#, "$1 应为数字，实际为文本 \"$2\""),
    (r"^(.+) must be (\d+) or more, found (-?\d+)$", "$1 应不小于 $2，实际为 $3"),
    (r"^(.+) must be true or false, found (.+)$", "$1 应为 true 或 false，实际为 $2"),
    (r"^(.+) must be an integer >= (-?\d+), found (.+)$", "$1 应为不小于 $2 的整数，实际为 $3"),
    (r"^(.+) must be (.+), found (.+)$", "$1 应为 $2，实际为 $3"),
    (
        r"^(.+): `(.*)` is not a valid date: expected the form YYYY-MM-DD$",
        "$1：`$2` 不是有效日期：应为 YYYY-MM-DD 格式",
    ),
    (r"^(.+): `(.*)` is not a valid date: there is no month (\d+)$", "$1：`$2` 不是有效日期：没有第 $3 月"),
    (
        r"^(.+): `(.*)` is not a valid date: month (\d+) of (\d+) has (\d+) days$",
        "$1：`$2` 不是有效日期：$4 年 $3 月只有 $5 天",
    ),
    (r"^(.+) is longer than (\d+) characters, the limit$", "$1 超过 $2 个字符的上限"),
    (r"^(.+) must be a single value, found (.+)$", "$1 应为单个值，实际为$2"),
    (r"^(.+) must be a map \(keys and values\), found (.+)$", "$1 应为映射（键和值），实际为$2"),
    (r"^the policy lists (\d+) measures, over the limit of (\d+)$", "政策列出了 $1 项措施，超过 $2 项的上限"),
    (r"^(.+) is missing the required key `(.*)`$", "$1 缺少必填键 `$2`"),
    (r"^unknown key `(.*)` in (.+)$", "$2 中有未知的键 `$1`"),
    (r"^duplicate measure id `(.*)` \(first used at line (\d+)\)$", "措施 id `$1` 重复（第 $2 行已使用）"),
    (r"^a measure of kind `other` needs a `description`$", "类型为 `other` 的措施需要填写 `description`"),
    (r"^waiver names an unknown rule `(.*)`$", "豁免引用了未知的规则 `$1`"),
    (r"^waiver names an unknown measure `(.*)`$", "豁免引用了未知的措施 `$1`"),
    (
        r"^waiver for (\S+)(?: for measure `(.*)`)? waives nothing: the rule does not fire here$",
        "对 $1 的豁免没有作用：该规则在此并未触发",
    ),
    (
        r"^no rule pack for jurisdiction `(.*)` is loaded; only the other packs apply$",
        "未加载法域 `$1` 的规则包；仅适用其他规则包",
    ),
    (
        r"^a second YAML document starts here; a file holds exactly one$",
        "此处开始了第二个 YAML 文档；一个文件只能有一个文档",
    ),
    (r"^not valid YAML: (.+)$", "不是有效的 YAML：$1"),
    (r"^nesting is deeper than (\d+) levels, the limit$", "嵌套超过 $1 层的上限"),
    (r"^nesting is deeper than the YAML reader's limit$", "嵌套层数超过 YAML 解析器的上限"),
    (r"^the document has more than (\d+) YAML nodes, the limit$", "文档的 YAML 节点超过 $1 个的上限"),
    (
        r"^aliases expand to more than (\d+) nodes, the limit \(a YAML alias bomb\?\)$",
        "别名展开后超过 $1 个节点的上限（YAML 别名炸弹？）",
    ),
    (r"^duplicate key `(.*)` \(first given at line (\d+)\)$", "键 `$1` 重复（第 $2 行已出现）"),
    (r"^YAML tag `(.*)` is not supported here$", "此处不支持 YAML 标签 `$1`"),
    (r"^YAML merge keys \(`<<`\) are not supported$", "不支持 YAML 合并键（`<<`）"),
    (r"^a key must be plain text, not a list or map$", "键必须是普通文本，不能是列表或映射"),
    (r"^alias to an unknown anchor$", "别名指向未知的锚点"),
    (r"^the file is empty; expected (.+)$", "文件为空；应为$1"),
    (r"^the file is (\d+) bytes, over the limit of (\d+) bytes$", "文件大小为 $1 字节，超过 $2 字节的上限"),
    (r"^cannot read: no such file or folder$", "无法读取：文件或文件夹不存在"),
    (r"^cannot read: permission denied$", "无法读取：没有权限"),
    (r"^cannot read: (.+)$", "无法读取：$1"),
    (r"^the file is not valid UTF-8 \(byte (0x[0-9A-F]+)\)$", "文件不是有效的 UTF-8 编码（字节 $1）"),
    (r"^the file contains a NUL byte; is it a binary file\?$", "文件包含 NUL 字节；这是二进制文件吗？"),
    (r"^no policy files \(\*\.yaml, \*\.yml\) in this folder$", "此文件夹中没有政策文件（*.yaml、*.yml）"),
    (r"^refusing to write the output over an input file$", "拒绝用输出覆盖输入文件"),
];

/// Helps, matched line by line.
const HELPS: &[(&str, &str)] = &[
    (r"^did you mean `(.*)`\?$", "您是否想写 `$1`？"),
    (r"^did you mean `(.*)`\? known jurisdictions: (.+)$", "您是否想写 `$1`？已知法域：$2"),
    (r"^known jurisdictions: (.+) \(or a pack loaded with --rules\)$", "已知法域：$1（或用 --rules 加载的规则包）"),
    (
        r"^did you mean `(.*)`\? `watchwise rules list` shows every rule$",
        "您是否想写 `$1`？`watchwise rules list` 可列出全部规则",
    ),
    (r"^`watchwise rules list` shows every rule$", "`watchwise rules list` 可列出全部规则"),
    (r"^accepted values: (.+)$", "可接受的值：$1"),
    (r"^accepted keys in (.+): (.+)$", "$1 中可用的键：$2"),
    (r"^use `(.*)`: `(.*)` is written `(.*)` in this format$", "请使用 `$1`：本格式中 `$2` 写作 `$3`"),
    (r"^`(.*)` belongs under `(.*)`: (.+)$", "`$1` 应放在 `$2` 之下：$3"),
    (r"^give (.+), or remove the key$", "请填写$1，或删除该键"),
    (r"^write it as a list: (.+)$", "请写成列表：$1"),
    (r"^remove the repeated value$", "请删除重复的值"),
    (r"^use lowercase letters, digits and `-`, e\.g\. (.+)$", "请使用小写字母、数字和 `-`，例如 $1"),
    (r"^use lowercase letters, digits and `-`$", "请使用小写字母、数字和 `-`"),
    (r"^remove the quotes: (.+)$", "请去掉引号：$1"),
    (r"^write `true`$", "请写 `true`"),
    (r"^write `false`$", "请写 `false`"),
    (r"^write a real calendar date as YYYY-MM-DD, e\.g\. (.+)$", "请按 YYYY-MM-DD 写一个真实存在的日期，例如 $1"),
    (r"^add `(.*):` \((.+)\): (.+)$", "请添加 `$1:`（$2）：$3"),
    (r"^give each measure its own id$", "请为每项措施设置不同的 id"),
    (r"^say in `description:` what is collected$", "请在 `description:` 中说明收集的内容"),
    (r"^measures in this policy: (.+)$", "本政策中的措施：$1"),
    (
        r"^a key may appear once in a map; remove or merge one of them$",
        "同一映射中的键只能出现一次；请删除或合并其中一个",
    ),
    (r"^split it, or raise the limit with --max-file-size$", "请拆分文件，或用 --max-file-size 提高上限"),
    (r"^save the file as UTF-8; is it a binary file\?$", "请将文件保存为 UTF-8 编码；这是二进制文件吗？"),
    (
        r"^a policy file starts with `version: 1`, then `policy:`, `purpose:` and `measures:`$",
        "政策文件以 `version: 1` 开头，随后是 `policy:`、`purpose:` 和 `measures:`",
    ),
    (
        r"^(.+) was read as a key and value because of the `: `; put the whole text in quotes$",
        "$1 因为其中的 `: ` 被读成了键和值；请给整段文字加上引号",
    ),
];

/// Words inside messages: what a value is, and which part of the file.
const WORDS: &[(&str, &str)] = &[
    ("the policy", "政策文件"),
    ("nothing (null)", "空值"),
    ("a boolean", "布尔值"),
    ("an integer", "整数"),
    ("a number", "数字"),
    ("text", "文本"),
    ("a list", "列表"),
    ("a map", "映射"),
    ("true or false", "true 或 false"),
    ("a date (YYYY-MM-DD)", "日期（YYYY-MM-DD）"),
    ("a measure id", "措施 id"),
    ("a jurisdiction id", "法域 id"),
    ("a policy starting with `version: 1`", "以 `version: 1` 开头的政策"),
];

struct Table(Vec<(Regex, &'static str)>);

fn compile(rows: &[(&str, &'static str)]) -> Table {
    Table(rows.iter().map(|(p, r)| (Regex::new(p).expect("i18n pattern"), *r)).collect())
}

static MESSAGE_TABLE: LazyLock<Table> = LazyLock::new(|| compile(MESSAGES));
static HELP_TABLE: LazyLock<Table> = LazyLock::new(|| compile(HELPS));

fn words(s: &str) -> String {
    let mut out = s.to_string();
    for (en, zh) in WORDS {
        if out == *en {
            return zh.to_string();
        }
        out = out.replace(&format!(" {en}"), &format!(" {zh}"));
    }
    out
}

fn translate(table: &Table, text: &str) -> Option<String> {
    table.0.iter().find(|(re, _)| re.is_match(text)).map(|(re, rep)| {
        let caps = re.captures(text).expect("matched");
        let mut out = String::new();
        caps.expand(rep, &mut out);
        // Captured phrases that are themselves English words get translated too.
        for m in caps.iter().skip(1).flatten() {
            let w = words(m.as_str());
            if w != m.as_str() {
                out = out.replacen(m.as_str(), &w, 1);
            }
        }
        out
    })
}

/// The diagnostic in `lang`; unknown messages stay in English.
pub fn localize(d: &Diagnostic, lang: Lang) -> Diagnostic {
    if lang == Lang::En {
        return d.clone();
    }
    let mut out = d.clone();
    if let Some(m) = translate(&MESSAGE_TABLE, &d.message) {
        out.message = m;
    }
    out.help = d.help.as_ref().map(|h| {
        h.lines()
            .map(|line| translate(&HELP_TABLE, line).unwrap_or_else(|| line.to_string()))
            .collect::<Vec<_>>()
            .join("\n")
    });
    out
}

/// Whether a message has a Chinese form (for the coverage test).
pub fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Span;

    #[test]
    fn translates_messages_and_helps() {
        let d = Diagnostic::error("p.yaml", Span::TOP, "unknown key `retension_days` in a measure")
            .with_help("did you mean `retention_days`?");
        let z = localize(&d, Lang::Zh);
        assert_eq!(z.message, "a measure 中有未知的键 `retension_days`");
        assert_eq!(z.help.as_deref(), Some("您是否想写 `retention_days`？"));
        let d = Diagnostic::error("p.yaml", Span::TOP, "expected a policy (a map with `version: 1`), found a list");
        assert_eq!(localize(&d, Lang::Zh).message, "应为一份政策（以 `version: 1` 开头的映射），实际为列表");
    }
}
