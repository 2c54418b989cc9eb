### Chinese (`--lang zh`): the same ids as en.ftl. An id that is missing here is
### shown in English, and so are the words and messages given as its arguments;
### the list at the end says which on purpose.

## YAML (WW01xx)

WW0101 = 此处开始了第二个 YAML 文档；一个文件只能有一个文档
WW0103 = 嵌套层数超过 YAML 解析器的上限
WW0104 = 不是有效的 YAML：{ $reason }
WW0106 = 文档的 YAML 节点超过 { $limit } 个的上限
WW0107 = 此处不支持 YAML 标签 `{ $tag }`
WW0108 = 键必须是普通文本，不能是列表或映射
WW0109 = 不支持 YAML 合并键（`<<`）
WW0110 = 键 `{ $key }` 重复（第 { $line } 行已出现）
WW0111 = 别名指向未知的锚点
WW0112 = 别名展开后超过 { $limit } 个节点的上限（YAML 别名炸弹？）
WW0113 = 嵌套超过 { $limit } 层的上限
WW0114 = 别名复制的文本超过 { $limit } 字节的上限
WW0115 = 缩进里有制表符：YAML 只能用空格缩进

## Policy (WW02xx)

WW0201 = 应为一份政策（以 `version: 1` 开头的映射），实际为{ $found }
WW0202 = 不支持的政策格式版本 `{ $version }`；本工具读取版本 1
WW0203 = { $place } 没有值
WW0204 = { $place } 应为列表，实际为{ $found }
WW0205 = { $place } 至少需要 { $min } 项
WW0206 = `{ $value }` 在 { $place } 中重复出现
WW0207 = { $place } 不能为空
WW0208 = `{ $text }` 不是有效的措施 id
WW0209 = 未知的法域 `{ $text }`
WW0210 = `{ $text }` 不是 { $place } 可接受的值
WW0211 = { $place } 应为整数，实际为 `{ $raw }`
WW0212 = { $place } 应为数字，实际为文本 "{ $text }"
WW0213 = { $place } 应为不小于 { $min } 的整数，实际为 { $found }
WW0214 = { $place } 应不小于 { $min }，实际为 { $n }
WW0215 = { $place } 应为 true 或 false，实际为 { $found }
WW0216 = { $place }：`{ $text }` 不是有效日期：应为 YYYY-MM-DD 格式
WW0217 = { $place }：`{ $text }` 不是有效日期：没有第 { $month } 月
WW0218 = { $place }：`{ $text }` 不是有效日期：{ $year } 年 { $month } 月只有 { $days } 天
WW0219 = { $place } 超过 { $max } 个字符的上限
# Word for word what watchwise prints; `{ $place } 应为单个值，实际为{ $found }` and
# `{ $place } 应为映射（键和值），实际为{ $found }` would read better but change the output.
WW0220 = { $place } 应为 a single value，实际为 { $found }
WW0221 = { $place } 应为 a map (keys and values)，实际为 { $found }
WW0222 = 政策列出了 { $count } 项措施，超过 { $max } 项的上限
WW0223 = { $place } 缺少必填键 `{ $key }`
WW0224 = { $place } 中有未知的键 `{ $key }`
WW0225 = 措施 id `{ $id }` 重复（第 { $line } 行已使用）
WW0226 = 类型为 `other` 的措施需要填写 `description`
WW0227 = 豁免引用了未知的规则 `{ $rule }`
WW0228 = 豁免引用了未知的措施 `{ $measure }`
WW0234 = 对 { $rule } 的豁免无效：该规则不可豁免，相关发现仍然有效
WW0235 = 对 { $rule } 的豁免无效：只有记录在案的 { $bodies } 的同意（`agreement.body`）才能豁免该规则，相关发现仍然有效
WW0236 = 对 { $rule } 的豁免无效：豁免记录的是 { $found } 的同意，但只有 { $bodies } 才能豁免该规则，相关发现仍然有效
WW0237 = 行动引用了未知的规则 `{ $rule }`
WW0238 = 行动引用了未知的措施 `{ $measure }`
WW0239 = 行动 id `{ $id }` 已在第 { $line } 行使用
WW0240 = `review.representatives` 既未记录职工代表的意见（`opinion`），也未说明为何未征求意见（`not_sought`）
WW0241 = `review.representatives` 同时记录了意见（`opinion`）和未征求意见（`not_sought`）
WW0242 = 针对 { $rule } 的行动 `{ $id }` 应于 { $due } 完成，目前状态为 { $status }
WW0243 = 行动 `{ $id }` 已标记为完成，但 { $rule } 仍然触发：政策中看不到这项变更
WW0244 = 行动 `{ $id }` 状态为 { $status }，但 { $rule } 已不再触发
WW0245 = 政策在签批后已被修改：审查记录的指纹为 { $recorded }，政策当前的指纹为 { $current }
WW0246 = 审查记录了决定，但未记录所决定的政策版本的指纹
WW0247 = 审查记录了决定，但既未记录职工代表的意见，也未说明为何未征求意见
WW0229 = 对 { $rule } 的豁免没有作用：该规则在此并未触发
# Does not repeat the measure.
WW0230 = 对 { $rule } 的豁免没有作用：该规则在此并未触发
WW0231 = 未加载法域 `{ $jurisdiction }` 的规则包；仅适用其他规则包
WW0232 = { $place } 应为 文本，实际为 { $found }
WW0233 = 只显示本文件的前 { $max } 个错误；另有 { $count } 个未显示，从此处开始

## Rule packs (WW03xx)

WW0303 = `rules` 应为 a list of rules，实际为 { $found }
WW0305 = a condition 应为 映射，实际为 { $found }
WW0359 = 已加载的规则包共有超过 { $max } 条规则，超出单次运行可加载的上限；请分多次运行，或删除没有政策需要的规则
WW0360 = 规则 { $rule }（{ $at }）：其 `{ $key }` 在此处渲染后超过 { $limit } 字节的上限；该政策未被检查

## Configuration (WW04xx)


## Files and output (WW05xx)

WW0501 = 文件为空；应为{ $expected }
WW0502 = 文件大小为 { $size } 字节，超过 { $max } 字节的上限
WW0504 = 无法读取：文件或文件夹不存在
WW0505 = 无法读取：没有权限
WW0506 = 无法读取：{ $error }
WW0507 = 文件不是有效的 UTF-8 编码（字节 { $byte }）
WW0508 = 文件包含 NUL 字节；这是二进制文件吗？
WW0509 = 此文件夹中没有政策文件（*.yaml、*.yml）
WW0510 = 拒绝用输出覆盖输入文件
WW0530 = 无法读取：这是文件夹，不是文件
WW0531 = 无法读取：不是普通文件（而是管道、设备或套接字）
WW0532 = 无法读取此文件夹：{ $error }
WW0533 = 此输出文件已用于另一个输出（`{ $first }`）
WW0534 = 该链接指向已搜索过的文件夹 `{ $folder }`；已跳过
WW0535 = 块、子表达式和局部模板调用的嵌套超过 { $limit } 层的上限
WW0536 = 局部模板相互调用，形成循环：{ $cycle }
WW0537 = 局部模板的名称必须直接写出，不能计算得出（`{ $tag }`）
WW0538 = 报告模板不接受 `@partial-block`：它重复的文本会绕过输出上限
WW0539 = 渲染超过 { $limit } 步的上限（循环套循环？）
WW0540 = 报告将超过 { $limit } 字节的上限
WW0541 = 模板在 { $bytes } 字节中含有 { $tags } 个标签：其字节偏移量之和超过模板编译器的上限 { $limit }；请缩短模板，或把长文本移到最后一个标签之后

## Command line (WW06xx)


## Hints

hint-key-once = 同一映射中的键只能出现一次；请删除或合并其中一个
hint-split-or-raise-limit = 请拆分文件，或用 --max-file-size 提高上限
hint-save-as-utf8 = 请将文件保存为 UTF-8 编码；这是二进制文件吗？
hint-policy-start = 政策文件以 `version: 1` 开头，随后是 `policy:`、`purpose:` 和 `measures:`
hint-give-value = 请填写{ $expected }，或删除该键
hint-write-as-list = 请写成列表：`[{ $text }]`
hint-remove-repeated = 请删除重复的值
hint-id-chars = 请使用小写字母、数字和 `-`
hint-id-chars-example = 请使用小写字母、数字和 `-`，例如 `{ $example }`
hint-did-you-mean-jurisdiction = 您是否想写 `{ $suggestion }`？已知法域：{ $known }
hint-known-jurisdictions = 已知法域：{ $known }（或用 --rules 加载的规则包）
hint-synonym = 请使用 `{ $suggestion }`：本格式中 `{ $text }` 写作 `{ $suggestion }`
hint-did-you-mean = 您是否想写 `{ $suggestion }`？
hint-accepted-values = 可接受的值：{ $values }
hint-remove-quotes = 请去掉引号：`{ $text }`
hint-write-true = 请写 `true`
hint-write-false = 请写 `false`
hint-real-date = 请按 YYYY-MM-DD 写一个真实存在的日期，例如 2026-03-01
hint-colon-in-text = `{ $key }: ...` 因为其中的 `: ` 被读成了键和值；请给整段文字加上引号
hint-indent-with-spaces = 请用空格：把制表符换成与上下行相同数量的空格
hint-add-key = 请添加 `{ $key }:`（{ $expected }）：{ $doc }
hint-belongs-under = `{ $key }` 应放在 `{ $parent }` 之下：`{ $parent }: {"{"} { $key }: ... {"}"}`
hint-accepted-keys-in = { $place } 中可用的键：{ $keys }
hint-own-id = 请为每项措施设置不同的 id
hint-own-action-id = 请为每项行动设置不同的 id
hint-opinion-or-not-sought = 请写明职工代表的意见（`opinion`），或在 `not_sought` 下说明为何未征求意见
hint-update-due-or-status = 请约定新的完成日期（`due`），如已完成请更新 `status`
hint-show-the-change = 请在政策中做出这项变更（`watchwise plan` 会列出可消除该发现的变更），或将状态改回 `in_progress`
hint-mark-done = 如变更已完成，请设置 `status: done` 并记录证据（`evidence`）
hint-sign-off-again = 请审查这些变更并重新签批：`watchwise fingerprint { $file }` 会输出新的指纹
hint-record-fingerprint = 请添加 `fingerprint:`，值为 `watchwise fingerprint { $file }` 的输出
hint-record-representatives = 请添加 `review.representatives`，写明其意见（`opinion`），或在 `not_sought` 下说明为何未征求意见
hint-say-what-is-collected = 请在 `description:` 中说明收集的内容
hint-did-you-mean-rule = 您是否想写 `{ $suggestion }`？`watchwise rules list` 可列出全部规则
hint-rules-list-shows-all = `watchwise rules list` 可列出全部规则
hint-measures-here = 本政策中的措施：{ $ids }
hint-pipe-to-stdin = 如需从管道读取，请给出 `-` 并将数据送入标准输入

## Terms: words inside messages, given as arguments

term-the-policy = 政策文件
term-policy-document = 以 `version: 1` 开头的政策
term-null = 空值
term-boolean = 布尔值
term-integer = 整数
term-number = 数字
term-text = 文本
term-list = 列表
term-map = 映射
term-true-or-false = true 或 false
term-date = 日期（YYYY-MM-DD）
term-measure-id = 措施 id
term-jurisdiction-id = 法域 id
# "a list of" is still English here, as watchwise prints it.
term-list-of = a list of { $item }
term-list-of-int-at-least = a list of 整数 >= { $min }

## Not translated yet: shown in English. An id leaves this list when it gets
## Chinese above; a new id in en.ftl gets Chinese or joins this list.

# untranslated: WW0102 WW0105 WW0301 WW0302 WW0304 WW0306 WW0307 WW0308 WW0309 WW0310
# untranslated: WW0311 WW0312 WW0313 WW0314 WW0315 WW0316 WW0317 WW0318 WW0319 WW0320
# untranslated: WW0321 WW0322 WW0323 WW0324 WW0325 WW0326 WW0327 WW0328 WW0329 WW0330
# untranslated: WW0331 WW0332 WW0333 WW0334 WW0335 WW0336 WW0337 WW0338 WW0339 WW0340
# untranslated: WW0341 WW0342 WW0343 WW0344 WW0345 WW0346 WW0347 WW0348 WW0349 WW0350
# untranslated: WW0351 WW0352 WW0353 WW0354 WW0355 WW0356 WW0357 WW0358 WW0401 WW0402
# untranslated: WW0403 WW0404 WW0405 WW0503 WW0511 WW0512 WW0513 WW0514 WW0515 WW0516
# untranslated: WW0601 WW0602 WW0603 WW0604 WW0605 WW0606
# untranslated: WW0361 WW0362 WW0363 WW0364 WW0365 WW0366 WW0367 WW0368 WW0369 WW0370
# untranslated: WW0371 WW0372 WW0373 WW0374 WW0375
# untranslated: hint-mitigation-id-form hint-mitigations-list-shows-all
# untranslated: hint-remove-document-marker hint-remove-tag hint-write-keys-out
# untranslated: hint-stdin-too-large hint-write-baseline hint-takes hint-accepted-keys
# untranslated: hint-no-measures-here hint-loaded-rules-list hint-relative-paths
# untranslated: hint-use-severity-or-never hint-use-one-of hint-loaded-packs
# untranslated: hint-condition-keys hint-condition-shape hint-fields-here
# untranslated: hint-no-fields-below hint-pack-layout hint-rule-id-form
# untranslated: hint-remove-for-each hint-reference-url hint-first-defined-at
# untranslated: hint-wrap-in-all-or-any hint-operators hint-add-for-each
# untranslated: hint-use-for-each hint-write-operator-list hint-cite-sources
# untranslated: hint-add-case hint-no-rule-fired hint-fired hint-fired-with
# untranslated: hint-choose-another-name hint-give-formats-files
# untranslated: term-rule-id term-int-at-least term-version term-vocabulary
# untranslated: term-vocabulary-values term-maps
