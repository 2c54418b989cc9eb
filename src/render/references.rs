//! Which references of a finding apply to a policy: a report for a German employer
//! cites German and EU law and the European Court of Human Rights, not the Chinese
//! PIPL that a core rule also names for Chinese readers.
//!
//! A reference's legal order is read from where its address points (the official
//! journal, court or regulator that publishes it), or from Chinese text in its
//! title; one that names none of them (a calibration note, an ILO code) is
//! universal and always applies.

use crate::rules::Reference;

/// Hosts (a suffix of the address's host) and the legal order they publish.
const HOSTS: &[(&str, &str)] = &[
    ("europa.eu", "eu"),
    ("autoriteitpersoonsgegevens.nl", "eu"),
    ("echr.coe.int", "echr"),
    ("ico.org.uk", "uk"),
    ("legislation.gov.uk", "uk"),
    ("gesetze-im-internet.de", "de"),
    ("bundesarbeitsgericht.de", "de"),
    ("lfd.niedersachsen.de", "de"),
    ("cnil.fr", "fr"),
    ("legifrance.gouv.fr", "fr"),
    ("conseil-etat.fr", "fr"),
    ("travail-emploi.gouv.fr", "fr"),
    ("normattiva.it", "it"),
    ("garanteprivacy.it", "it"),
    ("boe.es", "es"),
    ("aepd.es", "es"),
    ("nysenate.gov", "us-ny"),
    ("cga.ct.gov", "us-ct"),
    ("delcode.delaware.gov", "us-de"),
    ("ilga.gov", "us-il"),
    ("leginfo.legislature.ca.gov", "us-ca"),
    ("cppa.ca.gov", "us-ca"),
    ("npc.gov.cn", "cn"),
    ("cac.gov.cn", "cn"),
    ("pipl.xllawconsulting.com", "cn"),
    ("chinadataregulation.com", "cn"),
    ("personalinformationprotectionlaw.com", "cn"),
];

/// How titles without an address begin, and the legal order they cite.
const TITLES: &[(&str, &str)] = &[
    ("GDPR", "eu"),
    ("EDPB", "eu"),
    ("AI Act", "eu"),
    ("European Commission", "eu"),
    ("EU-OSHA", "eu"),
    ("Chetu Inc. (Netherlands)", "eu"),
    ("Germany,", "de"),
    ("BDSG", "de"),
    ("BetrVG", "de"),
    ("BAG,", "de"),
    ("Federal Labour Court of Germany", "de"),
    ("Hamburg DPA", "de"),
    ("LfD Niedersachsen", "de"),
    ("France,", "fr"),
    ("CNIL", "fr"),
    ("Conseil d'État", "fr"),
    ("Cour de cassation", "fr"),
    ("Italy,", "it"),
    ("Codice privacy", "it"),
    ("Garante", "it"),
    ("Spain,", "es"),
    ("LOPDGDD", "es"),
    ("Ley ", "es"),
    ("UK ", "uk"),
    ("ICO ", "uk"),
    ("New York", "us-ny"),
    ("Connecticut", "us-ct"),
    ("Delaware", "us-de"),
    ("Illinois", "us-il"),
    ("Cothron v. White Castle", "us-il"),
    ("California", "us-ca"),
    ("CCPA", "us-ca"),
    ("PIPL", "cn"),
];

/// The legal order `r` belongs to, or `None` for a universal reference.
pub(crate) fn order(r: &Reference) -> Option<&'static str> {
    if let Some(url) = &r.url {
        let host = url.split("://").nth(1).unwrap_or(url).split(['/', ':', '?', '#']).next().unwrap_or("");
        if let Some((_, order)) = HOSTS.iter().find(|(h, _)| host == *h || host.ends_with(&format!(".{h}"))) {
            return Some(order);
        }
    }
    if let Some((_, order)) = TITLES.iter().find(|(t, _)| r.title.starts_with(t)) {
        return Some(order);
    }
    r.title.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)).then_some("cn")
}

/// Whether `r` applies to a policy of `jurisdictions`: its own order is among them,
/// EU law applies with any member state's pack, and the European Convention on
/// Human Rights with any European one.
pub(crate) fn applies(r: &Reference, jurisdictions: &[String]) -> bool {
    const EU: &[&str] = &["eu", "de", "fr", "it", "es"];
    let has = |j: &str| jurisdictions.iter().any(|x| x == j);
    match order(r) {
        None => true,
        Some("eu") => EU.iter().any(|j| has(j)),
        Some("echr") => EU.iter().any(|j| has(j)) || has("uk"),
        Some(o) => has(o),
    }
}

/// Whether the report lists `r`: it applies, and it is not a calibration note (the
/// reason a rule has its level, written for rule authors; `rules show` has them).
pub(crate) fn shown(r: &Reference, jurisdictions: &[String]) -> bool {
    !r.title.starts_with("Calibration:") && applies(r, jurisdictions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(title: &str, url: Option<&str>) -> Reference {
        Reference { title: title.to_string(), url: url.map(str::to_string) }
    }

    #[test]
    fn references_apply_where_their_law_does() {
        let de = vec!["de".to_string()];
        assert!(applies(&r("GDPR Art 88", Some("https://eur-lex.europa.eu/eli/reg/2016/679/oj")), &de));
        assert!(applies(&r("Bărbulescu v Romania", Some("https://hudoc.echr.coe.int/eng?i=001-177082")), &de));
        assert!(applies(&r("Germany, Works Constitution Act (BetrVG) § 87(1) no. 6", None), &de));
        assert!(applies(&r("ILO Code of Practice", None), &de));
        assert!(!applies(
            &r("《中华人民共和国个人信息保护法》第六条", Some("http://www.npc.gov.cn/npc/c30834/x.shtml")),
            &de
        ));
        assert!(!applies(&r("PIPL Art 6", None), &de));
        assert!(!applies(&r("ICO Employment practices", Some("https://ico.org.uk/x")), &de));
        let es = vec!["es".to_string()];
        assert!(!applies(&r("Germany, Works Constitution Act (BetrVG) § 87(1) no. 6", None), &es));
        assert!(!shown(&r("Calibration: medium, not high", None), &es));
        let cn = vec!["cn".to_string()];
        assert!(!applies(&r("GDPR Art 5", Some("https://eur-lex.europa.eu/x")), &cn));
        assert!(applies(&r("PIPL Art 6", None), &cn));
    }
}
