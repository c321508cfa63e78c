//! The embedded default pack (national + Ninh Bình 2021) covers every clause of
//! DOMAIN.md §3–§5, and every item carries a usable citation.

use ungxu::model::{Basis, Confidence, Date};
use ungxu::Engine;

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

/// Ids that must exist (as rules or obligations), one or more per clause of the Code and of
/// the Ninh Bình letter.
const REQUIRED_RULES: &[&str] = &[
    // Decision 874, Arts. 1–9.
    "qd874.1",
    "qd874.2",
    "qd874.3.1",
    "qd874.3.2",
    "qd874.3.3",
    "qd874.3.4",
    "qd874.4.1",
    "qd874.4.2",
    "qd874.4.3",
    "qd874.4.4",
    "qd874.4.5",
    "qd874.4.5.violence",
    "qd874.4.6.illegal",
    "qd874.4.6.insult",
    "qd874.4.6.offensive",
    "qd874.4.6.fake_news",
    "qd874.4.6.advertising",
    "qd874.4.7",
    "qd874.4.8",
    "qd874.5.1",
    "qd874.5.2",
    "qd874.6.1",
    "qd874.6.2",
    "qd874.6.3",
    "qd874.6.4",
    "qd874.7.1",
    "qd874.7.2",
    "qd874.7.3",
    "qd874.7.4",
    "qd874.7.5",
    "qd874.8",
    "qd874.9",
    // Ninh Bình: §1 lead and its three bullet groups, §2 ×4, §3 ×2, §4, §5 ×5, closing.
    "nb.1.1",
    "nb.1.state_agency.1",
    "nb.1.state_agency.2",
    "nb.1.org_individual.1",
    "nb.1.org_individual.2",
    "nb.1.org_individual.3",
    "nb.1.org_individual.4",
    "nb.1.org_individual.5",
    "nb.1.civil_servant.1",
    "nb.1.civil_servant.2",
    "nb.2.1",
    "nb.2.2",
    "nb.2.3",
    "nb.2.4",
    "nb.3.1",
    "nb.3.2",
    "nb.4",
    "nb.5.1",
    "nb.5.2",
    "nb.5.3",
    "nb.5.4",
    "nb.5.5",
    "nb.closing.report",
    "nb.closing.dic_summary",
];

/// One parameter per row of DOMAIN.md §5.
const REQUIRED_PARAMETERS: &[&str] = &[
    "takedown.provider.hours",
    "takedown.provider.nd27.hours",
    "takedown.owner.authority.hours",
    "takedown.owner.complaint.hours",
    "lock.temporary.violations_30d",
    "lock.temporary.violations_90d",
    "lock.temporary.act_within.hours",
    "lock.temporary.days",
    "lock.permanent.prior_temporary_locks",
    "authentication.required",
    "account.guardian_required_under.age",
    "child.consent_age",
    "consent.explicit_required",
    "breach.notify.hours",
    "data_subject_request.hours",
    "account_compromise.notify.hours",
    "log_retention.years",
    "fine.misuse.vnd",
    "fine.private_life.vnd",
];

#[test]
fn every_clause_maps_to_a_rule() {
    let e = Engine::default();
    let missing: Vec<&&str> = REQUIRED_RULES
        .iter()
        .filter(|id| e.pack().rule(id).is_none() && e.pack().obligation(id).is_none())
        .collect();
    assert!(missing.is_empty(), "missing: {missing:?}");
}

#[test]
fn every_parameter_row_is_present_with_its_figure() {
    let e = Engine::default();
    for id in REQUIRED_PARAMETERS {
        let p = e
            .pack()
            .parameter(id)
            .unwrap_or_else(|| panic!("missing parameter {id}"));
        assert!(
            p.item.value.is_some() || p.item.min.is_some(),
            "{id} has no figure"
        );
    }
    let p = |id: &str| e.pack().parameter(id).unwrap().item.clone();
    assert_eq!(p("takedown.provider.hours").value, Some(24));
    assert_eq!(p("takedown.provider.nd27.hours").value, Some(3));
    assert_eq!(
        p("takedown.provider.nd27.hours").valid_to,
        Some(date("2024-12-24"))
    );
    assert_eq!(p("breach.notify.hours").value, Some(72));
    assert_eq!(p("child.consent_age").value, Some(7));
    assert_eq!(p("account.guardian_required_under.age").value, Some(16));
    assert_eq!(
        (p("lock.temporary.days").min, p("lock.temporary.days").max),
        (Some(7), Some(30))
    );
    assert_eq!(
        (p("fine.misuse.vnd").min, p("fine.misuse.vnd").max),
        (Some(10_000_000), Some(20_000_000))
    );
    // "Promptly" has no legal figure: our default must say it is ours.
    assert_eq!(
        p("account_compromise.notify.hours").basis,
        Basis::PolicyDefault
    );
    assert_eq!(p("takedown.provider.hours").basis, Basis::Statutory);
}

#[test]
fn every_item_has_a_complete_citation() {
    let e = Engine::default();
    let pack = e.pack();
    let citations = pack
        .rules()
        .iter()
        .map(|r| (&r.item.id, &r.item.citation))
        .chain(
            pack.obligations()
                .iter()
                .map(|o| (&o.item.id, &o.item.citation)),
        )
        .chain(
            pack.parameters()
                .iter()
                .map(|p| (&p.item.id, &p.item.citation)),
        );
    for (id, c) in citations {
        assert!(!c.excerpt_vi.trim().is_empty(), "{id}: empty excerpt");
        assert!(!c.summary_en.trim().is_empty(), "{id}: empty summary");
        assert!(
            pack.instrument(&c.instrument).is_some(),
            "{id}: unknown instrument"
        );
    }
}

#[test]
fn ninh_binh_excerpts_are_the_letters_own_words() {
    // The seed is the letter's text; every Ninh Bình excerpt must appear in it verbatim
    // (ignoring line breaks and the Markdown emphasis of the seed).
    let seed = include_str!("../../spec/packs/ninh-binh.toml");
    assert!(seed.contains("nb-2021-ubnd-vp6"));
    let e = Engine::default();
    let letter_words = [
        "nghiêm túc phổ biến, quán triệt, triển khai thực hiện Bộ Quy tắc ứng xử trên mạng xã hội",
        "Chia sẻ những thông tin có nguồn chính thống, đáng tin cậy",
    ];
    let nb: Vec<_> = e
        .pack()
        .rules()
        .iter()
        .filter(|r| r.item.citation.instrument == "nb-2021-ubnd-vp6")
        .collect();
    assert!(nb.len() >= 20, "only {} Ninh Bình rules", nb.len());
    for words in letter_words {
        assert!(
            nb.iter()
                .any(|r| r.item.citation.excerpt_vi.contains(words)),
            "{words}"
        );
    }
    assert!(nb
        .iter()
        .all(|r| r.item.citation.confidence == Confidence::Confirmed));
}

#[test]
fn roles_inherit_their_parents_rules() {
    let e = Engine::default();
    let ids = |role: &str| -> Vec<String> {
        e.pack()
            .rules_for(Some(role), Some(date("2025-06-01")))
            .map(|r| r.item.id.clone())
            .collect()
    };
    let civil = ids("civil_servant");
    for id in ["qd874.4.5", "qd874.4.6.insult", "qd874.5.1", "qd874.5.2"] {
        assert!(civil.contains(&id.to_string()), "civil_servant lacks {id}");
    }
    let individual = ids("individual");
    assert!(
        !individual.contains(&"qd874.5.1".to_string()),
        "Art. 5 must not bind every individual"
    );
    let dic = ids("dic");
    for id in [
        "qd874.6.1",
        "qd874.6.3",
        "nb.2.1",
        "nb.2.4",
        "nb.1.state_agency.1",
    ] {
        assert!(dic.contains(&id.to_string()), "dic lacks {id}");
    }
    assert!(!ids("provincial_police").contains(&"nb.2.1".to_string()));
    assert_eq!(
        e.pack().role("dic").unwrap().lineage,
        vec!["dic", "state_agency", "organization"]
    );
}

#[test]
fn validity_dates_select_the_law_in_force() {
    let e = Engine::default();
    let in_force = |id: &str, d: &str| {
        e.pack()
            .rules_for(None, Some(date(d)))
            .any(|r| r.item.id == id)
            || e.pack().obligations().iter().any(|o| {
                o.item.id == id
                    && ungxu::model::in_window(date(d), o.item.valid_from, o.item.valid_to)
            })
    };
    assert!(!in_force("qd874.4.5", "2021-06-16"));
    assert!(in_force("qd874.4.5", "2021-06-17"));
    assert!(in_force("ob.takedown.provider.nd27", "2024-12-24"));
    assert!(!in_force("ob.takedown.provider.nd27", "2024-12-25"));
    assert!(!in_force("ob.takedown.provider.nd147", "2024-12-24"));
    assert!(in_force("ob.takedown.provider.nd147", "2024-12-25"));
}

#[test]
fn political_opinion_is_human_only() {
    let e = Engine::default();
    let cat = e
        .pack()
        .category("political_opinion")
        .expect("category exists as citation");
    assert_eq!(cat.item.detection, ungxu::model::Detection::HumanOnly);
}
