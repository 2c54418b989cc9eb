//! The closed vocabularies of policy format version 1 (policy-format.md).

pub const JURISDICTIONS: &[&str] =
    &["eu", "uk", "de", "fr", "it", "es", "us-ny", "us-ct", "us-de", "us-il", "us-ca", "cn"];

pub const REPRESENTATION: &[&str] = &["none", "works_council", "union", "staff_committee", "staff_congress"];

pub const GOALS: &[&str] = &[
    "security",
    "safety",
    "theft_prevention",
    "legal_compliance",
    "quality_assurance",
    "training",
    "productivity",
    "performance_evaluation",
    "attendance",
    "investigation",
    "data_loss_prevention",
];

pub const LEGAL_BASES: &[&str] = &[
    "consent",
    "contract",
    "legal_obligation",
    "legitimate_interest",
    "vital_interest",
    "public_task",
    "hr_management",
];

pub const KINDS: &[&str] = &[
    "video",
    "webcam",
    "audio",
    "phone_calls",
    "screen_capture",
    "keystrokes",
    "input_activity",
    "app_usage",
    "web_browsing",
    "email_content",
    "chat_content",
    "communications_metadata",
    "file_activity",
    "network_traffic",
    "location",
    "vehicle_telematics",
    "access_badge",
    "biometric_fingerprint",
    "biometric_face",
    "emotion_recognition",
    "productivity_scoring",
    "social_media",
    "health_data",
    "other",
];

pub const LOCATIONS: &[&str] = &[
    "open_office",
    "private_office",
    "meeting_room",
    "production_floor",
    "warehouse",
    "loading_bay",
    "retail_floor",
    "cash_desk",
    "reception",
    "entrance",
    "corridor",
    "stockroom",
    "server_room",
    "parking",
    "canteen",
    "break_room",
    "restroom",
    "changing_room",
    "locker_room",
    "prayer_room",
    "medical_room",
    "lactation_room",
    "union_office",
    "employee_home",
    "company_vehicle",
    "personal_vehicle",
    "public_space",
    "online",
];

pub const DEVICES: &[&str] = &["company", "personal", "both"];
pub const SUBJECTS: &[&str] = &["all_workers", "role_based", "named_individuals", "under_investigation"];
pub const TIMING_MODES: &[&str] = &["continuous", "working_hours", "sampled", "scheduled", "on_trigger"];
pub const ROLES: &[&str] =
    &["security", "hr", "line_manager", "senior_management", "it", "legal", "dpo", "external_vendor", "worker_self"];
pub const SPECIAL_CATEGORIES: &[&str] = &[
    "biometric",
    "health",
    "religion",
    "union_membership",
    "political_opinion",
    "ethnic_origin",
    "sex_life",
    "minors",
];
pub const USES: &[&str] = &[
    "security",
    "safety",
    "theft_investigation",
    "legal_compliance",
    "quality_assurance",
    "training",
    "performance_evaluation",
    "productivity_ranking",
    "discipline",
    "dismissal",
    "pay",
    "promotion",
    "scheduling",
    "attendance",
];
pub const NOTICE: &[&str] = &["none", "verbal", "written", "written_acknowledged"];
pub const NOTICE_COVERS: &[&str] =
    &["purpose", "measures", "retention", "access", "rights", "contact", "decisions", "transfers"];
pub const IMPACT_ASSESSMENT: &[&str] = &["none", "in_progress", "completed"];
pub const REPRESENTATIVES: &[&str] = &["not_involved", "informed", "consulted", "agreement"];

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
    fn every_vocabulary_word_has_chinese() {
        for vocab in [KINDS, LOCATIONS, DEVICES, SUBJECTS, TIMING_MODES, ROLES, SPECIAL_CATEGORIES, USES, GOALS] {
            for v in vocab {
                assert!(ZH.iter().any(|(k, _)| k == v), "no Chinese for `{v}`");
            }
        }
    }
}
