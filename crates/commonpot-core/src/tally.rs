//! Counting a decision: motions, project selection within a budget (greedy and the Method of
//! Equal Shares) and quadratic matching. Pure and exact: weights and money are decimals,
//! every tie is broken by a rule written here and printed with the result, and the same
//! ballots always give the same result.
//!
//! Options are referred to by their index in the decision's list of options, which is also
//! the order written in the decision (the last tie-break).

use rust_decimal::prelude::*;

/// How a member voted on a motion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MotionChoice {
    Yes,
    No,
    Abstain,
}

/// What share of weighted yes + no a motion needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Threshold {
    /// More yes than no.
    Simple,
    /// At least two thirds of yes + no.
    TwoThirds,
}

impl Threshold {
    pub fn as_str(self) -> &'static str {
        match self {
            Threshold::Simple => "simple",
            Threshold::TwoThirds => "two-thirds",
        }
    }

    pub fn parse(text: &str) -> Option<Threshold> {
        match text.trim().to_ascii_lowercase().as_str() {
            "simple" => Some(Threshold::Simple),
            "two-thirds" | "2/3" => Some(Threshold::TwoThirds),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MotionResult {
    pub yes: Decimal,
    pub no: Decimal,
    pub abstain: Decimal,
    /// The weight of every member entitled to vote.
    pub electorate: Decimal,
    /// Weighted ballots cast (abstentions included) as a share of the electorate.
    pub turnout: Decimal,
    pub quorum_met: bool,
    pub passed: bool,
}

/// The rule printed with a motion's result.
pub const MOTION_RULE: &str = "passes when weighted turnout (abstentions count) reaches the quorum and yes exceeds no \
(simple) or reaches two thirds of yes + no (two-thirds); a tie does not pass";

/// Tallies a motion: `ballots` are (weight, choice); `electorate` the total weight of every
/// member entitled to vote; `quorum` a share between 0 and 1.
pub fn motion(
    electorate: Decimal,
    ballots: &[(Decimal, MotionChoice)],
    quorum: Decimal,
    threshold: Threshold,
) -> MotionResult {
    let sum = |choice| {
        ballots
            .iter()
            .filter(|b| b.1 == choice)
            .map(|b| b.0)
            .sum::<Decimal>()
    };
    let (yes, no, abstain) = (
        sum(MotionChoice::Yes),
        sum(MotionChoice::No),
        sum(MotionChoice::Abstain),
    );
    let cast = yes + no + abstain;
    let turnout = if electorate.is_zero() {
        Decimal::ZERO
    } else {
        cast / electorate
    };
    // Compared without dividing: cast ≥ quorum · electorate.
    let quorum_met = !cast.is_zero() && cast >= quorum * electorate;
    let carried = match threshold {
        Threshold::Simple => yes > no,
        Threshold::TwoThirds => {
            !yes.is_zero() && yes * Decimal::from(3) >= (yes + no) * Decimal::from(2)
        }
    };
    MotionResult {
        yes,
        no,
        abstain,
        electorate,
        turnout: turnout.round_dp(4),
        quorum_met,
        passed: quorum_met && carried,
    }
}

/// An approval ballot: the voter's weight and the options they approve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Approval {
    pub weight: Decimal,
    pub approved: Vec<usize>,
}

/// What a budget method chose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// Options in the order chosen.
    pub funded: Vec<usize>,
    /// The sum of the chosen options' costs; never above the budget.
    pub spent: Decimal,
    /// Each option's weighted approval.
    pub support: Vec<Decimal>,
    /// How each option came to be chosen, in order: "greedy", "equal shares", "completion".
    pub steps: Vec<(usize, &'static str)>,
    /// For equal shares: the per-weight starting share of the budget that gave the outcome.
    pub share: Option<Decimal>,
}

pub const GREEDY_RULE: &str = "options by weighted approval, most first; a tie goes to the cheaper option, then to the one \
written first; an option that no longer fits the budget is skipped";

pub const EQUAL_SHARES_RULE: &str = "Method of Equal Shares: every voter starts with a share of the budget in proportion \
to their weight; an option is bought by its supporters paying in proportion to their weight as far as their money \
allows; the option needing the smallest payment per unit of weight goes first (a tie goes to more weighted approval, \
then the cheaper option, then the one written first); then Add1: every voter's share per unit of weight is raised by \
one currency unit and the method rerun, as long as the outcome stays within the budget; then greedy on what is left";

/// Weighted approval per option.
pub fn support(options: usize, ballots: &[Approval]) -> Vec<Decimal> {
    let mut support = vec![Decimal::ZERO; options];
    for b in ballots {
        for &o in &b.approved {
            support[o] += b.weight;
        }
    }
    support
}

/// Greedy by weighted approval within `budget`.
pub fn greedy(costs: &[Decimal], ballots: &[Approval], budget: Decimal) -> Selection {
    let support = support(costs.len(), ballots);
    let mut selection = Selection {
        funded: Vec::new(),
        spent: Decimal::ZERO,
        support,
        steps: Vec::new(),
        share: None,
    };
    complete_greedy(costs, budget, &mut selection);
    selection
}

/// Adds, in greedy order, every option not yet funded that still fits.
fn complete_greedy(costs: &[Decimal], budget: Decimal, selection: &mut Selection) {
    let step = if selection.share.is_some() {
        "completion"
    } else {
        "greedy"
    };
    let mut order: Vec<usize> = (0..costs.len())
        .filter(|o| !selection.funded.contains(o))
        .collect();
    order.sort_by(|&a, &b| {
        selection.support[b]
            .cmp(&selection.support[a])
            .then(costs[a].cmp(&costs[b]))
            .then(a.cmp(&b))
    });
    for o in order {
        if selection.support[o].is_zero() {
            continue;
        }
        if selection.spent + costs[o] <= budget {
            selection.spent += costs[o];
            selection.funded.push(o);
            selection.steps.push((o, step));
        }
    }
}

/// The Method of Equal Shares for weighted voters with Add1 completion and a final greedy
/// pass. `unit` is the currency's smallest step of the per-weight share (one currency unit).
pub fn equal_shares(
    costs: &[Decimal],
    ballots: &[Approval],
    budget: Decimal,
    unit: Decimal,
) -> Selection {
    let support = support(costs.len(), ballots);
    let total_weight: Decimal = ballots.iter().map(|b| b.weight).sum();
    let mut selection = Selection {
        funded: Vec::new(),
        spent: Decimal::ZERO,
        support: support.clone(),
        steps: Vec::new(),
        share: Some(Decimal::ZERO),
    };
    if total_weight.is_zero() {
        return selection;
    }
    let supporters = supporters_of(costs.len(), ballots);
    let start = budget / total_weight;
    let mut share = start;
    let mut best = mes(costs, ballots, &supporters, &support, share);
    let mut best_share = share;
    // Add1: raise the share while the outcome stays within the budget. An outcome funding
    // everything cannot grow, and one share above the whole budget cannot change again.
    while best.len() < costs.iter().filter(|c| !c.is_zero()).count() && share <= budget {
        share += unit;
        let next = mes(costs, ballots, &supporters, &support, share);
        let cost: Decimal = next.iter().map(|&o| costs[o]).sum();
        if cost > budget {
            break;
        }
        best = next;
        best_share = share;
    }
    selection.spent = best.iter().map(|&o| costs[o]).sum();
    selection.steps = best.iter().map(|&o| (o, "equal shares")).collect();
    selection.funded = best;
    selection.share = Some(best_share);
    complete_greedy(costs, budget, &mut selection);
    selection
}

fn supporters_of(options: usize, ballots: &[Approval]) -> Vec<Vec<usize>> {
    let mut supporters = vec![Vec::new(); options];
    for (v, b) in ballots.iter().enumerate() {
        for &o in &b.approved {
            supporters[o].push(v);
        }
    }
    supporters
}

/// One run of equal shares with `share` per unit of weight; the options bought, in order.
fn mes(
    costs: &[Decimal],
    ballots: &[Approval],
    supporters: &[Vec<usize>],
    support: &[Decimal],
    share: Decimal,
) -> Vec<usize> {
    let mut money: Vec<Decimal> = ballots.iter().map(|b| b.weight * share).collect();
    // The payment per unit of weight an option needs never falls as voters spend, so the last
    // one computed is a lower bound: options are tried cheapest bound first and the search
    // stops once no remaining bound can beat the best found.
    let mut bound: Vec<Decimal> = vec![Decimal::ZERO; costs.len()];
    let mut remaining: Vec<usize> = (0..costs.len())
        .filter(|&o| !support[o].is_zero())
        .collect();
    let mut chosen = Vec::new();
    let mut order: Vec<(Decimal, usize)> = Vec::new();
    loop {
        remaining.sort_by(|&a, &b| bound[a].cmp(&bound[b]).then(a.cmp(&b)));
        let mut best: Option<(Decimal, usize)> = None;
        let mut unaffordable = Vec::new();
        for &o in &remaining {
            if let Some((rho, _)) = best
                && bound[o] > rho
            {
                break;
            }
            match payment_per_weight(costs[o], &supporters[o], ballots, &money, &mut order) {
                None => unaffordable.push(o),
                Some(rho) => {
                    bound[o] = rho;
                    let better = match best {
                        None => true,
                        Some((r, b)) => rho
                            .cmp(&r)
                            .then(support[b].cmp(&support[o]))
                            .then(costs[o].cmp(&costs[b]))
                            .then(o.cmp(&b))
                            .is_lt(),
                    };
                    if better {
                        best = Some((rho, o));
                    }
                }
            }
        }
        // Money only goes down: an option unaffordable now stays so.
        remaining.retain(|o| !unaffordable.contains(o));
        let Some((rho, o)) = best else {
            return chosen;
        };
        for &v in &supporters[o] {
            let pay = money[v].min(rho * ballots[v].weight);
            money[v] -= pay;
        }
        chosen.push(o);
        remaining.retain(|&r| r != o);
    }
}

/// The smallest ρ with Σ min(money_v, ρ·w_v) = cost over the supporters; None when their
/// money together does not reach the cost.
fn payment_per_weight(
    cost: Decimal,
    supporters: &[usize],
    ballots: &[Approval],
    money: &[Decimal],
    order: &mut Vec<(Decimal, usize)>,
) -> Option<Decimal> {
    let total: Decimal = supporters.iter().map(|&v| money[v]).sum();
    if total < cost || cost.is_zero() {
        return if cost.is_zero() {
            Some(Decimal::ZERO)
        } else {
            None
        };
    }
    order.clear();
    order.extend(
        supporters
            .iter()
            .map(|&v| (money[v] / ballots[v].weight, v)),
    );
    order.sort_unstable();
    let mut rest = cost;
    let mut weight: Decimal = supporters.iter().map(|&v| ballots[v].weight).sum();
    for &(per_weight, v) in order.iter() {
        if per_weight * weight >= rest {
            return Some(rest / weight);
        }
        rest -= money[v];
        weight -= ballots[v].weight;
    }
    // Rounding at the 28th digit: everyone pays all they have.
    Some(order.last().map_or(Decimal::ZERO, |l| l.0))
}

/// One project's match in a quadratic funding round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// (Σ√cᵢ)² − Σcᵢ over the project's contributors.
    pub raw: Decimal,
    pub sum_of_roots: Decimal,
    pub contributed: Decimal,
    pub contributors: usize,
    /// Whether the cap limited the match.
    pub capped: bool,
    /// The match, in the currency's minor units.
    pub amount: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matching {
    pub matches: Vec<Match>,
    /// What no project could take (every project capped or none with a raw match).
    pub unallocated: Decimal,
}

pub const QUADRATIC_RULE: &str = "each project's share of the pool is proportional to (Σ√cᵢ)² − Σcᵢ over each \
contributor's total cᵢ in the round (kept to 12 decimals; contributions without a member count as one contributor per project); a share \
above the cap is cut to the cap and what that frees is shared among the others the same way; shares are rounded down \
to the currency's minor unit and the units left over go to the largest remainders, a tie to the project written first";

/// Quadratic matching of `pool` over `projects`, each a list of its contributors' totals.
/// `cap` is the most one project may get, as a share of the pool; `minor_units` the
/// currency's decimals.
pub fn quadratic(
    projects: &[Vec<Decimal>],
    pool: Decimal,
    cap: Decimal,
    minor_units: u32,
) -> Matching {
    let mut matches: Vec<Match> = projects
        .iter()
        .map(|contributions| {
            let roots: Decimal = contributions.iter().map(|&c| root(c)).sum();
            let contributed: Decimal = contributions.iter().sum();
            // Square roots are irrational: kept to 28 digits, and the raw match to 12 decimals so
            // that rounding noise cannot give a lone contributor a match.
            let raw = if contributions.len() < 2 {
                Decimal::ZERO
            } else {
                (roots * roots - contributed)
                    .max(Decimal::ZERO)
                    .round_dp(12)
            };
            Match {
                raw,
                sum_of_roots: roots,
                contributed,
                contributors: contributions.len(),
                capped: false,
                amount: Decimal::ZERO,
            }
        })
        .collect();
    let ceiling = pool * cap;
    let mut exact = vec![Decimal::ZERO; projects.len()];
    let mut active: Vec<usize> = (0..projects.len())
        .filter(|&p| !matches[p].raw.is_zero())
        .collect();
    let mut left = pool;
    loop {
        let total: Decimal = active.iter().map(|&p| matches[p].raw).sum();
        if active.is_empty() || total.is_zero() {
            break;
        }
        let over: Vec<usize> = active
            .iter()
            .copied()
            .filter(|&p| left * matches[p].raw / total > ceiling)
            .collect();
        if over.is_empty() {
            for &p in &active {
                exact[p] = left * matches[p].raw / total;
            }
            break;
        }
        for &p in &over {
            exact[p] = ceiling;
            matches[p].capped = true;
            left -= ceiling;
        }
        active.retain(|p| !over.contains(p));
    }
    // Round down to the minor unit; hand out the units left over by largest remainder.
    let allocated: Decimal = exact.iter().sum();
    let target =
        allocated.round_dp_with_strategy(minor_units, RoundingStrategy::MidpointNearestEven);
    let floors: Vec<Decimal> = exact
        .iter()
        .map(|e| e.round_dp_with_strategy(minor_units, RoundingStrategy::ToZero))
        .collect();
    let unit = Decimal::new(1, minor_units);
    let mut units_left = ((target - floors.iter().sum::<Decimal>()) / unit)
        .to_i64()
        .unwrap_or(0)
        .max(0);
    let mut by_remainder: Vec<usize> = (0..exact.len()).filter(|&p| exact[p] > floors[p]).collect();
    by_remainder.sort_by(|&a, &b| {
        (exact[b] - floors[b])
            .cmp(&(exact[a] - floors[a]))
            .then(a.cmp(&b))
    });
    for (p, m) in matches.iter_mut().enumerate() {
        m.amount = floors[p];
    }
    for p in by_remainder {
        if units_left == 0 {
            break;
        }
        matches[p].amount += unit;
        units_left -= 1;
    }
    let paid: Decimal = matches.iter().map(|m| m.amount).sum();
    Matching {
        matches,
        unallocated: pool - paid,
    }
}

/// √x to Decimal's precision, without floating point: the integer square root of the
/// mantissa scaled up to about 35 digits gives 17 or more correct digits, and two Newton steps
/// in Decimal arithmetic (each doubling them) reach all 28. Several times faster than Decimal's
/// own iteration from scratch, and exact integer arithmetic throughout.
fn root(x: Decimal) -> Decimal {
    if x <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    let mut m = x.mantissa().unsigned_abs();
    let mut e = x.scale();
    if e % 2 == 1 {
        m *= 10;
        e += 1;
    }
    while m < 10u128.pow(34) && e / 2 < 28 {
        m *= 100;
        e += 2;
    }
    let mut r = Decimal::from_i128_with_scale(m.isqrt() as i128, e / 2);
    for _ in 0..2 {
        r = (r + x / r) / Decimal::TWO;
    }
    r
}

#[cfg(test)]
mod tests;
