//! People and organizations across a story's articles: one entry per entity, however each outlet writes the
//! name, with the roles each outlet gives it.

use samestory_quotes::NameKind;

use crate::{Doc, Entity, EntityKind, Role};

fn words(name: &str) -> Vec<String> {
    name.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()).collect()
}

/// Whether `short` names the same person as `long`: the same words, or its last words (`Sheinbaum`,
/// `Claudia Sheinbaum` in `President Claudia Sheinbaum Pardo` is not taken: only trailing words count).
fn same_person(short: &[String], long: &[String]) -> bool {
    !short.is_empty() && short.len() <= long.len() && long[long.len() - short.len()..] == *short
}

/// Whether two written names are one entity of `kind`: equal words, or for people one the surname end of the
/// other.
pub(crate) fn same_entity(a: &str, b: &str, kind: EntityKind) -> bool {
    let (wa, wb) = (words(a), words(b));
    match kind {
        EntityKind::Person => same_person(&wa, &wb) || same_person(&wb, &wa),
        EntityKind::Organization => wa == wb,
    }
}

/// The entities of the story's original articles, in order of first mention.
pub(crate) fn entities(docs: &[Doc<'_>]) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::new();
    for doc in docs {
        for n in &doc.analysis.names {
            let kind = match n.kind {
                NameKind::Person => EntityKind::Person,
                NameKind::Organization => EntityKind::Organization,
            };
            let e = match out.iter().position(|e| e.kind == kind && same_entity(&e.name, &n.name, kind)) {
                Some(e) => e,
                None => {
                    out.push(Entity {
                        name: n.name.clone(),
                        kind,
                        roles: Vec::new(),
                        outlets: Vec::new(),
                        mentions: 0,
                        quotes: 0,
                    });
                    out.len() - 1
                }
            };
            let ent = &mut out[e];
            if words(&n.name).len() > words(&ent.name).len() {
                ent.name = n.name.clone();
            }
            ent.mentions += n.mentions;
            if !ent.outlets.iter().any(|o| o == doc.outlet) {
                ent.outlets.push(doc.outlet.to_string());
            }
            for role in &n.roles {
                let role = role.trim();
                match ent.roles.iter_mut().find(|r| r.role.eq_ignore_ascii_case(role)) {
                    Some(r) if r.outlets.iter().any(|o| o == doc.outlet) => {}
                    Some(r) => r.outlets.push(doc.outlet.to_string()),
                    None => {
                        ent.roles.push(Role { role: role.to_string(), outlets: vec![doc.outlet.to_string()] })
                    }
                }
            }
        }
    }
    for ent in &mut out {
        // `President` beside `Mexican President` from the same outlets says nothing more.
        let roles = ent.roles.clone();
        ent.roles.retain(|r| {
            let w = words(&r.role);
            !roles.iter().any(|o| {
                let ow = words(&o.role);
                ow.len() > w.len()
                    && ow[ow.len() - w.len()..] == *w
                    && r.outlets.iter().all(|x| o.outlets.contains(x))
            })
        });
    }
    out
}

/// The entity a speaker name as one article writes it stands for.
pub(crate) fn canonical<'e>(entities: &'e [Entity], name: &str) -> Option<&'e Entity> {
    entities
        .iter()
        .filter(|e| same_entity(&e.name, name, e.kind))
        .max_by_key(|e| (e.kind == EntityKind::Person, e.mentions))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_join_full_names_of_people_only() {
        assert!(same_entity("Sheinbaum", "Claudia Sheinbaum", EntityKind::Person));
        assert!(same_entity("Donald Trump", "Trump", EntityKind::Person));
        assert!(!same_entity("Claudia", "Claudia Sheinbaum", EntityKind::Person));
        assert!(!same_entity(
            "White House",
            "White House National Security Council",
            EntityKind::Organization
        ));
        assert!(same_entity("the U.S. Army", "The U.S. Army", EntityKind::Organization));
    }
}
