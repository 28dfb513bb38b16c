//! Where outlets disagree: who said or spoke for something, numbers and dates of one fact, a quotation's
//! wording.
//!
//! Every rule compares what different outlets say about one thing the alignment already tied together (a
//! fact, a quote, an organization's spokesperson, a role), so two outlets reporting different things are
//! never a disagreement.

use crate::text::{counted_numbers, cut, dates, stemmer_for};
use crate::{AlignedQuote, Claim, Disagreement, DisagreementKind, Doc, Entity, EntityKind, Fact};

/// Role words of someone who speaks for an organization.
fn speaks_for(role: &str) -> bool {
    let r = role.to_lowercase();
    [
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "press secretary",
        "press officer",
        "communications director",
    ]
    .iter()
    .any(|w| r.contains(w))
}

/// The organization a role names: its leading capitalized words (`White House deputy press secretary` →
/// `White House`), else the capitalized words after `for`/`of`/`at` (`spokeswoman for the Red Cross`).
fn role_org(role: &str) -> Option<Vec<&str>> {
    let words: Vec<&str> = role.split_whitespace().collect();
    let lead: Vec<&str> = words.iter().take_while(|w| w.starts_with(char::is_uppercase)).copied().collect();
    if !lead.is_empty() {
        return Some(lead);
    }
    let at = words.iter().position(|w| matches!(*w, "for" | "of" | "at"))?;
    let rest: Vec<&str> = words[at + 1..]
        .iter()
        .skip_while(|w| matches!(**w, "the" | "a" | "an"))
        .take_while(|w| w.starts_with(char::is_uppercase))
        .copied()
        .collect();
    (!rest.is_empty()).then_some(rest)
}

/// The common leading words of two organizations, when one is the other or contains it at its start
/// (`White House` and `White House National Security Council`).
fn shared_org(a: &[&str], b: &[&str]) -> Option<String> {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    (long[..short.len()] == *short).then(|| short.join(" "))
}

fn disjoint(a: &[String], b: &[String]) -> bool {
    !a.iter().any(|o| b.contains(o))
}

/// The first quotation an entity speaks in an outlet: (article, text).
fn first_quote<'q>(quotes: &'q [AlignedQuote], name: &str, outlet: &str) -> Option<(&'q str, &'q str)> {
    quotes.iter().flat_map(|q| &q.versions).find_map(|v| {
        (v.outlet == outlet && v.speaker.as_deref() == Some(name) && v.quoted_by.is_none())
            .then_some((v.article.as_str(), v.text.as_str()))
    })
}

fn is_negation(w: &str) -> bool {
    matches!(w, "not" | "never" | "no" | "without" | "nothing" | "none" | "nobody" | "neither" | "nor")
        || w.ends_with("n't")
        || w.ends_with("n’t")
}

fn negated(text: &str) -> bool {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .any(|w| is_negation(&w.to_lowercase()))
}

/// Every disagreement of a story.
pub(crate) fn find(
    docs: &[Doc<'_>],
    facts: &[Fact],
    quotes: &[AlignedQuote],
    entities: &[Entity],
) -> Vec<Disagreement> {
    let mut out = Vec::new();
    let stemmer = stemmer_for(docs.first().and_then(|d| d.article.lang.as_deref()));

    // One quotation, different speakers.
    for q in quotes.iter().filter(|q| q.outlets.len() >= 2) {
        let mut claims: Vec<Claim> = Vec::new();
        for v in &q.versions {
            if let Some(s) = &v.speaker
                && !claims.iter().any(|c| c.outlet == v.outlet)
            {
                claims.push(Claim {
                    outlet: v.outlet.clone(),
                    article: v.article.clone(),
                    value: s.clone(),
                    text: v.text.clone(),
                });
            }
        }
        if claims.iter().any(|c| c.value != claims[0].value) {
            out.push(Disagreement {
                kind: DisagreementKind::Attribution,
                subject: format!("who said “{}”", cut(&q.versions[0].text, 60)),
                claims,
            });
        }
    }

    // Different people speaking for one organization, or holding one role, in outlets that never name the
    // other.
    let people: Vec<&Entity> = entities.iter().filter(|e| e.kind == EntityKind::Person).collect();
    for (i, a) in people.iter().enumerate() {
        for b in people.iter().skip(i + 1) {
            if !disjoint(&a.outlets, &b.outlets) {
                continue;
            }
            let mut found: Option<(String, &str, &str)> = None;
            'roles: for ra in &a.roles {
                for rb in &b.roles {
                    if speaks_for(&ra.role)
                        && speaks_for(&rb.role)
                        && let (Some(oa), Some(ob)) = (role_org(&ra.role), role_org(&rb.role))
                        && let Some(org) = shared_org(&oa, &ob)
                    {
                        found = Some((format!("who spoke for the {org}"), &ra.role, &rb.role));
                        break 'roles;
                    }
                    if ra.role.eq_ignore_ascii_case(&rb.role) && ra.role.split_whitespace().count() >= 2 {
                        found = Some((format!("who is the {}", ra.role), &ra.role, &rb.role));
                        break 'roles;
                    }
                }
            }
            let Some((subject, role_a, role_b)) = found else { continue };
            let claim = |e: &Entity, role: &str| -> Option<Claim> {
                let outlet = e.roles.iter().find(|r| r.role == role)?.outlets.first()?.clone();
                let (article, text) = first_quote(quotes, &e.name, &outlet).or_else(|| {
                    let doc = docs.iter().find(|d| d.outlet == outlet)?;
                    let s = doc.sentences.iter().find(|s| s.contains(role))?;
                    Some((doc.article.id.as_str(), s.as_str()))
                })?;
                Some(Claim {
                    outlet,
                    article: article.to_string(),
                    value: format!("{} ({role})", e.name),
                    text: text.to_string(),
                })
            };
            if let (Some(ca), Some(cb)) = (claim(a, role_a), claim(b, role_b)) {
                out.push(Disagreement { kind: DisagreementKind::Attribution, subject, claims: vec![ca, cb] });
            }
        }
    }

    // Numbers and dates of one fact.
    for f in facts {
        let mut numbers: Vec<(String, Vec<Claim>)> = Vec::new();
        let mut days: Vec<Claim> = Vec::new();
        for v in &f.versions {
            for (value, key, _) in counted_numbers(&v.text, &stemmer) {
                let claim = Claim {
                    outlet: v.outlet.clone(),
                    article: v.article.clone(),
                    value,
                    text: v.text.clone(),
                };
                match numbers.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, cs)) if !cs.iter().any(|c| c.outlet == claim.outlet) => cs.push(claim),
                    Some(_) => {}
                    None => numbers.push((key, vec![claim])),
                }
            }
            let d = dates(&v.text);
            if !d.is_empty() && !days.iter().any(|c| c.outlet == v.outlet) {
                days.push(Claim {
                    outlet: v.outlet.clone(),
                    article: v.article.clone(),
                    value: d.join(", "),
                    text: v.text.clone(),
                });
            }
        }
        for (key, claims) in numbers {
            if claims.len() >= 2 && claims.iter().any(|c| c.value != claims[0].value) {
                let word = counted_numbers(&claims[0].text, &stemmer)
                    .into_iter()
                    .find(|(_, k, _)| *k == key)
                    .map_or(key.clone(), |(_, _, w)| w);
                out.push(Disagreement {
                    kind: DisagreementKind::Number,
                    subject: format!("the number of {word}"),
                    claims,
                });
            }
        }
        // Dates differ when no date one outlet gives is among the other's.
        if days.len() >= 2 {
            let sets: Vec<Vec<&str>> = days.iter().map(|c| c.value.split(", ").collect()).collect();
            let clash = sets.iter().skip(1).any(|s| !s.iter().any(|d| sets[0].contains(d)));
            if clash {
                out.push(Disagreement {
                    kind: DisagreementKind::Date,
                    subject: format!("when: {}", cut(&f.versions[0].text, 60)),
                    claims: days,
                });
            }
        }
    }

    // A quotation worded materially differently: a negation or a number in one wording only.
    for q in quotes.iter().filter(|q| q.outlets.len() >= 2) {
        let first = &q.versions[0];
        for v in q.versions.iter().skip(1).filter(|v| v.outlet != first.outlet) {
            let nums = |t: &str| {
                let mut n: Vec<String> =
                    counted_numbers(t, &stemmer).into_iter().map(|(v, _, _)| v).collect();
                n.sort();
                n
            };
            let (na, nb) = (nums(&first.text), nums(&v.text));
            let numbers_differ = !na.is_empty() && !nb.is_empty() && na != nb;
            if negated(&first.text) != negated(&v.text) || numbers_differ {
                let who = q.speaker.as_deref().map_or(String::from("a quote"), |s| format!("{s}’s quote"));
                out.push(Disagreement {
                    kind: DisagreementKind::Quote,
                    subject: format!("the wording of {who}"),
                    claims: [first, v]
                        .iter()
                        .map(|x| Claim {
                            outlet: x.outlet.clone(),
                            article: x.article.clone(),
                            value: x.text.clone(),
                            text: x.text.clone(),
                        })
                        .collect(),
                });
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organizations_of_roles() {
        assert_eq!(role_org("White House deputy press secretary"), Some(vec!["White", "House"]));
        assert_eq!(role_org("spokeswoman for the Red Cross"), Some(vec!["Red", "Cross"]));
        assert_eq!(role_org("spokesman"), None);
        let a = role_org("White House National Security Council spokesman").unwrap();
        let b = role_org("White House deputy press secretary").unwrap();
        assert_eq!(shared_org(&a, &b).as_deref(), Some("White House"));
        assert!(speaks_for("deputy press secretary") && !speaks_for("Mexican President"));
    }

    #[test]
    fn negations() {
        assert!(negated("We will never accept it") && negated("It isn’t so"));
        assert!(!negated("We can work together"));
    }
}
