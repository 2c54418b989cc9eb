//! The closed vocabularies of policy format version 1: every word with what it
//! means. The meanings are the reference for HR readers and rule authors; they feed
//! `docs/vocabulary.md` ([`super::reference::markdown`]) and the descriptions in
//! `watchwise schema`, so they are written once, beside the words.

/// A vocabulary's words, in the order of its table (the order is part of the
/// format: `condition.rs` numbers measure kinds by their place in [`KINDS`]).
const fn words<const N: usize>(table: &[(&'static str, &'static str)]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = table[i].0;
        i += 1;
    }
    out
}

pub const JURISDICTION_MEANINGS: &[(&str, &str)] = &[
    ("eu", "European Union: the GDPR, the AI Act and ECHR Art 8; the de, fr, it and es packs build on it."),
    ("uk", "United Kingdom: UK GDPR and the Data Protection Act 2018 as the ICO applies them to monitoring."),
    ("de", "Germany: BDSG §26 and works-council co-determination (BetrVG §87), on top of eu."),
    ("fr", "France: the Code du travail and the CNIL's rules on workplace monitoring, on top of eu."),
    ("it", "Italy: the Workers' Statute (Art 4 remote monitoring, Art 8 opinions), on top of eu."),
    ("es", "Spain: the digital rights at work of the LOPDGDD (Arts 87-90), on top of eu."),
    ("us-ny", "New York State: the electronic-monitoring notice of Civil Rights Law §52-c."),
    (
        "us-ct",
        "Connecticut: prior notice of electronic monitoring (§31-48d) and the ban on surveillance of restrooms, locker rooms and lounges.",
    ),
    ("us-de", "Delaware: the notice required before monitoring telephone, email or internet use (19 Del. C. §705)."),
    ("us-il", "Illinois: the Biometric Information Privacy Act (BIPA)."),
    (
        "us-ca",
        "California: Labor Code §435, the CCPA/CPRA, the CPPA rules on automated decisions and all-party consent to record (Penal Code §632).",
    ),
    (
        "cn",
        "China: the Personal Information Protection Law (PIPL), the face-recognition measures and Labour Contract Law Art 4.",
    ),
];
pub const JURISDICTIONS: &[&str] = &words::<{ JURISDICTION_MEANINGS.len() }>(JURISDICTION_MEANINGS);

/// Names people write for a place, with its pack id: `germany` or `Deutschland` for
/// `de`. Tried after the ids, so that a typo of an id is still suggested as one.
const PLACE_NAMES: &[(&str, &str)] = &[
    ("europe", "eu"),
    ("european_union", "eu"),
    ("britain", "uk"),
    ("great_britain", "uk"),
    ("england", "uk"),
    ("united_kingdom", "uk"),
    ("gb", "uk"),
    ("germany", "de"),
    ("deutschland", "de"),
    ("france", "fr"),
    ("italy", "it"),
    ("italia", "it"),
    ("spain", "es"),
    ("espana", "es"),
    ("españa", "es"),
    ("new_york", "us-ny"),
    ("connecticut", "us-ct"),
    ("delaware", "us-de"),
    ("illinois", "us-il"),
    ("california", "us-ca"),
    ("china", "cn"),
    ("中国", "cn"),
];

/// The jurisdiction to suggest for `text`: the closest id among `known`, or the id
/// of the place it names (`germany` -> `de`).
pub fn suggest_jurisdiction<'a>(text: &str, known: &[&'a str]) -> Option<&'a str> {
    if let Some(s) = crate::diag::did_you_mean(text, known.iter().copied()) {
        return Some(s);
    }
    let names = PLACE_NAMES.iter().map(|(name, _)| *name);
    let name = crate::diag::did_you_mean(text, names)?;
    let id = PLACE_NAMES.iter().find(|(n, _)| *n == name).map(|(_, id)| *id)?;
    known.iter().copied().find(|k| *k == id)
}

const REPRESENTATION_MEANINGS: &[(&str, &str)] = &[
    ("none", "No body represents the workers in scope."),
    (
        "works_council",
        "An elected works council (e.g. a German Betriebsrat) with rights of information and co-determination.",
    ),
    ("union", "A recognised trade union that bargains for the workers."),
    ("staff_committee", "An elected staff committee without union status (e.g. a French CSE)."),
    (
        "staff_congress",
        "A workers' congress (职工代表大会) of the kind Chinese labour law consults on workplace rules.",
    ),
];
pub const REPRESENTATION: &[&str] = &words::<{ REPRESENTATION_MEANINGS.len() }>(REPRESENTATION_MEANINGS);

const GOAL_MEANINGS: &[(&str, &str)] = &[
    ("security", "Protect premises, systems and people against intrusion, attack or unauthorised access."),
    ("safety", "Prevent accidents and injuries (health and safety at work)."),
    ("theft_prevention", "Deter or detect theft of stock, cash or property in general, with no particular suspect."),
    ("legal_compliance", "Meet a recording or monitoring duty that a law or regulator imposes."),
    ("quality_assurance", "Check and improve the quality of the work or service (e.g. call quality)."),
    ("training", "Coach workers or produce training material."),
    ("productivity", "Measure or raise how much work gets done."),
    ("performance_evaluation", "Assess individual workers' performance, e.g. in appraisals."),
    ("attendance", "Record who is at work and when (time and attendance)."),
    ("investigation", "Investigate a specific suspected breach or offence."),
    ("data_loss_prevention", "Stop confidential data leaving the organisation."),
];
pub const GOALS: &[&str] = &words::<{ GOAL_MEANINGS.len() }>(GOAL_MEANINGS);

const LEGAL_BASIS_MEANINGS: &[(&str, &str)] = &[
    ("consent", "The workers' consent; it counts only if freely given, which the dependence of employment makes hard."),
    ("contract", "Necessary to perform the employment contract."),
    ("legal_obligation", "Necessary to comply with a legal obligation of the employer."),
    (
        "legitimate_interest",
        "The employer's legitimate interests, balanced against the workers' rights (GDPR Art 6(1)(f)).",
    ),
    ("vital_interest", "Necessary to protect someone's life or physical safety."),
    ("public_task", "Necessary for a task in the public interest or for official authority (public employers)."),
    (
        "hr_management",
        "Necessary for human-resources management under lawfully adopted labour rules and collective contracts (PIPL Art 13(1)(2)).",
    ),
];
pub const LEGAL_BASES: &[&str] = &words::<{ LEGAL_BASIS_MEANINGS.len() }>(LEGAL_BASIS_MEANINGS);

const KIND_MEANINGS: &[(&str, &str)] = &[
    ("video", "Cameras (CCTV) filming a place or the people in it; a camera on a worker's computer is webcam."),
    ("webcam", "The camera of a worker's computer, used to watch or photograph the worker."),
    ("audio", "Microphones recording or transmitting speech or sound in a place."),
    ("phone_calls", "Recording or listening to telephone calls."),
    ("screen_capture", "Screenshots or recordings of what is on a worker's screen: the content itself."),
    ("keystrokes", "Logging the keys typed (keylogging), which captures what is written."),
    (
        "input_activity",
        "Whether the keyboard and mouse are in use (activity levels, idle detection), not what is typed.",
    ),
    ("app_usage", "Which applications and windows are used and for how long, not their content."),
    ("web_browsing", "Which websites are visited (URLs, time spent)."),
    ("email_content", "Reading the bodies and attachments of emails."),
    ("chat_content", "Reading the text of instant messages and chats."),
    ("communications_metadata", "Who contacts whom, when and how often (email, phone, chat), without the content."),
    ("file_activity", "Which files are opened, copied, moved or deleted."),
    ("network_traffic", "Inspecting the traffic on the employer's network."),
    ("location", "Tracking where a worker is (GPS, phone or Wi-Fi positioning)."),
    ("vehicle_telematics", "Data from a vehicle: position, speed, braking, driving hours."),
    ("access_badge", "Badges or cards that log entry to buildings and rooms."),
    ("biometric_fingerprint", "Fingerprint or hand scans that identify workers, e.g. at a time clock."),
    ("biometric_face", "Face recognition: identifying or verifying workers from their face."),
    ("emotion_recognition", "Inferring emotions, mood or attention from face, voice or behaviour."),
    ("productivity_scoring", "Software that turns activity data into productivity scores or ratings of workers."),
    ("social_media", "Watching workers' social-media accounts or posts."),
    ("health_data", "Collecting health information (temperatures, tests, wellness or fitness data)."),
    ("other", "Anything else; the measure's description must say what is collected."),
];
pub const KINDS: &[&str] = &words::<{ KIND_MEANINGS.len() }>(KIND_MEANINGS);

const LOCATION_MEANINGS: &[(&str, &str)] = &[
    ("open_office", "A shared office floor where many people work."),
    ("private_office", "An office used by one person or a small closed team."),
    ("meeting_room", "A room for meetings and discussions."),
    ("production_floor", "A factory or workshop floor where goods are made."),
    ("warehouse", "Storage and picking areas of a warehouse."),
    ("loading_bay", "Where goods are loaded and unloaded, often with vehicles."),
    ("retail_floor", "The sales area of a shop, open to customers."),
    ("cash_desk", "Tills and checkouts where money changes hands."),
    ("reception", "The front desk or lobby where visitors arrive."),
    ("entrance", "Doors, gates and entrances to the premises."),
    ("corridor", "Corridors, stairs and passages between rooms."),
    ("stockroom", "A back room where a shop keeps its stock."),
    ("server_room", "A room holding servers and network equipment."),
    ("parking", "Car parks used by workers or visitors."),
    ("canteen", "Where workers eat: canteen, cafeteria, kitchen."),
    ("break_room", "A room or area where workers rest during breaks."),
    ("restroom", "Toilets and washrooms."),
    ("changing_room", "Where workers change clothes or shower."),
    ("locker_room", "Where workers keep personal belongings in lockers."),
    ("prayer_room", "A room for prayer or quiet reflection."),
    ("medical_room", "A first-aid room or occupational-health clinic."),
    ("lactation_room", "A private room for expressing or feeding breast milk."),
    ("union_office", "The premises of a union or the workers' representatives."),
    ("employee_home", "A worker's home, when working from there."),
    ("company_vehicle", "A vehicle the employer provides for work."),
    ("personal_vehicle", "A worker's own vehicle, even when used for work."),
    ("public_space", "Streets and other public places outside the premises."),
    ("online", "Digital systems only (accounts, software, networks): no physical place."),
];
pub const LOCATIONS: &[&str] = &words::<{ LOCATION_MEANINGS.len() }>(LOCATION_MEANINGS);

const DEVICE_MEANINGS: &[(&str, &str)] = &[
    ("company", "Only devices the employer owns and provides."),
    ("personal", "Workers' own devices (bring your own device)."),
    ("both", "Company and personal devices."),
];
pub const DEVICES: &[&str] = &words::<{ DEVICE_MEANINGS.len() }>(DEVICE_MEANINGS);

const SUBJECT_MEANINGS: &[(&str, &str)] = &[
    ("all_workers", "Everyone in the policy's scope, without distinction."),
    ("role_based", "Workers in particular roles or teams only (e.g. drivers, cashiers)."),
    (
        "named_individuals",
        "Specific workers chosen by name rather than by role, whether or not they are suspected of anything.",
    ),
    ("under_investigation", "Only people suspected in a specific, documented investigation."),
];
pub const SUBJECTS: &[&str] = &words::<{ SUBJECT_MEANINGS.len() }>(SUBJECT_MEANINGS);

const TIMING_MODE_MEANINGS: &[(&str, &str)] = &[
    ("continuous", "Without a break: there is no period in which workers are not observed."),
    ("working_hours", "Throughout working hours, and only then."),
    ("sampled", "Random or periodic samples (e.g. a share of calls, spot checks)."),
    ("scheduled", "At set, announced times (e.g. a weekly audit)."),
    ("on_trigger", "Only when a defined event occurs (an alarm, an incident, a rule match)."),
];
pub const TIMING_MODES: &[&str] = &words::<{ TIMING_MODE_MEANINGS.len() }>(TIMING_MODE_MEANINGS);

const ROLE_MEANINGS: &[(&str, &str)] = &[
    ("security", "The security team or guards."),
    ("hr", "Human resources staff."),
    ("line_manager", "The worker's direct manager or supervisor."),
    ("senior_management", "Directors and executives above line managers."),
    ("it", "IT and system administrators."),
    ("legal", "The legal or compliance team."),
    ("dpo", "The data protection officer (or the person in charge of personal information)."),
    ("external_vendor", "People at an outside company, such as the monitoring vendor."),
    ("worker_self", "The monitored worker, seeing their own data."),
];
pub const ROLES: &[&str] = &words::<{ ROLE_MEANINGS.len() }>(ROLE_MEANINGS);

const SPECIAL_CATEGORY_MEANINGS: &[(&str, &str)] = &[
    ("biometric", "Fingerprints, face geometry, voiceprints and other data that identify a person by their body."),
    ("health", "Physical or mental health, disability, illness, pregnancy."),
    ("religion", "Religious or philosophical beliefs and practice."),
    ("union_membership", "Trade-union membership or activity."),
    ("political_opinion", "Political opinions or activity."),
    ("ethnic_origin", "Racial or ethnic origin."),
    ("sex_life", "Sex life or sexual orientation."),
    ("minors", "Data about people under 18 (under 14, sensitive personal information under PIPL)."),
];
pub const SPECIAL_CATEGORIES: &[&str] = &words::<{ SPECIAL_CATEGORY_MEANINGS.len() }>(SPECIAL_CATEGORY_MEANINGS);

const USE_MEANINGS: &[(&str, &str)] = &[
    ("security", "Protecting premises, systems and people."),
    ("safety", "Preventing or reviewing accidents and injuries."),
    ("theft_investigation", "Investigating a theft or loss that has occurred."),
    ("legal_compliance", "Evidence or records a law or regulator requires."),
    ("quality_assurance", "Checking and improving the quality of work or service."),
    ("training", "Coaching workers or making training material."),
    ("performance_evaluation", "Appraising individual workers' performance."),
    ("productivity_ranking", "Ranking or comparing workers by measured productivity."),
    ("discipline", "Warnings and other disciplinary action."),
    ("dismissal", "Decisions to dismiss workers."),
    ("pay", "Setting pay, bonuses or deductions."),
    ("promotion", "Decisions on promotion or career progression."),
    ("scheduling", "Planning shifts, rotas and workload."),
    ("attendance", "Recording working time and absence."),
];
pub const USES: &[&str] = &words::<{ USE_MEANINGS.len() }>(USE_MEANINGS);

const NOTICE_MEANINGS: &[(&str, &str)] = &[
    ("none", "Workers are not told."),
    ("verbal", "Workers are told orally only (a meeting, a briefing)."),
    ("written", "Workers receive a written notice, without confirming that they received it."),
    ("written_acknowledged", "Workers receive a written notice and sign or confirm that they received it."),
];
pub const NOTICE: &[&str] = &words::<{ NOTICE_MEANINGS.len() }>(NOTICE_MEANINGS);

const NOTICE_COVERS_MEANINGS: &[(&str, &str)] = &[
    ("purpose", "Why the monitoring takes place."),
    ("measures", "What is monitored, how, where and when."),
    ("retention", "How long the data is kept."),
    ("access", "Who can see the data."),
    ("rights", "The workers' rights (access, objection, correction, complaint) and how to use them."),
    ("contact", "The employer's name and contact details, and the data protection officer's where there is one."),
    ("decisions", "Automated decisions: which ones, their logic and their consequences for workers."),
    ("transfers", "Transfers of the data abroad: where to, to whom and on what legal ground."),
];
pub const NOTICE_COVERS: &[&str] = &words::<{ NOTICE_COVERS_MEANINGS.len() }>(NOTICE_COVERS_MEANINGS);

const IMPACT_ASSESSMENT_MEANINGS: &[(&str, &str)] = &[
    ("none", "No impact assessment has been made."),
    ("in_progress", "An impact assessment has started but is not finished."),
    ("completed", "An impact assessment (DPIA, PIPL PIA) has been completed."),
];
pub const IMPACT_ASSESSMENT: &[&str] = &words::<{ IMPACT_ASSESSMENT_MEANINGS.len() }>(IMPACT_ASSESSMENT_MEANINGS);

const REPRESENTATIVES_MEANINGS: &[(&str, &str)] = &[
    ("not_involved", "The workers' representatives were not involved."),
    ("informed", "The representatives were told, but not asked for their view."),
    ("consulted", "The representatives were asked for their view before the decision."),
    ("agreement", "The representatives agreed to the policy (e.g. a works agreement)."),
];
pub const REPRESENTATIVES: &[&str] = &words::<{ REPRESENTATIVES_MEANINGS.len() }>(REPRESENTATIVES_MEANINGS);

const SECTOR_MEANINGS: &[(&str, &str)] = &[
    ("private", "A private, for-profit business."),
    (
        "public_body",
        "A public authority or body: a ministry, a city, a police force, a public school or hospital (laws such as the CCPA do not cover it; public-sector rules do).",
    ),
    ("nonprofit", "A charity or other not-for-profit organisation (outside the CCPA, for example)."),
];
pub const SECTORS: &[&str] = &words::<{ SECTOR_MEANINGS.len() }>(SECTOR_MEANINGS);

const AGREEMENT_BODY_MEANINGS: &[(&str, &str)] = &[
    ("works_council", "The elected works council (e.g. a German Betriebsrat), by a works agreement."),
    ("union", "A recognised trade union or its workplace representatives (e.g. an Italian RSA or RSU)."),
    ("staff_committee", "An elected staff committee (e.g. a French CSE)."),
    ("staff_congress", "The workers' congress (职工代表大会)."),
    (
        "conciliation_board",
        "A conciliation board whose ruling replaces the works council's agreement (e.g. a German Einigungsstelle).",
    ),
    (
        "labour_inspectorate",
        "A labour inspectorate that authorised the measure (e.g. the Italian Ispettorato del lavoro).",
    ),
    ("data_protection_authority", "A data protection supervisory authority that approved the measure."),
];
pub const AGREEMENT_BODIES: &[&str] = &words::<{ AGREEMENT_BODY_MEANINGS.len() }>(AGREEMENT_BODY_MEANINGS);

const ACTION_STATUS_MEANINGS: &[(&str, &str)] = &[
    ("planned", "Agreed, not started."),
    ("in_progress", "Started, not finished."),
    ("done", "Finished: the policy should now show the change, and `evidence` says where it is recorded."),
];
pub const ACTION_STATUSES: &[&str] = &words::<{ ACTION_STATUS_MEANINGS.len() }>(ACTION_STATUS_MEANINGS);

const DECISION_MEANINGS: &[(&str, &str)] = &[
    ("approved", "The policy may be put into effect as written."),
    ("approved_with_changes", "The policy may be put into effect once the changes of the action plan are made."),
    ("rejected", "The policy must not be put into effect."),
];
pub const DECISIONS: &[&str] = &words::<{ DECISION_MEANINGS.len() }>(DECISION_MEANINGS);

/// A vocabulary for the reference: a heading, a note on what else is accepted,
/// and its words with their meanings.
pub struct Vocabulary {
    pub title: &'static str,
    pub note: &'static str,
    pub meanings: &'static [(&'static str, &'static str)],
}

/// Every vocabulary of the format, in the order of the reference. A static, not a
/// const, so that each vocabulary has one address to compare by.
pub static VOCABULARIES: &[Vocabulary] = &[
    Vocabulary {
        title: "Jurisdictions",
        note: "The ids of the built-in packs; `policy.jurisdictions` also accepts `core` and the id of any pack loaded with `--rules`.",
        meanings: JURISDICTION_MEANINGS,
    },
    Vocabulary { title: "Workforce representation", note: "", meanings: REPRESENTATION_MEANINGS },
    Vocabulary { title: "Employer sectors", note: "", meanings: SECTOR_MEANINGS },
    Vocabulary { title: "Goals", note: "", meanings: GOAL_MEANINGS },
    Vocabulary { title: "Legal bases", note: "", meanings: LEGAL_BASIS_MEANINGS },
    Vocabulary { title: "Measure kinds", note: "", meanings: KIND_MEANINGS },
    Vocabulary { title: "Locations", note: "", meanings: LOCATION_MEANINGS },
    Vocabulary { title: "Devices", note: "", meanings: DEVICE_MEANINGS },
    Vocabulary { title: "Subjects", note: "", meanings: SUBJECT_MEANINGS },
    Vocabulary { title: "Timing modes", note: "", meanings: TIMING_MODE_MEANINGS },
    Vocabulary { title: "Access roles", note: "", meanings: ROLE_MEANINGS },
    Vocabulary { title: "Special categories", note: "", meanings: SPECIAL_CATEGORY_MEANINGS },
    Vocabulary { title: "Uses", note: "", meanings: USE_MEANINGS },
    Vocabulary { title: "Notice", note: "", meanings: NOTICE_MEANINGS },
    Vocabulary { title: "What a notice covers", note: "", meanings: NOTICE_COVERS_MEANINGS },
    Vocabulary { title: "Impact assessment", note: "", meanings: IMPACT_ASSESSMENT_MEANINGS },
    Vocabulary { title: "Workers' representatives", note: "", meanings: REPRESENTATIVES_MEANINGS },
    Vocabulary { title: "Agreeing bodies", note: "", meanings: AGREEMENT_BODY_MEANINGS },
    Vocabulary { title: "Action status", note: "", meanings: ACTION_STATUS_MEANINGS },
    Vocabulary { title: "Review decisions", note: "", meanings: DECISION_MEANINGS },
];

/// The vocabulary whose words these are, as the schema holds them.
pub fn vocabulary_of(words: &[&str]) -> Option<&'static Vocabulary> {
    VOCABULARIES
        .iter()
        .find(|v| v.meanings.len() == words.len() && v.meanings.iter().zip(words).all(|((w, _), x)| w == x))
}

/// Everyday words people write for a vocabulary value, with the value they mean.
/// Checked before edit distance, because "toilet" is nowhere near "restroom" in
/// spelling but is exactly what the writer meant.
const SYNONYMS: &[(&str, &str)] = &[
    ("toilet", "restroom"),
    ("toilets", "restroom"),
    ("washroom", "restroom"),
    ("washrooms", "restroom"),
    ("bathroom", "restroom"),
    ("bathrooms", "restroom"),
    ("lavatory", "restroom"),
    ("wc", "restroom"),
    ("restrooms", "restroom"),
    ("shower", "changing_room"),
    ("showers", "changing_room"),
    ("dressing_room", "changing_room"),
    ("locker", "locker_room"),
    ("lockers", "locker_room"),
    ("kitchen", "canteen"),
    ("cafeteria", "canteen"),
    ("lunch_room", "canteen"),
    ("lounge", "break_room"),
    ("rest_area", "break_room"),
    ("staff_room", "break_room"),
    ("lobby", "reception"),
    ("home", "employee_home"),
    ("home_office", "employee_home"),
    ("car_park", "parking"),
    ("parking_lot", "parking"),
    ("office", "open_office"),
    ("shop_floor", "retail_floor"),
    ("checkout", "cash_desk"),
    ("till", "cash_desk"),
    ("factory_floor", "production_floor"),
    ("cctv", "video"),
    ("camera", "video"),
    ("cameras", "video"),
    ("microphone", "audio"),
    ("gps", "location"),
    ("geolocation", "location"),
    ("keylogger", "keystrokes"),
    ("keylogging", "keystrokes"),
    ("screenshots", "screen_capture"),
    ("screenshot", "screen_capture"),
    ("screen_recording", "screen_capture"),
    ("fingerprint", "biometric_fingerprint"),
    ("face_recognition", "biometric_face"),
    ("facial_recognition", "biometric_face"),
    ("email", "email_content"),
    ("idle_detection", "input_activity"),
    ("mouse_activity", "input_activity"),
    ("badge", "access_badge"),
];

/// The vocabulary value a synonym stands for, if `word` is a known synonym whose
/// meaning is in `vocabulary`.
pub fn synonym(word: &str, vocabulary: &[&'static str]) -> Option<&'static str> {
    let w = word.to_lowercase().replace(['-', ' '], "_");
    SYNONYMS
        .iter()
        .find(|(s, v)| *s == w && vocabulary.contains(v))
        .and_then(|(_, v)| vocabulary.iter().copied().find(|x| x == v))
}

/// Plain words for a vocabulary value, for HR-facing text: `open_office` -> "open office".
pub fn human(value: &str, lang: crate::Lang) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if lang == crate::Lang::Zh
        && let Some((_, zh)) = ZH.iter().find(|(k, _)| *k == value)
    {
        return Cow::Borrowed(zh);
    }
    match value {
        "worker_self" => Cow::Borrowed("the workers themselves"),
        "dpo" => Cow::Borrowed("the data protection officer"),
        "hr" => Cow::Borrowed("HR"),
        "it" => Cow::Borrowed("IT"),
        "written_acknowledged" => Cow::Borrowed("written and acknowledged"),
        "us-ny" | "us-ct" | "us-de" | "us-il" | "us-ca" | "eu" | "uk" | "cn" => Cow::Owned(value.to_uppercase()),
        _ if value.contains('_') => Cow::Owned(value.replace('_', " ")),
        _ => Cow::Borrowed(value),
    }
}

/// Chinese words for the vocabulary, used by `{{human ...}}` under `--lang zh`.
const ZH: &[(&str, &str)] = &[
    ("video", "视频监控"),
    ("webcam", "网络摄像头"),
    ("audio", "录音"),
    ("phone_calls", "电话录音"),
    ("screen_capture", "屏幕截图"),
    ("keystrokes", "键盘记录"),
    ("input_activity", "键鼠活动监测"),
    ("app_usage", "应用使用记录"),
    ("web_browsing", "网页浏览记录"),
    ("email_content", "邮件内容"),
    ("chat_content", "聊天内容"),
    ("communications_metadata", "通信元数据"),
    ("file_activity", "文件操作记录"),
    ("network_traffic", "网络流量"),
    ("location", "位置定位"),
    ("vehicle_telematics", "车辆远程信息"),
    ("access_badge", "门禁卡"),
    ("biometric_fingerprint", "指纹识别"),
    ("biometric_face", "人脸识别"),
    ("emotion_recognition", "情绪识别"),
    ("productivity_scoring", "生产力评分"),
    ("social_media", "社交媒体"),
    ("health_data", "健康数据"),
    ("other", "其他"),
    ("open_office", "开放式办公区"),
    ("private_office", "独立办公室"),
    ("meeting_room", "会议室"),
    ("production_floor", "生产车间"),
    ("warehouse", "仓库"),
    ("loading_bay", "装卸区"),
    ("retail_floor", "卖场"),
    ("cash_desk", "收银台"),
    ("reception", "前台"),
    ("entrance", "出入口"),
    ("corridor", "走廊"),
    ("stockroom", "库房"),
    ("server_room", "机房"),
    ("parking", "停车场"),
    ("canteen", "食堂"),
    ("break_room", "休息室"),
    ("restroom", "卫生间"),
    ("changing_room", "更衣室"),
    ("locker_room", "储物间"),
    ("prayer_room", "祈祷室"),
    ("medical_room", "医务室"),
    ("lactation_room", "哺乳室"),
    ("union_office", "工会办公室"),
    ("employee_home", "员工家中"),
    ("company_vehicle", "公司车辆"),
    ("personal_vehicle", "私人车辆"),
    ("public_space", "公共场所"),
    ("online", "线上"),
    ("company", "公司设备"),
    ("personal", "个人设备"),
    ("both", "公司和个人设备"),
    ("all_workers", "全体员工"),
    ("role_based", "特定岗位"),
    ("named_individuals", "指定人员"),
    ("under_investigation", "被调查人员"),
    ("continuous", "持续"),
    ("working_hours", "工作时间内"),
    ("sampled", "抽样"),
    ("scheduled", "定时"),
    ("on_trigger", "触发时"),
    ("security", "安保"),
    ("hr", "人力资源部"),
    ("line_manager", "直属主管"),
    ("senior_management", "高层管理者"),
    ("it", "IT 部门"),
    ("legal", "法务"),
    ("dpo", "数据保护官"),
    ("external_vendor", "外部供应商"),
    ("worker_self", "员工本人"),
    ("biometric", "生物识别信息"),
    ("health", "健康信息"),
    ("religion", "宗教信仰"),
    ("union_membership", "工会会员身份"),
    ("political_opinion", "政治观点"),
    ("ethnic_origin", "民族出身"),
    ("sex_life", "性生活"),
    ("minors", "未成年人"),
    ("safety", "安全生产"),
    ("theft_investigation", "盗窃调查"),
    ("theft_prevention", "防盗"),
    ("legal_compliance", "合规"),
    ("quality_assurance", "质量保证"),
    ("training", "培训"),
    ("performance_evaluation", "绩效考核"),
    ("productivity_ranking", "效率排名"),
    ("productivity", "工作效率"),
    ("discipline", "纪律处分"),
    ("dismissal", "解雇"),
    ("pay", "薪酬"),
    ("promotion", "晋升"),
    ("scheduling", "排班"),
    ("attendance", "考勤"),
    ("investigation", "调查"),
    ("data_loss_prevention", "防止数据泄露"),
    ("none", "无"),
    ("verbal", "口头"),
    ("written", "书面"),
    ("written_acknowledged", "书面并经确认"),
    ("purpose", "目的"),
    ("measures", "监控措施"),
    ("retention", "保存期限"),
    ("access", "访问权限"),
    ("rights", "员工权利"),
    ("contact", "联系方式"),
    ("decisions", "自动化决策"),
    ("transfers", "跨境传输"),
    ("in_progress", "进行中"),
    ("completed", "已完成"),
    ("not_involved", "未参与"),
    ("informed", "已告知"),
    ("consulted", "已协商"),
    ("agreement", "已达成协议"),
    ("consent", "同意"),
    ("contract", "合同"),
    ("legal_obligation", "法定义务"),
    ("legitimate_interest", "正当利益"),
    ("vital_interest", "重大利益"),
    ("public_task", "公共职责"),
    ("hr_management", "人力资源管理"),
    ("works_council", "职工委员会"),
    ("union", "工会"),
    ("staff_committee", "员工委员会"),
    ("staff_congress", "职工代表大会"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_point_into_the_vocabulary() {
        assert_eq!(synonym("Toilets", LOCATIONS), Some("restroom"));
        assert_eq!(synonym("keylogger", KINDS), Some("keystrokes"));
        assert_eq!(synonym("toilet", KINDS), None);
        for (word, value) in SYNONYMS {
            assert!(
                [LOCATIONS, KINDS, IMPACT_ASSESSMENT].iter().any(|v| v.contains(value)),
                "{word} -> {value} is not a vocabulary value"
            );
        }
    }

    #[test]
    fn every_vocabulary_word_has_a_meaning() {
        for v in VOCABULARIES {
            for (i, (word, meaning)) in v.meanings.iter().enumerate() {
                assert!(!meaning.trim().is_empty(), "`{word}` ({}) has no meaning", v.title);
                assert!(meaning.ends_with('.'), "the meaning of `{word}` is not a sentence");
                assert!(!v.meanings[..i].iter().any(|(w, _)| w == word), "`{word}` twice in {}", v.title);
            }
        }
    }

    #[test]
    fn every_vocabulary_word_has_chinese() {
        for vocab in [KINDS, LOCATIONS, DEVICES, SUBJECTS, TIMING_MODES, ROLES, SPECIAL_CATEGORIES, USES, GOALS] {
            for v in vocab {
                assert!(ZH.iter().any(|(k, _)| k == v), "no Chinese for `{v}`");
            }
        }
    }
}
