//! The organisation's vocabulary: employer slugs, roles, the mapping from identity-provider
//! groups to roles, and unit paths (förvaltning / enhet / arbetsgrupp).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::hash::Hash;

/// Roles an employer grants beyond being an employee. Leading a unit (manager) is not a role
/// here: it follows from which units a person leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Rehab coordinator (usually HR): follows sick-leave cases across the employer.
    Coordinator,
    /// Manages the employer's configuration and organisation.
    Admin,
    /// Edits the guidance library.
    Editor,
    /// HR or a project owner: reads the employer's outcomes and sick-leave figures, which
    /// name nobody; no person's data, no settings.
    Analyst,
}

coded!(impl Role {
    Coordinator = "coordinator",
    Admin = "admin",
    Editor = "editor",
    Analyst = "analyst",
});

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An employer's short name in URLs (`/auth/login/umea`): lowercase letters, digits and dashes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slug(String);

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("a slug is 2–40 characters of a–z, 0–9 and '-', starting with a letter")]
pub struct BadSlug;

impl Slug {
    pub fn parse(s: &str) -> Result<Slug, BadSlug> {
        let ok = (2..=40).contains(&s.len())
            && s.starts_with(|c: char| c.is_ascii_lowercase())
            && !s.ends_with('-')
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        ok.then(|| Slug(s.to_owned())).ok_or(BadSlug)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which provider groups give which roles, e.g. `hr-rehab=coordinator,orka-admins=admin`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoleMap(BTreeMap<String, Vec<Role>>);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BadRoleMap {
    #[error("'{0}' is not group=role")]
    NotAPair(String),
    #[error("'{0}' is not a role (coordinator, admin, editor)")]
    UnknownRole(String),
}

impl RoleMap {
    /// Parses `group=role,group=role`; a group may appear more than once to give several roles.
    pub fn parse(s: &str) -> Result<RoleMap, BadRoleMap> {
        let mut map: BTreeMap<String, Vec<Role>> = BTreeMap::new();
        for pair in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (group, role) = pair
                .rsplit_once('=')
                .map(|(g, r)| (g.trim(), r.trim()))
                .filter(|(g, _)| !g.is_empty())
                .ok_or_else(|| BadRoleMap::NotAPair(pair.to_owned()))?;
            let role = Role::parse(role).ok_or_else(|| BadRoleMap::UnknownRole(role.to_owned()))?;
            let roles = map.entry(group.to_owned()).or_default();
            if !roles.contains(&role) {
                roles.push(role);
                roles.sort();
            }
        }
        Ok(RoleMap(map))
    }

    /// The roles a person with these groups has, each once, in a stable order.
    pub fn roles_for<'a>(&self, groups: impl IntoIterator<Item = &'a str>) -> Vec<Role> {
        let mut roles: Vec<Role> = groups
            .into_iter()
            .filter_map(|g| self.0.get(g))
            .flatten()
            .copied()
            .collect();
        roles.sort();
        roles.dedup();
        roles
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for RoleMap {
    /// The same `group=role,...` form [`RoleMap::parse`] reads.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pairs: Vec<String> = self
            .0
            .iter()
            .flat_map(|(g, roles)| roles.iter().map(move |r| format!("{g}={r}")))
            .collect();
        f.write_str(&pairs.join(","))
    }
}

/// Where a unit sits in its employer's tree, from the top: `Vård och omsorg/Hemtjänst Norr`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnitPath(Vec<String>);

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("a unit path is one to six names separated by '/', none empty")]
pub struct BadUnitPath;

impl UnitPath {
    pub fn parse(s: &str) -> Result<UnitPath, BadUnitPath> {
        let names: Vec<String> = s.split('/').map(|n| n.trim().to_owned()).collect();
        if names.is_empty() || names.len() > 6 || names.iter().any(|n| n.is_empty()) {
            return Err(BadUnitPath);
        }
        Ok(UnitPath(names))
    }

    pub fn name(&self) -> &str {
        self.0.last().expect("a path has at least one name")
    }

    pub fn parent(&self) -> Option<UnitPath> {
        (self.0.len() > 1).then(|| UnitPath(self.0[..self.0.len() - 1].to_vec()))
    }

    /// This path and every path above it, top first.
    pub fn lineage(&self) -> impl Iterator<Item = UnitPath> + '_ {
        (1..=self.0.len()).map(|n| UnitPath(self.0[..n].to_vec()))
    }
}

impl fmt::Display for UnitPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_url_safe_and_readable() {
        assert!(Slug::parse("umea").is_ok());
        assert!(Slug::parse("region-varmland-2").is_ok());
        for bad in [
            "", "u", "Umea", "umeå", "-umea", "umea-", "2umea", "a b", "a/b",
        ] {
            assert_eq!(Slug::parse(bad), Err(BadSlug), "{bad:?}");
        }
        assert!(Slug::parse(&"a".repeat(41)).is_err());
    }

    #[test]
    fn role_maps_read_pairs_and_give_each_role_once() {
        let map =
            RoleMap::parse("hr-rehab=coordinator, admins=admin,admins=editor,hr-rehab=coordinator")
                .unwrap();
        assert_eq!(
            map.to_string(),
            "admins=admin,admins=editor,hr-rehab=coordinator"
        );
        assert_eq!(RoleMap::parse(&map.to_string()).unwrap(), map);
        assert_eq!(
            map.roles_for(["hr-rehab", "admins", "everyone"]),
            vec![Role::Coordinator, Role::Admin, Role::Editor]
        );
        assert!(map.roles_for(["everyone"]).is_empty());
        assert!(RoleMap::parse("").unwrap().is_empty());
    }

    #[test]
    fn group_names_may_contain_equals_signs_but_roles_must_be_known() {
        let map = RoleMap::parse("CN=HR=coordinator").unwrap();
        assert_eq!(map.roles_for(["CN=HR"]), vec![Role::Coordinator]);
        assert_eq!(
            RoleMap::parse("hr").unwrap_err(),
            BadRoleMap::NotAPair("hr".into())
        );
        assert_eq!(
            RoleMap::parse("hr=manager").unwrap_err(),
            BadRoleMap::UnknownRole("manager".into())
        );
        assert_eq!(
            RoleMap::parse("=admin").unwrap_err(),
            BadRoleMap::NotAPair("=admin".into())
        );
    }

    #[test]
    fn unit_paths_know_their_parents() {
        let p = UnitPath::parse(" Vård och omsorg / Hemtjänst Norr /Grupp 1").unwrap();
        assert_eq!(p.to_string(), "Vård och omsorg/Hemtjänst Norr/Grupp 1");
        assert_eq!(p.name(), "Grupp 1");
        assert_eq!(
            p.parent().unwrap().to_string(),
            "Vård och omsorg/Hemtjänst Norr"
        );
        let lineage: Vec<String> = p.lineage().map(|l| l.to_string()).collect();
        assert_eq!(
            lineage,
            [
                "Vård och omsorg",
                "Vård och omsorg/Hemtjänst Norr",
                "Vård och omsorg/Hemtjänst Norr/Grupp 1"
            ]
        );
        assert!(UnitPath::parse("Vård och omsorg")
            .unwrap()
            .parent()
            .is_none());
        for bad in ["", "/", "a//b", "a/", "a/b/c/d/e/f/g"] {
            assert_eq!(UnitPath::parse(bad), Err(BadUnitPath), "{bad:?}");
        }
    }
}

/// A person's managers: the leads of their unit, else of the nearest unit above it that has
/// one, never the person themself. `parent` and `leads` describe the employer's unit tree (only
/// leads who may manage, e.g. active ones); the walk is bounded, so a cycle in bad data ends.
pub fn nearest_leads<U: Copy, P: Copy + PartialEq>(
    unit: Option<U>,
    person: P,
    parent: impl Fn(U) -> Option<U>,
    leads: impl Fn(U) -> Vec<P>,
) -> Vec<P> {
    managing_unit(unit, person, parent, &leads)
        .map(|u| leads(u).into_iter().filter(|l| *l != person).collect())
        .unwrap_or_default()
}

/// The unit whose leads are the person's managers in the sense of `nearest_leads`.
pub fn managing_unit<U: Copy, P: Copy + PartialEq>(
    unit: Option<U>,
    person: P,
    parent: impl Fn(U) -> Option<U>,
    leads: impl Fn(U) -> Vec<P>,
) -> Option<U> {
    let mut at = unit;
    for _ in 0..64 {
        let u = at?;
        if leads(u).into_iter().any(|l| l != person) {
            return Some(u);
        }
        at = parent(u);
    }
    None
}

/// The given units and every unit under them, each once: the reach of someone who leads
/// `roots`. `tree` is the employer's units with their parents; a root not in it adds nothing,
/// so a lead recorded elsewhere never widens reach, and a cycle in bad data ends.
pub fn below<U: Copy + Eq + Hash>(roots: &[U], tree: &[(U, Option<U>)]) -> Vec<U> {
    let mut children: HashMap<U, Vec<U>> = HashMap::new();
    for (id, parent) in tree {
        if let Some(p) = parent {
            children.entry(*p).or_default().push(*id);
        }
    }
    let known: HashSet<U> = tree.iter().map(|(id, _)| *id).collect();
    let mut seen = HashSet::new();
    let mut stack: Vec<U> = roots
        .iter()
        .copied()
        .filter(|r| known.contains(r))
        .collect();
    let mut out = vec![];
    while let Some(u) = stack.pop() {
        if seen.insert(u) {
            out.push(u);
            stack.extend(children.get(&u).into_iter().flatten().copied());
        }
    }
    out
}

/// The units among `led` that are not below another unit in `led`, each once, in the order
/// given: the tops of someone's reach, one team trend each. Units not in `tree` are left out;
/// the walk up is bounded, so a cycle in bad data ends.
pub fn tops<U: Copy + Eq + Hash>(led: &[U], tree: &[(U, Option<U>)]) -> Vec<U> {
    let parents: HashMap<U, Option<U>> = tree.iter().copied().collect();
    let below_another = |u: &U| {
        let mut at = parents.get(u).copied().flatten();
        for _ in 0..64 {
            let Some(p) = at else { return false };
            if p != *u && led.contains(&p) {
                return true;
            }
            at = parents.get(&p).copied().flatten();
        }
        false
    };
    let mut seen = HashSet::new();
    led.iter()
        .copied()
        .filter(|u| parents.contains_key(u) && !below_another(u) && seen.insert(*u))
        .collect()
}

#[cfg(test)]
mod tree_tests {
    use super::{below, tops};

    /// 1 ─ 2 ─ 4, 1 ─ 3, and 5 on its own.
    const TREE: [(u8, Option<u8>); 5] = [
        (1, None),
        (2, Some(1)),
        (3, Some(1)),
        (4, Some(2)),
        (5, None),
    ];

    #[test]
    fn reach_is_the_led_units_and_everything_below_them() {
        let mut reach = below(&[1], &TREE);
        reach.sort();
        assert_eq!(reach, [1, 2, 3, 4]);
        assert_eq!(below(&[2, 4], &TREE).len(), 2, "each unit once");
        assert!(below(&[9], &TREE).is_empty(), "a unit of another tree");
    }

    #[test]
    fn the_tops_are_the_led_units_no_other_led_unit_is_above() {
        // Leading 2, 4 and 5: 4 is inside 2's reach, so one trend for 2 and one for 5.
        assert_eq!(tops(&[4, 2, 5], &TREE), [2, 5]);
        assert_eq!(tops(&[2, 2], &TREE), [2], "each unit once");
        assert!(tops(&[9], &TREE).is_empty(), "a unit of another tree");
        // A cycle in bad data does not hang: 6 and 7 are each other's parent.
        assert_eq!(tops(&[6], &[(6, Some(7)), (7, Some(6))]), [6]);
    }
}

#[cfg(test)]
mod nearest_leads_tests {
    use super::{managing_unit, nearest_leads};

    /// 1 (led by 10) ─ 2 (led by 20) ─ 3 (no lead)
    fn leads_of(u: u8) -> Vec<u8> {
        match u {
            1 => vec![10],
            2 => vec![20],
            _ => vec![],
        }
    }

    fn parent(u: u8) -> Option<u8> {
        (u > 1).then(|| u - 1)
    }

    #[test]
    fn the_nearest_unit_with_a_lead_other_than_the_person() {
        assert_eq!(nearest_leads(Some(3), 7, parent, leads_of), [20]);
        assert_eq!(nearest_leads(Some(2), 7, parent, leads_of), [20]);
        // A lead's manager is the lead above.
        assert_eq!(nearest_leads(Some(2), 20, parent, leads_of), [10]);
        assert!(nearest_leads(Some(1), 10, parent, leads_of).is_empty());
        assert!(nearest_leads(None, 7, parent, leads_of).is_empty());
        // A cycle ends.
        assert!(nearest_leads(Some(3), 7, Some, |_| vec![]).is_empty());
        assert_eq!(managing_unit(Some(3), 7, parent, leads_of), Some(2));
        assert_eq!(managing_unit(Some(2), 20, parent, leads_of), Some(1));
        assert_eq!(managing_unit(Some(1), 10, parent, leads_of), None);
    }
}
