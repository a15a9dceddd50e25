//! A team's anonymous weekly trend, and which of its figures may be shown.
//!
//! A manager sees, per week, their unit and each unit directly below it. A figure is shown only
//! for a group of at least `Threshold` people, and never when it, together with other shown
//! figures, would give away a smaller group: the unit's figure minus its shown sub-units is
//! the figure of everyone else, so that remainder must be empty or large enough too
//! (complementary suppression). Weeks are separate populations and are never summed, so the
//! rule is applied week by week.
//!
//! Figures are published only for weeks that have ended, and frozen then (`freeze`): reading
//! before and after one person's change (a grant, a withdrawal, an erasure, a move) would
//! otherwise give that person's answers away by subtraction, since a change rewrites the
//! weeks it touches. A frozen figure is shown as it was published for as long as what it was
//! made of is unchanged, and withdrawn otherwise (`as_published`); it never shows anything new.

/// The smallest group whose figures are shown. Configurable, never below `Threshold::FLOOR`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Threshold(u32);

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("the anonymity threshold is at least {} people", Threshold::FLOOR)]
pub struct ThresholdTooLow;

impl Threshold {
    pub const FLOOR: u32 = 3;
    pub const DEFAULT: Threshold = Threshold(5);

    pub fn new(n: u32) -> Result<Self, ThresholdTooLow> {
        if n >= Self::FLOOR {
            Ok(Self(n))
        } else {
            Err(ThresholdTooLow)
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

/// One week's sums for a group. Sums, not means, so groups add up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sums {
    /// People who checked in (and let their answers count).
    pub checked_in: u32,
    /// Of them, those who answered WHO-5 this week: the group the figures describe.
    pub who5_answers: u32,
    pub who5_total: u32,
    pub who5_below_50: u32,
}

impl Sums {
    pub fn add(&mut self, who5: Option<u8>) {
        self.checked_in += 1;
        if let Some(s) = who5 {
            self.who5_answers += 1;
            self.who5_total += u32::from(s);
            if s < crate::interpret::WHO5_LOW_BELOW {
                self.who5_below_50 += 1;
            }
        }
    }

    pub fn merge(&mut self, other: &Sums) {
        self.checked_in += other.checked_in;
        self.who5_answers += other.who5_answers;
        self.who5_total += other.who5_total;
        self.who5_below_50 += other.who5_below_50;
    }
}

/// What a manager is shown for one group and week.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figures {
    /// Mean WHO-5, one decimal.
    pub mean_who5: f64,
    /// Share with WHO-5 below 50, percent, whole.
    pub share_below_50: u32,
    /// Share of the group's members who checked in, percent, whole.
    pub participation: u32,
}

/// The figures for `sums` over a group of `members`, if `shown`.
pub fn figures(sums: &Sums, members: u32, shown: bool) -> Option<Figures> {
    if !shown || sums.who5_answers == 0 {
        return None;
    }
    let n = f64::from(sums.who5_answers);
    Some(Figures {
        mean_who5: (f64::from(sums.who5_total) / n * 10.0).round() / 10.0,
        share_below_50: (f64::from(sums.who5_below_50) / n * 100.0).round() as u32,
        participation: if members == 0 {
            0
        } else {
            (f64::from(sums.checked_in.min(members)) / f64::from(members) * 100.0).round() as u32
        },
    })
}

/// One group's figures as published when its week closed. Only the size of a group that was
/// not shown is kept: its answers were never published, and a small group's sums would be
/// one person's answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Frozen {
    /// WHO-5 answers in the group when the week closed.
    pub size: u32,
    /// The group's sums and its member count, when its figures were shown.
    pub shown: Option<(Sums, u32)>,
}

/// Freezes a closed week for the whole tree: `sums[i]` and `members[i]` are node `i`'s group
/// totals (itself and everything below).
pub fn freeze(
    parents: &[Option<usize>],
    sums: &[Sums],
    members: &[u32],
    k: Threshold,
) -> Vec<Frozen> {
    let sizes: Vec<u32> = sums.iter().map(|s| s.who5_answers).collect();
    shown(parents, &sizes, k)
        .into_iter()
        .enumerate()
        .map(|(i, shown)| Frozen {
            size: sizes[i],
            shown: shown.then_some((sums[i], members[i])),
        })
        .collect()
}

/// What a published week shows for one group.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Published {
    Figures(Figures),
    /// Too few people, or it would give a small group away.
    TooFew,
    /// Nobody in the group answered WHO-5 that week.
    NoAnswers,
    /// It was published, and what it was made of has changed since (someone withdrew, erased
    /// their answers, moved, or was counted in afterwards): it is not shown any more, rather
    /// than shown with new values.
    Withdrawn,
}

/// A group's cell in a closed week: its frozen figure while the group's answers (`live`, the
/// sums as they are now) are what they were when it was frozen, and nothing new otherwise.
/// The sums are compared, not the people: two people who swap groups with exactly the same
/// answers leave both figures standing, which tells an observer only that their answers were
/// equal.
/// `frozen` is `None` for a group that did not exist when the week closed. A threshold raised
/// since hides more; one lowered shows nothing that was hidden.
pub fn as_published(frozen: Option<&Frozen>, live: &Sums, k: Threshold) -> Published {
    match frozen {
        Some(Frozen {
            size,
            shown: Some((sums, members)),
        }) if *size >= k.get() => {
            if sums == live {
                figures(sums, *members, true).map_or(Published::NoAnswers, Published::Figures)
            } else {
                Published::Withdrawn
            }
        }
        Some(Frozen { size: 0, .. }) if live.who5_answers == 0 => Published::NoAnswers,
        Some(Frozen { size: 0, .. }) => Published::Withdrawn,
        Some(_) => Published::TooFew,
        None if live.who5_answers == 0 => Published::NoAnswers,
        None => Published::TooFew,
    }
}

/// Which groups of a tree may be shown. `parents[i]` is the index of node `i`'s parent (every
/// parent comes before its children; the roots have `None`), `sizes[i]` the size of node
/// `i`'s whole group (its own people and everyone below). Returns one flag per node.
pub fn shown(parents: &[Option<usize>], sizes: &[u32], k: Threshold) -> Vec<bool> {
    let k = k.get();
    let n = sizes.len();
    let children: Vec<Vec<usize>> = (0..n)
        .map(|p| (0..n).filter(|&c| parents[c] == Some(p)).collect())
        .collect();
    let own = |p: usize| sizes[p] - children[p].iter().map(|&c| sizes[c]).sum::<u32>();
    // Primary suppression: groups that are too small.
    let mut shown: Vec<bool> = sizes.iter().map(|&s| s >= k).collect();
    loop {
        let known = derivable(&shown, parents, &children, &own);
        // A known group that is small, or whose unknown part is non-empty but small, gives a
        // small group away.
        let small = |size: u32| size > 0 && size < k;
        // What is known below a group: its nearest known sub-groups (one level down, or
        // further through unknown ones).
        let frontier = |p: usize| {
            let mut out = vec![];
            let mut stack = children[p].clone();
            while let Some(c) = stack.pop() {
                if known[c] {
                    out.push(c);
                } else {
                    stack.extend(&children[c]);
                }
            }
            out
        };
        let leak = (0..n).find(|&p| {
            let known_below: u32 = frontier(p).iter().map(|&c| sizes[c]).sum();
            known[p] && (small(sizes[p]) || small(sizes[p] - known_below))
        });
        let Some(p) = leak else {
            return shown;
        };
        // Hide one more figure, as close to the leak as possible: the smallest shown group
        // below it, else the group itself, else (a group known through its parent) the nearest
        // shown one around an ancestor, else the smallest shown group anywhere.
        let smallest = |candidates: &mut dyn Iterator<Item = usize>| {
            candidates
                .filter(|&c| shown[c])
                .min_by_key(|&c| (sizes[c], c))
        };
        let near = |q: usize| smallest(&mut frontier(q).into_iter()).or(shown[q].then_some(q));
        let ancestors = std::iter::successors(parents[p], |&q| parents[q]);
        let hide = near(p)
            .or_else(|| ancestors.into_iter().find_map(near))
            .or_else(|| smallest(&mut (0..n)))
            .expect("a leak needs a shown figure");
        shown[hide] = false;
    }
}

/// The groups whose figures follow from the shown ones: a group is its own people plus its
/// sub-groups, so when all but one part of that sum is known, the last is known too. A group's
/// own people are never shown, but an empty part is known to be nothing.
fn derivable(
    shown: &[bool],
    parents: &[Option<usize>],
    children: &[Vec<usize>],
    own: &dyn Fn(usize) -> u32,
) -> Vec<bool> {
    let n = shown.len();
    let mut known = shown.to_vec();
    let mut changed = true;
    while changed {
        changed = false;
        for p in 0..n {
            if children[p].is_empty() {
                continue;
            }
            let own_known = own(p) == 0;
            let unknown: Vec<usize> = children[p].iter().copied().filter(|&c| !known[c]).collect();
            if !known[p] && own_known && unknown.is_empty() {
                known[p] = true;
                changed = true;
            } else if known[p] && own_known && unknown.len() == 1 {
                known[unknown[0]] = true;
                changed = true;
            }
        }
    }
    debug_assert!(parents.len() == n);
    known
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const K5: Threshold = Threshold(5);

    #[test]
    fn the_threshold_never_goes_below_three() {
        assert_eq!(Threshold::new(2), Err(ThresholdTooLow));
        assert_eq!(Threshold::new(3).map(Threshold::get), Ok(3));
        assert_eq!(Threshold::DEFAULT.get(), 5);
    }

    #[test]
    fn small_groups_are_hidden() {
        // A unit of 9: team A 5, team B 4.
        let parents = [None, Some(0), Some(0)];
        assert_eq!(shown(&parents, &[9, 5, 4], K5), [true, false, false]);
    }

    #[test]
    fn a_unit_minus_its_shown_teams_must_not_leave_a_small_group() {
        // Unit 12: A 6, B 6, and nobody else: all shown.
        let parents = [None, Some(0), Some(0)];
        assert_eq!(shown(&parents, &[12, 6, 6], K5), [true, true, true]);
        // Unit 14: A 6, B 6, two people in the unit itself: 14 − 6 − 6 = 2, so one team hides.
        assert_eq!(shown(&parents, &[14, 6, 6], K5), [true, false, true]);
        // Unit 11: A 6, B 5, C 0 (empty team): fine.
        let parents = [None, Some(0), Some(0), Some(0)];
        assert_eq!(
            shown(&parents, &[11, 6, 5, 0], K5),
            [true, true, true, false]
        );
    }

    #[test]
    fn figures_are_means_and_shares_of_the_group() {
        let mut s = Sums::default();
        for w in [Some(40), Some(60), Some(72), None, Some(48), Some(80)] {
            s.add(w);
        }
        let f = figures(&s, 8, true).unwrap();
        assert_eq!(f.mean_who5, 60.0);
        assert_eq!(f.share_below_50, 40);
        assert_eq!(f.participation, 75);
        assert_eq!(figures(&s, 8, false), None);
        assert_eq!(figures(&Sums::default(), 8, true), None);
    }

    /// Independent of `shown`: the groups (atoms are each node's own people) whose figure is a
    /// linear combination of the shown figures.
    fn leaks(parents: &[Option<usize>], own: &[u32], shown: &[bool], k: u32) -> Option<Vec<usize>> {
        let n = own.len();
        let atoms: Vec<usize> = (0..n).filter(|&i| own[i] > 0).collect();
        let inside = |node: usize, atom: usize| {
            let mut a = Some(atom);
            while let Some(x) = a {
                if x == node {
                    return true;
                }
                a = parents[x];
            }
            false
        };
        let row = |node: usize| -> Vec<f64> {
            atoms
                .iter()
                .map(|&a| if inside(node, a) { 1.0 } else { 0.0 })
                .collect()
        };
        let rows: Vec<Vec<f64>> = (0..n).filter(|&i| shown[i]).map(row).collect();
        let base = rank(rows.clone());
        for mask in 1u32..(1 << atoms.len()) {
            let size: u32 = (0..atoms.len())
                .filter(|b| mask & (1 << b) != 0)
                .map(|b| own[atoms[b]])
                .sum();
            if size >= k {
                continue;
            }
            let v: Vec<f64> = (0..atoms.len())
                .map(|b| if mask & (1 << b) != 0 { 1.0 } else { 0.0 })
                .collect();
            let mut with = rows.clone();
            with.push(v);
            if rank(with) == base {
                return Some(
                    (0..atoms.len())
                        .filter(|b| mask & (1 << b) != 0)
                        .map(|b| atoms[b])
                        .collect(),
                );
            }
        }
        None
    }

    fn rank(mut m: Vec<Vec<f64>>) -> usize {
        let cols = m.first().map_or(0, Vec::len);
        let mut r = 0;
        for c in 0..cols {
            let Some(p) = (r..m.len()).find(|&i| m[i][c].abs() > 1e-9) else {
                continue;
            };
            m.swap(r, p);
            for i in 0..m.len() {
                if i != r && m[i][c].abs() > 1e-9 {
                    let f = m[i][c] / m[r][c];
                    let pivot = m[r].clone();
                    for (x, p) in m[i].iter_mut().zip(pivot) {
                        *x -= f * p;
                    }
                }
            }
            r += 1;
        }
        r
    }

    /// Parents for a tree of `n` nodes, every parent before its children.
    fn parents(n: usize) -> Vec<BoxedStrategy<Option<usize>>> {
        (0..n)
            .map(|i| {
                if i == 0 {
                    Just(None).boxed()
                } else {
                    (0..i).prop_map(Some).boxed()
                }
            })
            .collect()
    }

    fn tree() -> impl Strategy<Value = (Vec<Option<usize>>, Vec<u32>)> {
        (1usize..=9).prop_flat_map(|n| {
            let parents = parents(n);
            let own = prop::collection::vec(prop_oneof![Just(0u32), 1u32..4, 1u32..12], n);
            (parents, own)
        })
    }

    #[test]
    fn a_frozen_figure_stays_while_its_answers_do_and_is_withdrawn_when_they_change() {
        // A unit of 6 answers, WHO-5 total 360, 8 members.
        let mut live = Sums::default();
        for w in [40, 60, 60, 60, 60, 80] {
            live.add(Some(w));
        }
        let frozen = freeze(&[None], &[live], &[8], K5);
        let published = as_published(frozen.first(), &live, K5);
        let Published::Figures(f) = published else {
            panic!("{published:?}")
        };
        assert_eq!(
            (f.mean_who5, f.share_below_50, f.participation),
            (60.0, 17, 75)
        );
        // A ninth member joins: participation stays as published.
        assert_eq!(as_published(frozen.first(), &live, K5), published);
        // The one below 50 withdraws: 5 people, mean 64, which would give their 40 away.
        let mut after = Sums::default();
        for w in [60, 60, 60, 60, 80] {
            after.add(Some(w));
        }
        assert_eq!(
            as_published(frozen.first(), &after, K5),
            Published::Withdrawn
        );
        // They count again: the same figure as before, nothing new.
        assert_eq!(as_published(frozen.first(), &live, K5), published);
        // A threshold raised to 7 since hides it.
        let k7 = Threshold::new(7).unwrap();
        assert_eq!(as_published(frozen.first(), &live, k7), Published::TooFew);
    }

    #[test]
    fn a_week_published_empty_or_small_never_shows_answers_that_come_later() {
        let empty = freeze(&[None], &[Sums::default()], &[4], K5);
        assert_eq!(
            as_published(empty.first(), &Sums::default(), K5),
            Published::NoAnswers
        );
        let mut later = Sums::default();
        later.add(Some(52));
        assert_eq!(
            as_published(empty.first(), &later, K5),
            Published::Withdrawn
        );
        let small = freeze(&[None], &[later], &[4], K5);
        assert_eq!(small[0].shown, None, "a small group's sums are not kept");
        assert_eq!(as_published(small.first(), &later, K5), Published::TooFew);
        // A unit made after the week closed.
        assert_eq!(as_published(None, &later, K5), Published::TooFew);
        assert_eq!(
            as_published(None, &Sums::default(), K5),
            Published::NoAnswers
        );
    }

    /// One person's place and answers in a closed week.
    #[derive(Clone, Debug)]
    struct Person {
        unit: usize,
        counted: bool,
        /// `None`: checked in without WHO-5; the outer `None`: no check-in (or erased).
        who5: Option<Option<u8>>,
    }

    /// A change one person makes, or that happens to them.
    #[derive(Clone, Debug)]
    enum Change {
        /// Granted or withdrew being counted.
        Counted(bool),
        /// Deleted their check-ins.
        Erased,
        /// Moved to another unit.
        Moved(usize),
        /// Answered otherwise (a replaced check-in).
        Answered(Option<u8>),
    }

    fn live(parents: &[Option<usize>], people: &[Person]) -> (Vec<Sums>, Vec<u32>) {
        let n = parents.len();
        let (mut sums, mut members) = (vec![Sums::default(); n], vec![0u32; n]);
        for p in people {
            members[p.unit] += 1;
            if let (true, Some(who5)) = (p.counted, p.who5) {
                sums[p.unit].add(who5);
            }
        }
        for i in (1..n).rev() {
            let (child, p) = (sums[i], parents[i].unwrap());
            sums[p].merge(&child);
            members[p] += members[i];
        }
        (sums, members)
    }

    /// A tree, its people in one closed week, and changes made by (index into people) someone.
    type ClosedWeek = (Vec<Option<usize>>, Vec<Person>, Vec<(usize, Change)>);

    fn week() -> impl Strategy<Value = ClosedWeek> {
        (1usize..=6).prop_flat_map(|n| {
            let parents = parents(n);
            let who5 = prop_oneof![Just(None), (0u8..=25).prop_map(|r| Some(r * 4))];
            let person = (
                0..n,
                any::<bool>(),
                prop::option::weighted(0.9, who5.clone()),
            )
                .prop_map(|(unit, counted, who5)| Person {
                    unit,
                    counted,
                    who5,
                });
            let people = prop::collection::vec(person, 0..24);
            let change = prop_oneof![
                any::<bool>().prop_map(Change::Counted),
                Just(Change::Erased),
                (0..n).prop_map(Change::Moved),
                who5.prop_map(Change::Answered),
            ];
            let changes = prop::collection::vec((0usize..24, change), 1..5);
            (parents, people, changes)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn no_combination_of_shown_figures_reveals_a_small_group((parents, own) in tree(), k in 3u32..=6) {
            let n = own.len();
            let mut sizes = own.clone();
            for i in (1..n).rev() {
                let p = parents[i].unwrap();
                sizes[p] += sizes[i];
            }
            let flags = shown(&parents, &sizes, Threshold(k));
            for i in 0..n {
                prop_assert!(!flags[i] || sizes[i] >= k, "node {} of size {} shown", i, sizes[i]);
            }
            prop_assert_eq!(leaks(&parents, &own, &flags, k), None, "sizes {:?} shown {:?}", sizes, flags);
        }

        #[test]
        fn after_any_changes_every_published_figure_is_as_published_or_suppressed(
            (parents, mut people, changes) in week(),
            k in 3u32..=6,
        ) {
            let k = Threshold(k);
            let (sums, members) = live(&parents, &people);
            let frozen = freeze(&parents, &sums, &members, k);
            let first: Vec<Published> =
                (0..parents.len()).map(|i| as_published(frozen.get(i), &sums[i], k)).collect();
            for (i, f) in frozen.iter().enumerate() {
                prop_assert_eq!(f.shown.is_some(), matches!(first[i], Published::Figures(_)));
            }
            for (who, change) in changes {
                if people.is_empty() {
                    break;
                }
                let at = who % people.len();
                let p = &mut people[at];
                match change {
                    Change::Counted(c) => p.counted = c,
                    Change::Erased => p.who5 = None,
                    Change::Moved(u) => p.unit = u,
                    Change::Answered(a) => p.who5 = Some(a),
                }
                let (now, _) = live(&parents, &people);
                for i in 0..parents.len() {
                    let read = as_published(frozen.get(i), &now[i], k);
                    prop_assert!(
                        read == first[i] || matches!(read, Published::TooFew | Published::Withdrawn),
                        "node {}: published {:?}, now {:?}", i, first[i], read
                    );
                }
            }
        }
    }
}
