//! A decision's result as the desktop draws it: amounts with the association's text, and the
//! shares its bars and sentences need, computed here so no front end does arithmetic.

use commonpot_core::{Amount, Currency, Decimal, Locale};
use serde::Serialize;

use super::{DecisionMethod, Tally};
use crate::AmountView;

/// A decision's result for the screen. Weights and weighted votes are plain decimals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TallyView {
    pub decision: String,
    pub title: String,
    pub method: DecisionMethod,
    pub provisional: bool,
    pub ballots: u32,
    pub counting: String,
    pub rule_explained: String,
    pub passed: Option<bool>,
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub yes: Option<Decimal>,
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub no: Option<Decimal>,
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub abstain: Option<Decimal>,
    /// Turnout in per cent of the electorate's weight, one decimal.
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub turnout_percent: Option<Decimal>,
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub quorum_percent: Option<Decimal>,
    pub quorum_met: Option<bool>,
    /// "simple" or "two-thirds".
    pub threshold: Option<String>,
    pub budget: Option<AmountView>,
    pub spent: Option<AmountView>,
    pub options: Vec<OptionView>,
    pub pool: Option<AmountView>,
    pub unallocated: Option<AmountView>,
    pub matches: Vec<MatchView>,
    pub weights: Vec<WeightView>,
}

/// A budget option's line, with the widths of its two bars.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct OptionView {
    pub code: String,
    pub title: String,
    pub cost: AmountView,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub support: Decimal,
    /// Weighted support as a share of the best-supported option's, 0–100.
    pub support_percent: u32,
    /// Cost as a share of the budget, 0–100 (capped).
    pub cost_percent: u32,
    pub funded: bool,
    pub step: Option<String>,
}

/// A project's match in a quadratic round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MatchView {
    pub code: String,
    pub contributors: u32,
    pub contributed: AmountView,
    /// (Σ√cᵢ)² − Σcᵢ
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub raw: Decimal,
    pub capped: bool,
    pub amount: AmountView,
}

/// One member's frozen weight and the points behind it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct WeightView {
    pub member: String,
    pub name: String,
    pub meetings: u32,
    pub shifts: u32,
    pub giving_months: u32,
    pub points: u32,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub weight: Decimal,
}

impl TallyView {
    pub fn new(t: &Tally, currency: Currency, locale: &Locale) -> TallyView {
        let money = |value: Decimal| amount_view(value, currency, locale);
        let motion = t.motion.as_ref();
        let matching = t.matching.as_ref();
        TallyView {
            decision: t.decision.clone(),
            title: t.title.clone(),
            method: t.method,
            provisional: t.provisional,
            ballots: u32::try_from(t.ballots).unwrap_or(u32::MAX),
            counting: t.counting.clone(),
            rule_explained: t.rule_explained.clone(),
            passed: motion.map(|m| m.passed),
            yes: motion.map(|m| m.yes),
            no: motion.map(|m| m.no),
            abstain: motion.map(|m| m.abstain),
            turnout_percent: motion.map(|m| percent_one_place(m.turnout)),
            quorum_percent: motion.map(|m| percent_one_place(m.quorum)),
            quorum_met: motion.map(|m| m.quorum_met),
            threshold: motion.map(|m| m.threshold.as_str().to_string()),
            budget: t.budget.as_ref().map(|b| money(b.budget)),
            spent: t.budget.as_ref().map(|b| money(b.spent)),
            options: option_views(t, &money),
            pool: matching.map(|q| money(q.pool)),
            unallocated: matching.map(|q| money(q.unallocated)),
            matches: matching
                .iter()
                .flat_map(|q| &q.arithmetic)
                .map(|m| MatchView {
                    code: m.code.clone(),
                    contributors: u32::try_from(m.contributors).unwrap_or(u32::MAX),
                    contributed: money(m.contributed),
                    raw: m.raw,
                    capped: m.capped,
                    amount: money(m.amount),
                })
                .collect(),
            weights: t
                .weights
                .iter()
                .map(|w| WeightView {
                    member: w.member.clone(),
                    name: w.name.clone(),
                    meetings: w.meetings,
                    shifts: w.shifts,
                    giving_months: w.giving_months,
                    points: w.points,
                    weight: w.weight,
                })
                .collect(),
        }
    }
}

fn option_views(t: &Tally, money: &dyn Fn(Decimal) -> AmountView) -> Vec<OptionView> {
    let Some(b) = &t.budget else {
        return Vec::new();
    };
    let best = b
        .options
        .iter()
        .map(|o| o.support)
        .max()
        .unwrap_or_default();
    b.options
        .iter()
        .map(|o| OptionView {
            code: o.code.clone(),
            title: o.title.clone(),
            cost: money(o.cost),
            support: o.support,
            support_percent: whole_percent(o.support, best),
            cost_percent: whole_percent(o.cost, b.budget),
            funded: o.funded,
            step: o.step.clone(),
        })
        .collect()
}

/// An amount of the result as the association writes it. Results keep amounts at the
/// currency's scale, so the plain text stands in only for a damaged one.
fn amount_view(value: Decimal, currency: Currency, locale: &Locale) -> AmountView {
    match Amount::from_decimal(value, currency) {
        Some(amount) => AmountView::new(amount, locale),
        None => AmountView {
            value: value.to_string(),
            text: value.to_string(),
        },
    }
}

/// `part` as a whole percentage of `whole`, 0–100; 0 when there is no whole.
fn whole_percent(part: Decimal, whole: Decimal) -> u32 {
    if whole <= Decimal::ZERO {
        return 0;
    }
    let percent = (part * Decimal::ONE_HUNDRED / whole)
        .round()
        .clamp(Decimal::ZERO, Decimal::ONE_HUNDRED);
    u32::try_from(percent).unwrap_or(0)
}

/// A share (0.4733) in per cent to one decimal (47.3).
fn percent_one_place(share: Decimal) -> Decimal {
    (share * Decimal::ONE_HUNDRED).round_dp(1).normalize()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_whole_and_capped() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(whole_percent(d("1"), d("3")), 33);
        assert_eq!(whole_percent(d("2"), d("3")), 67);
        assert_eq!(whole_percent(d("5"), d("3")), 100);
        assert_eq!(whole_percent(d("5"), d("0")), 0);
        assert_eq!(whole_percent(d("0"), d("7.5")), 0);
        assert_eq!(percent_one_place(d("0.4733")).to_string(), "47.3");
        assert_eq!(percent_one_place(d("0.25")).to_string(), "25");
    }
}
