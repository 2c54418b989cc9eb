### English text of every diagnostic: one message per code (`WW0110`), one per
### hint (`hint-...`) and one per word used inside messages (`term-...`).
###
### `{ $name }` is an argument, always given as text; `{"{"}` and `{"}"}` are braces;
### `{" "}` keeps a space at the end. Only plain text and arguments are used:
### docs/diagnostics.md is written from this file, and the tests check that the
### translations use the same arguments.

## YAML (WW01xx)

WW0101 = a second YAML document starts here; a file holds exactly one
WW0102 = unexpected YAML event { $event }
WW0103 = nesting is deeper than the YAML reader's limit
WW0104 = not valid YAML: { $reason }
WW0105 = unexpected end of YAML input
WW0106 = the document has more than { $limit } YAML nodes, the limit
WW0107 = YAML tag `{ $tag }` is not supported here
WW0108 = a key must be plain text, not a list or map
WW0109 = YAML merge keys (`<<`) are not supported
WW0110 = duplicate key `{ $key }` (first given at line { $line })
WW0111 = alias to an unknown anchor
WW0112 = aliases expand to more than { $limit } nodes, the limit (a YAML alias bomb?)
WW0113 = nesting is deeper than { $limit } levels, the limit
WW0114 = aliases copy more than { $limit } bytes of text, the limit
WW0115 = a tab in the indentation: YAML indents with spaces only

## Policy (WW02xx)

WW0201 = expected a policy (a map with `version: 1`), found { $found }
WW0202 = unsupported policy format version `{ $version }`; this watchwise reads version 1
WW0203 = { $place } has no value
WW0204 = { $place } must be a list, found { $found }
WW0205 = { $place } needs at least { $min } entry
WW0206 = `{ $value }` is listed twice in { $place }
WW0207 = { $place } must not be empty
WW0208 = `{ $text }` is not a valid measure id
WW0209 = unknown jurisdiction `{ $text }`
WW0210 = `{ $text }` is not an accepted value for { $place }
WW0211 = { $place } must be a whole number, found `{ $raw }`
WW0212 = { $place } must be a number, found the text "{ $text }"
WW0213 = { $place } must be an integer >= { $min }, found { $found }
WW0214 = { $place } must be { $min } or more, found { $n }
WW0215 = { $place } must be true or false, found { $found }
WW0216 = { $place }: `{ $text }` is not a valid date: expected the form YYYY-MM-DD
WW0217 = { $place }: `{ $text }` is not a valid date: there is no month { $month }
WW0218 = { $place }: `{ $text }` is not a valid date: month { $month } of { $year } has { $days } days
WW0219 = { $place } is longer than { $max } characters, the limit
WW0220 = { $place } must be a single value, found { $found }
WW0221 = { $place } must be a map (keys and values), found { $found }
WW0222 = the policy lists { $count } measures, over the limit of { $max }
WW0223 = { $place } is missing the required key `{ $key }`
WW0224 = unknown key `{ $key }` in { $place }
WW0225 = duplicate measure id `{ $id }` (first used at line { $line })
WW0226 = a measure of kind `other` needs a `description`
WW0227 = waiver names an unknown rule `{ $rule }`
WW0228 = waiver names an unknown measure `{ $measure }`
WW0229 = waiver for { $rule } waives nothing: the rule does not fire here
WW0230 = waiver for { $rule } for measure `{ $measure }` waives nothing: the rule does not fire here
WW0231 = no rule pack for jurisdiction `{ $jurisdiction }` is loaded; only the other packs apply
WW0232 = { $place } must be text, found { $found }
WW0234 = waiver for { $rule } does not apply: the rule cannot be waived, so its finding stays active
WW0235 = waiver for { $rule } does not apply: only the recorded agreement of { $bodies } can set this rule aside (`agreement.body`), so its finding stays active
WW0236 = waiver for { $rule } does not apply: it records the agreement of { $found }, but only { $bodies } can set this rule aside, so its finding stays active
WW0237 = action names an unknown rule `{ $rule }`
WW0238 = action names an unknown measure `{ $measure }`
WW0239 = action id `{ $id }` is already used on line { $line }
WW0240 = `review.representatives` records neither the representatives' `opinion` nor why it was `not_sought`
WW0241 = `review.representatives` records an `opinion` and also that it was `not_sought`
WW0242 = action `{ $id }` for { $rule } was due on { $due } and is { $status }
WW0243 = action `{ $id }` is done, but { $rule } still fires: the policy does not show the change
WW0244 = action `{ $id }` is { $status }, but { $rule } no longer fires
WW0245 = the policy changed after it was signed off: the review's fingerprint is { $recorded }, the policy's is now { $current }
WW0246 = the review records a decision but not the fingerprint of the policy it decided on
WW0247 = the review records a decision but neither the workers' representatives' opinion nor why it was not sought
WW0233 = the first { $max } errors of this file are shown; { $count } more are not, starting here

## Rule packs (WW03xx)

WW0301 = `{ $id }` is not a valid pack id
WW0302 = `{ $text }` is not one of the six categories
WW0303 = `rules` must be a list of rules, found { $found }
WW0304 = pack `{ $pack }` extends unknown pack `{ $extended }`
WW0305 = a condition must be a map, found { $found }
WW0306 = unknown field `{ $field }` (not in the policy format)
WW0307 = `{ $value }` is not a value of `{ $field }`, so this condition could never match
WW0308 = a reference must be text or `{"{"}title, url{"}"}`
WW0309 = case '{ $case }': invalid policy: { $problem }
WW0310 = cannot read rules: no such folder
WW0311 = no rule pack here: neither this folder nor a subfolder has a `pack.yaml`
WW0312 = pack id `{ $id }` is already used by { $origin }
WW0313 = `overrides` must be a list of `{"{"}rule, severity{"}"}`
WW0314 = `{ $id }` is not a valid rule id
WW0315 = `for_each` takes `measure`, found `{ $raw }`
WW0316 = rule { $rule }: `{ $key }`: { $error }
WW0317 = `references` must be a list
WW0318 = `{ $url }` is not a web address
WW0319 = duplicate rule id `{ $id }`
WW0320 = `extends` forms a cycle: { $cycle }
WW0321 = `{ $group }` must stand alone in its condition, found also { $others }
WW0322 = a condition needs `field:` with an operator, or a group (`all`, `any`, `not`, `any_measure`, `all_measures`)
WW0323 = the condition has a `field` but no operator
WW0324 = a condition takes exactly one operator, found { $operators }
WW0325 = `{ $group }` takes a list of conditions, found { $found }
WW0326 = `{ $group }` needs at least one condition
WW0327 = `{ $field }` reads a measure, but this rule has no current measure
WW0328 = `{ $field }` cannot index the list of measures
WW0329 = `{ $field }` names no field
WW0330 = `{ $operator }` does not apply to `{ $field }`, which is { $expected }
WW0331 = `{ $operator }` does not apply to `{ $field }`, which is { $expected }; only `exists` applies to a map
WW0332 = `{ $operator }` does not apply to `{ $field }`, which is { $expected }; use `contains`, `contains_any` or `contains_all` on a list
WW0333 = `{ $operator }` does not apply to `{ $field }`, which is { $expected }; use `contains_any` on a list
WW0334 = `{ $operator }` does not apply to `{ $field }`, which is { $expected }; use `in` for a single value
WW0335 = `{ $operator }` does not apply to `{ $field }`, which is { $expected }; comparisons apply to numbers and dates
WW0336 = `{ $operator }` is not a valid regular expression: { $error }
WW0337 = `{ $operator }` takes true or false, found `{ $raw }`
WW0338 = `{ $operator }` takes a list of values, found { $found }
WW0339 = `{ $operator }` needs at least one value
WW0340 = `{ $field }` is { $expected }; `{ $raw }` does not fit
WW0341 = rule { $rule } can never fire: { $why }
WW0342 = rule { $rule } has no references
WW0343 = rule { $rule } has no Chinese (`zh`) text for { $fields }
WW0344 = `{ $field }` is always present, so `exists: false` is never true
WW0345 = `{ $field }` always has at least { $min } entry, so `empty: true` is never true
WW0346 = `{ $field }` is never empty, so `empty: true` is never true
WW0347 = `{ $field }` is at least { $min }, so `lt: { $n }` is never true
WW0348 = `{ $field }` is at least { $min }, so `lte: { $n }` is never true
WW0349 = `not_in` lists every value of `{ $field }`
WW0350 = two conditions on `{ $field }` in one `all` contradict each other
WW0351 = `{ $field }` is always present, so `not: {"{"}exists: true{"}"}` is never true
WW0352 = rule { $rule } has no test case where it fires
WW0353 = rule { $rule } has no test case where it does not fire
WW0354 = `cases` must be a list of test cases
WW0355 = case '{ $case }' names unknown rule `{ $rule }`
WW0356 = case '{ $case }' expects nothing: add `fires:` or `silent:`
WW0357 = case '{ $case }': expected { $rule } to fire, it did not
WW0358 = case '{ $case }': expected { $rule } not to fire, it did
WW0359 = the loaded packs hold more than { $max } rules, the most one run loads; split them across runs or remove rules no policy needs
WW0360 = rule { $rule } ({ $at }): its `{ $key }` renders longer than { $limit } bytes here, the limit; the policy is not checked
WW0361 = `{ $id }` is not a valid mitigation id
WW0362 = `lowers` takes 1 or 2 (levels), found `{ $raw }`
WW0363 = mitigation id `{ $id }` is used twice
WW0364 = rule { $rule } names unknown mitigation `{ $id }`
WW0365 = rule { $rule } of pack `{ $pack }` names mitigation `{ $id }` of pack `{ $other }`, which is not active wherever `{ $pack }` is; define it in `{ $pack }`, in `core` or in a pack `{ $pack }` extends
WW0366 = rule { $rule } is evaluated once per policy, but mitigation `{ $id }` reads a measure (`for_each: measure`)
WW0367 = rule { $rule } has `mitigable: false`, so it cannot have `{ $key }` too
WW0368 = `waiver` takes `never` or `{"{"}requires: [...]{"}"}`, found { $found }
WW0369 = `{ $body }` is not a body that can agree to a waiver
WW0370 = mitigation `{ $id }` can never apply: { $why }
WW0371 = mitigation `{ $id }` can never apply to rule { $rule }: the rule fires only when `{ $field }` is something the mitigation excludes
WW0372 = mitigation `{ $id }` is named by no rule
WW0373 = rule { $rule }: its floor `{ $floor }` is not below its severity `{ $severity }`, so its mitigations never lower it
WW0374 = case '{ $case }': expected { $rule } at { $expected } after mitigations, found { $found }
WW0375 = rule { $rule }: `applies_in` names unknown pack `{ $pack }`

## Configuration (WW04xx)

WW0401 = override of unknown rule `{ $rule }`
WW0402 = `disable` names unknown rule `{ $rule }`
WW0403 = rule folder `{ $folder }` does not exist
WW0404 = `{ $text }` is not a severity
WW0405 = `lang` is `en` or `zh`, found `{ $raw }`

## Files and output (WW05xx)

WW0501 = the file is empty; expected { $expected }
WW0502 = the file is { $size } bytes, over the limit of { $max } bytes
WW0503 = cannot read standard input: { $error }
WW0504 = cannot read: no such file or folder
WW0505 = cannot read: permission denied
WW0506 = cannot read: { $error }
WW0507 = the file is not valid UTF-8 (byte { $byte })
WW0508 = the file contains a NUL byte; is it a binary file?
WW0509 = no policy files (*.yaml, *.yml) in this folder
WW0510 = refusing to write the output over an input file
WW0511 = cannot write the output: { $error }
WW0512 = not a watchwise baseline: { $error }
WW0513 = unsupported baseline version { $version }
WW0514 = baseline entry { $rule } { $measure } in { $file } matches no finding any more; rewrite the baseline to drop it
WW0515 = not a valid template: { $reason }
WW0516 = the template cannot render: { $reason }
WW0530 = cannot read: this is a folder, not a file
WW0531 = cannot read: not a regular file (a pipe, device or socket)
WW0532 = cannot read this folder: { $error }
WW0533 = this output file is also given for another output (`{ $first }`)
WW0534 = the link leads to `{ $folder }`, a folder already searched; skipped
WW0535 = blocks, subexpressions and partial calls nest deeper than { $limit } levels, the limit
WW0536 = partials call each other in a cycle: { $cycle }
WW0537 = the name of a partial must be written out, not computed (`{ $tag }`)
WW0538 = `@partial-block` is not accepted in a report template: the text it repeats would escape the output limit
WW0539 = rendering takes more than { $limit } steps, the limit (loops inside loops?)
WW0540 = the report would be larger than { $limit } bytes, the limit
WW0541 = the template has { $tags } tags over { $bytes } bytes: the sum of their byte offsets passes { $limit }, the limit of the template compiler; shorten it, or move long text after the last tag

## Command line (WW06xx)

WW0601 = `{ $value }` is not a valid date: { $reason }
WW0602 = `{ $value }` is not a number of threads; give a whole number of at least 1, or unset it
WW0603 = the file exists; `init` never overwrites
WW0604 = OLD and NEW cannot both be standard input
WW0605 = no rule `{ $id }` is loaded
WW0606 = more than one format would go to standard output

## Hints

hint-remove-document-marker = remove the `---` line, or split the documents into separate files
hint-remove-tag = remove the tag; only plain values are read
hint-write-keys-out = write the keys out in full
hint-key-once = a key may appear once in a map; remove or merge one of them
hint-split-or-raise-limit = split it, or raise the limit with --max-file-size
hint-stdin-too-large = standard input is larger than the limit
hint-save-as-utf8 = save the file as UTF-8; is it a binary file?
hint-write-baseline = write one with `watchwise check --write-baseline FILE`
hint-policy-start = a policy file starts with `version: 1`, then `policy:`, `purpose:` and `measures:`
hint-give-value = give { $expected }, or remove the key
hint-write-as-list = write it as a list: `[{ $text }]`
hint-takes = { $place } takes { $expected }
hint-remove-repeated = remove the repeated value
hint-id-chars = use lowercase letters, digits and `-`
hint-id-chars-example = use lowercase letters, digits and `-`, e.g. `{ $example }`
hint-did-you-mean-jurisdiction = did you mean `{ $suggestion }`? known jurisdictions: { $known }
hint-known-jurisdictions = known jurisdictions: { $known } (or a pack loaded with --rules)
hint-synonym = use `{ $suggestion }`: `{ $text }` is written `{ $suggestion }` in this format
hint-did-you-mean = did you mean `{ $suggestion }`?
hint-accepted-values = accepted values: { $values }
hint-remove-quotes = remove the quotes: `{ $text }`
hint-write-true = write `true`
hint-write-false = write `false`
hint-real-date = write a real calendar date as YYYY-MM-DD, e.g. 2026-03-01
hint-colon-in-text = `{ $key }: ...` was read as a key and value because of the `: `; put the whole text in quotes
hint-indent-with-spaces = use spaces: replace the tab with as many spaces as the lines around it use
hint-add-key = add `{ $key }:` ({ $expected }): { $doc }
hint-belongs-under = `{ $key }` belongs under `{ $parent }`: `{ $parent }: {"{"} { $key }: ... {"}"}`
hint-accepted-keys-in = accepted keys in { $place }: { $keys }
hint-accepted-keys = accepted keys: { $keys }
hint-own-id = give each measure its own id
hint-own-action-id = give each action its own id
hint-opinion-or-not-sought = write the representatives' `opinion`, or under `not_sought` why they were not asked
hint-update-due-or-status = agree a new `due` date, or update `status` if it is done
hint-show-the-change = make the change in the policy (`watchwise plan` shows what clears the finding), or set the status back to `in_progress`
hint-mark-done = if the change is made, set `status: done` and record the `evidence`
hint-sign-off-again = review the changes and sign off again: `watchwise fingerprint { $file }` prints the new fingerprint
hint-record-fingerprint = add `fingerprint:` with the output of `watchwise fingerprint { $file }`
hint-record-representatives = add `review.representatives` with their `opinion`, or under `not_sought` why they were not asked
hint-say-what-is-collected = say in `description:` what is collected
hint-did-you-mean-rule = did you mean `{ $suggestion }`? `watchwise rules list` shows every rule
hint-rules-list-shows-all = `watchwise rules list` shows every rule
hint-measures-here = measures in this policy: { $ids }
hint-no-measures-here = measures in this policy:{" "}
hint-loaded-rules-list = `watchwise rules list` shows the loaded rules
hint-relative-paths = paths in { $file } are relative to its folder: { $path }
hint-use-severity-or-never = use { $names } or `never`
hint-use-one-of = use { $names }
hint-loaded-packs = loaded packs: { $ids }
hint-condition-keys = a condition has `field` and one of { $operators }; or one of { $groups }
hint-condition-shape = write `field:` with one operator, or `all:`, `any:`, `not:`, `any_measure:`, `all_measures:`
hint-fields-here = fields here: { $fields }
hint-no-fields-below = `{ $path }` has no fields below it
hint-pack-layout = a pack is a folder with `pack.yaml` and rule files; see `rules/core`
hint-rule-id-form = rule ids look like `PRV-001` or `ACME-CAM-1`: capitals and digits in dash-separated parts
hint-remove-for-each = remove `for_each` for a rule evaluated once per policy
hint-reference-url = a reference url starts with https://
hint-first-defined-at = first defined at { $file }:{ $line }:{ $column }
hint-mitigation-id-form = mitigation ids look like `human-review`: lowercase letters and digits in dash-separated parts
hint-mitigations-list-shows-all = `watchwise rules doc` lists every mitigation
hint-wrap-in-all-or-any = wrap several conditions in `all:` or `any:`
hint-operators = operators: { $operators }
hint-add-for-each = add `for_each: measure` to the rule, or put the condition inside `any_measure:` or `all_measures:`
hint-use-for-each = use `for_each: measure` with `measure.<field>`, or `any_measure:`/`all_measures:`
hint-write-operator-list = write `{ $operator }: [{ $raw }]`
hint-cite-sources = cite the law, guidance or decision the rule rests on under `references:`
hint-add-case = add a case to { $folder }/tests/ that lists it under `{ $list }`
hint-no-rule-fired = no rule fired
hint-fired = fired: { $rules }
hint-fired-with = it fired at { $path } with: { $message }
hint-choose-another-name = choose another name, or remove the file first
hint-give-formats-files = give all but one of them a file: `--format sarif=watchwise.sarif`
hint-pipe-to-stdin = to read from a pipe, give `-` and send the data to standard input

## Terms: words inside messages, given as arguments

term-the-policy = the policy
term-policy-document = a policy starting with `version: 1`
term-null = nothing (null)
term-boolean = a boolean
term-integer = an integer
term-number = a number
term-text = text
term-list = a list
term-map = a map
term-true-or-false = true or false
term-date = a date (YYYY-MM-DD)
term-measure-id = a measure id
term-rule-id = a rule id
term-jurisdiction-id = a jurisdiction id
term-int-at-least = an integer >= { $min }
term-version = the integer 1
term-vocabulary = one of a fixed vocabulary
term-vocabulary-values = vocabulary values
term-maps = maps
term-list-of = a list of { $item }
term-list-of-int-at-least = a list of an integer >= { $min }
