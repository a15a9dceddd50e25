//! A team's anonymous weekly trend, and which of its figures may be shown.
//!
//! A manager sees, per week, their unit and each unit directly below it. A figure is shown only
//! for a group of at least `Threshold` people, and never when it, together with other shown
//! figures, would give away a smaller group: the unit's figure minus its shown sub-units is
//! the figure of everyone else, so that remainder must be empty or large enough too
//! (complementary suppression). Weeks are separate populations and are never summed, so the
//! rule is applied week by week.

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

    fn tree() -> impl Strategy<Value = (Vec<Option<usize>>, Vec<u32>)> {
        (1usize..=9).prop_flat_map(|n| {
            let parents = (0..n)
                .map(|i| {
                    if i == 0 {
                        Just(None).boxed()
                    } else {
                        (0..i).prop_map(Some).boxed()
                    }
                })
                .collect::<Vec<_>>();
            let own = prop::collection::vec(prop_oneof![Just(0u32), 1u32..4, 1u32..12], n);
            (parents, own)
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
    }
}
