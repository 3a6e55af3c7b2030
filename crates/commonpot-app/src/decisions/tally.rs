//! A decision's result: counted from the ballots while voting is open, frozen into the store
//! as a versioned JSON document when it closes, and read back typed.
//!
//! The document is the record members check: its field names and the text of its values
//! (decimals as strings, instants as `2026-03-14T18:00:00Z`) never change within a version.
//! A document from a newer version is refused rather than half read.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, SubsecRound, Utc};
use commonpot_core::tally::{self, Approval, MotionChoice, Threshold};
use commonpot_core::weights::{Participation, WeightRule};
use commonpot_core::{Currency, Decimal, Key, MemberId, Text};
use commonpot_store::decisions::{self as store, Decision};
use commonpot_store::{Connection, StoreError};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::books::Books;
use crate::{AppError, Field, Result};

/// The version of the frozen result this build writes. Results frozen before versions were
/// written read as version 1, which is the same document.
pub const TALLY_VERSION: u32 = 1;

/// How a decision is counted; a request that names none is for a motion.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum DecisionMethod {
    /// Yes, no or abstain on one motion, by weighted majority.
    #[default]
    Motion,
    /// Projects within a budget, most weighted approval first.
    Greedy,
    /// Projects within a budget by the Method of Equal Shares.
    EqualShares,
    /// Contributions to projects matched from a pool, quadratically.
    Quadratic,
}

impl DecisionMethod {
    pub const ALL: [DecisionMethod; 4] = [
        DecisionMethod::Motion,
        DecisionMethod::Greedy,
        DecisionMethod::EqualShares,
        DecisionMethod::Quadratic,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DecisionMethod::Motion => "motion",
            DecisionMethod::Greedy => "greedy",
            DecisionMethod::EqualShares => "equal-shares",
            DecisionMethod::Quadratic => "quadratic",
        }
    }

    /// The method named by `text` (any case, surrounding spaces ignored).
    pub fn parse(text: &str) -> Option<DecisionMethod> {
        let text = text.trim().to_ascii_lowercase();
        DecisionMethod::ALL.into_iter().find(|m| m.as_str() == text)
    }

    /// The method a person typed, refused with the methods there are.
    pub fn typed(text: &str) -> Result<DecisionMethod> {
        DecisionMethod::parse(text).ok_or_else(|| {
            let names: Vec<&str> = DecisionMethod::ALL.iter().map(|m| m.as_str()).collect();
            AppError::invalid(
                Field::Method,
                Text::new(Key::MethodUnknown)
                    .arg("text", text.trim())
                    .arg("words", names.join(", ")),
            )
        })
    }

    /// The method a stored decision was created with.
    pub fn of(d: &Decision) -> Result<DecisionMethod> {
        DecisionMethod::stored(d.record.id, &d.record.method)
    }

    /// The method of decision `id` as the store keeps it; an unknown one is damage.
    pub(crate) fn stored(id: Uuid, method: &str) -> Result<DecisionMethod> {
        DecisionMethod::parse(method).ok_or_else(|| {
            AppError::Store(StoreError::Damaged(format!(
                "decision {id} has the unknown method {method:?}"
            )))
        })
    }

    /// Whether the method picks projects within a budget.
    pub fn is_budget(self) -> bool {
        matches!(self, DecisionMethod::Greedy | DecisionMethod::EqualShares)
    }
}

impl std::fmt::Display for DecisionMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One member's weight and how it came about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeightLine {
    pub member: String,
    pub name: String,
    pub meetings: u32,
    pub shifts: u32,
    pub giving_months: u32,
    pub points: u32,
    pub weight: Decimal,
}

impl WeightLine {
    pub(crate) fn new(
        reference: &str,
        name: &str,
        p: Participation,
        weight: Decimal,
    ) -> WeightLine {
        WeightLine {
            member: reference.to_string(),
            name: name.to_string(),
            meetings: p.meetings,
            shifts: p.shifts,
            giving_months: p.giving_months,
            points: p.points(),
            weight,
        }
    }
}

/// A budget option's line in a result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionLine {
    pub code: String,
    pub title: String,
    /// The option's cost with the currency's decimals.
    pub cost: Decimal,
    /// Weighted approval.
    pub support: Decimal,
    pub funded: bool,
    /// "equal shares", "completion" or "greedy" when funded.
    pub step: Option<String>,
}

/// A project's match and the arithmetic behind it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchLine {
    pub code: String,
    pub contributors: usize,
    pub contributed: Decimal,
    pub sum_of_roots: Decimal,
    /// (Σ√cᵢ)² − Σcᵢ
    pub raw: Decimal,
    pub capped: bool,
    pub amount: Decimal,
}

/// A motion's weighted count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MotionOutcome {
    pub passed: bool,
    pub yes: Decimal,
    pub no: Decimal,
    pub abstain: Decimal,
    /// Weighted ballots cast as a share of the electorate's weight.
    pub turnout: Decimal,
    /// The share of the electorate's weight that must take part.
    pub quorum: Decimal,
    pub quorum_met: bool,
    #[serde(with = "threshold_name")]
    pub threshold: Threshold,
    /// The weight of every member entitled to vote.
    pub electorate: Decimal,
}

/// What a budget decision funds. Amounts carry the currency's decimals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetOutcome {
    pub budget: Decimal,
    /// Project codes in the order chosen.
    pub funded: Vec<String>,
    pub spent: Decimal,
    /// For equal shares: the per-weight share of the budget that gave the outcome.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub share: Option<Decimal>,
    pub options: Vec<OptionLine>,
}

/// How a matching pool is shared. Amounts carry the currency's decimals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchingOutcome {
    pub pool: Decimal,
    /// The largest share of the pool one project may receive.
    pub cap: Decimal,
    /// Project code → match.
    pub matches: BTreeMap<String, Decimal>,
    pub arithmetic: Vec<MatchLine>,
    pub unallocated: Decimal,
}

/// A decision's result: frozen when it closed, provisional before. Its JSON carries the
/// fields of the method's outcome beside the common ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// The document's version ([`TALLY_VERSION`] when this build counted it).
    #[serde(default = "first_version")]
    pub version: u32,
    pub decision: String,
    pub title: String,
    pub method: DecisionMethod,
    pub provisional: bool,
    #[serde(with = "instant")]
    pub opened_at: Option<DateTime<Utc>>,
    #[serde(with = "instant")]
    pub closed_at: Option<DateTime<Utc>>,
    pub rule: String,
    pub rule_explained: String,
    /// How the method counts and breaks ties.
    pub counting: String,
    pub ballots: usize,
    #[serde(flatten)]
    pub motion: Option<MotionOutcome>,
    #[serde(flatten)]
    pub budget: Option<BudgetOutcome>,
    #[serde(flatten)]
    pub matching: Option<MatchingOutcome>,
    pub weights: Vec<WeightLine>,
}

fn first_version() -> u32 {
    1
}

impl Tally {
    /// The frozen document as the store keeps it.
    pub(crate) fn to_document(&self) -> String {
        serde_json::to_string(self).expect("a tally serialises")
    }

    /// A frozen document read back; unreadable or newer documents are damage, never a guess.
    pub(crate) fn from_document(json: &str) -> Result<Tally> {
        let damaged = |why: String| AppError::Store(StoreError::Damaged(why));
        let tally: Tally = serde_json::from_str(json)
            .map_err(|e| damaged(format!("the frozen result is unreadable: {e}")))?;
        if tally.version > TALLY_VERSION {
            return Err(damaged(format!(
                "the frozen result is of version {}, newer than this Commonpot reads ({TALLY_VERSION})",
                tally.version
            )));
        }
        Ok(tally)
    }
}

/// Instants as the ledger writes them: UTC, whole seconds.
mod instant {
    use chrono::{DateTime, Utc};
    use commonpot_core::entry::instant_text;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(at: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match at {
            Some(at) => s.serialize_some(&instant_text(*at)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| {
                DateTime::parse_from_rfc3339(&text)
                    .map(|at| at.with_timezone(&Utc))
                    .map_err(serde::de::Error::custom)
            })
            .transpose()
    }
}

/// A threshold by its name: "simple" or "two-thirds".
mod threshold_name {
    use commonpot_core::tally::Threshold;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Threshold, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(t.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Threshold, D::Error> {
        let text = String::deserialize(d)?;
        Threshold::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown threshold {text:?}")))
    }
}

impl Books {
    /// Closes voting and freezes the result. Refused while paper ballots wait for their
    /// second entry or differ between their two.
    pub fn close_decision(&mut self, reference: &str) -> Result<Tally> {
        self.organiser_only("closing a vote")?;
        let d = self.decision(reference)?;
        if d.opened_at.is_none() {
            return Err(AppError::refused(Text::new(Key::DecisionNotOpen)));
        }
        if d.closed_at.is_some() {
            return Err(AppError::refused(Text::new(Key::DecisionClosed)));
        }
        let unsettled = self.differences_of(&d)?;
        if !unsettled.is_empty() {
            let papers: Vec<&str> = unsettled.iter().map(|p| p.paper.as_str()).collect();
            return Err(AppError::refused(
                Text::new(Key::PapersUnsettled)
                    .arg("count", unsettled.len())
                    .arg("papers", papers.join(", ")),
            ));
        }
        let now = self.now().trunc_subsecs(0);
        let currency = self.association().currency;
        let id = d.record.id;
        // Counted inside the closing transaction: no ballot can arrive between count and close.
        self.parts().0.write(|w| {
            if store::is_closed(w, id)? {
                return Err(AppError::refused(Text::new(Key::DecisionClosed)));
            }
            let mut tally = Books::count(w, currency, &d, now)?;
            tally.provisional = false;
            tally.closed_at = Some(now);
            let meta = w.next_meta(now)?;
            w.insert_decision_close(id, now, &tally.to_document(), &meta)?;
            Ok(tally)
        })
    }

    /// The frozen result of a closed decision, or the count so far of an open one.
    pub fn tally(&mut self, reference: &str) -> Result<Tally> {
        let d = self.decision(reference)?;
        if let Some(json) = &d.result {
            return Tally::from_document(json);
        }
        if d.opened_at.is_none() {
            return Err(AppError::refused(Text::new(Key::DecisionNotOpen)));
        }
        let now = self.now();
        Books::count(self.store().conn(), self.association().currency, &d, now)
    }

    /// Counts a decision's ballots (or, for matching, its round's contributions) as they
    /// stand in `conn`.
    fn count(
        conn: &Connection,
        currency: Currency,
        d: &Decision,
        until: DateTime<Utc>,
    ) -> Result<Tally> {
        let rule: WeightRule = d
            .record
            .rule
            .parse()
            .map_err(|t: Text| StoreError::Damaged(t.to_string()))?;
        let method = DecisionMethod::of(d)?;
        let frozen = store::frozen_weights(conn, d.record.id)?;
        let weights = Weights {
            of: frozen.iter().map(|w| (w.member, w.weight)).collect(),
            electorate: frozen.iter().map(|w| w.weight).sum(),
        };
        let ballots = store::ballots(conn, d.record.id)?;
        let mut tally = Tally {
            version: TALLY_VERSION,
            decision: d.record.id.to_string(),
            title: d.record.title.clone(),
            method,
            provisional: true,
            opened_at: d.opened_at.map(|at| at.trunc_subsecs(0)),
            closed_at: None,
            rule: rule.to_string(),
            rule_explained: rule.explain(),
            counting: String::new(),
            ballots: ballots.len(),
            motion: None,
            budget: None,
            matching: None,
            weights: frozen
                .iter()
                .map(|w| WeightLine::new(&w.reference, &w.name, w.participation, w.weight))
                .collect(),
        };
        match method {
            DecisionMethod::Motion => {
                tally.counting = tally::MOTION_RULE.into();
                tally.motion = Some(count_motion(d, &ballots, &weights));
            }
            DecisionMethod::Greedy | DecisionMethod::EqualShares => {
                tally.counting = match method {
                    DecisionMethod::Greedy => tally::GREEDY_RULE,
                    _ => tally::EQUAL_SHARES_RULE,
                }
                .into();
                tally.budget = Some(count_budget(method, d, &ballots, &weights, currency));
            }
            DecisionMethod::Quadratic => {
                tally.counting = tally::QUADRATIC_RULE.into();
                tally.matching = Some(count_matching(conn, d, currency, until)?);
            }
        }
        Ok(tally)
    }
}

/// The frozen weights of a decision's electorate.
struct Weights {
    of: HashMap<MemberId, Decimal>,
    electorate: Decimal,
}

impl Weights {
    /// A member's frozen weight; one for a ballot whose member has none frozen.
    fn of(&self, member: &MemberId) -> Decimal {
        self.of.get(member).copied().unwrap_or(Decimal::ONE)
    }
}

fn count_motion(d: &Decision, ballots: &[(MemberId, String)], weights: &Weights) -> MotionOutcome {
    let threshold = d
        .record
        .threshold
        .as_deref()
        .and_then(Threshold::parse)
        .unwrap_or(Threshold::Simple);
    let quorum = d.record.quorum.unwrap_or(Decimal::ZERO);
    let votes: Vec<(Decimal, MotionChoice)> = ballots
        .iter()
        .filter_map(|(member, choice)| {
            let choice = match choice.as_str() {
                "yes" => MotionChoice::Yes,
                "no" => MotionChoice::No,
                "abstain" => MotionChoice::Abstain,
                _ => return None,
            };
            Some((weights.of(member), choice))
        })
        .collect();
    let r = tally::motion(weights.electorate, &votes, quorum, threshold);
    MotionOutcome {
        passed: r.passed,
        yes: r.yes.normalize(),
        no: r.no.normalize(),
        abstain: r.abstain.normalize(),
        turnout: r.turnout.normalize(),
        quorum: quorum.normalize(),
        quorum_met: r.quorum_met,
        threshold,
        electorate: weights.electorate.normalize(),
    }
}

fn count_budget(
    method: DecisionMethod,
    d: &Decision,
    ballots: &[(MemberId, String)],
    weights: &Weights,
    currency: Currency,
) -> BudgetOutcome {
    let costs: Vec<Decimal> = d.options.iter().map(|o| o.cost.decimal()).collect();
    let approvals: Vec<Approval> = ballots
        .iter()
        .map(|(member, choice)| Approval {
            weight: weights.of(member),
            approved: choice
                .split(';')
                .filter_map(|p| p.parse::<usize>().ok())
                .filter(|&p| p < costs.len())
                .collect(),
        })
        .collect();
    let budget = d.record.budget.unwrap_or(Decimal::ZERO);
    let selection = if method == DecisionMethod::Greedy {
        tally::greedy(&costs, &approvals, budget)
    } else {
        tally::equal_shares(&costs, &approvals, budget, Decimal::ONE)
    };
    BudgetOutcome {
        budget: money(budget, currency),
        funded: selection
            .funded
            .iter()
            .map(|&o| d.options[o].code.clone())
            .collect(),
        spent: money(selection.spent, currency),
        share: selection.share.map(|s| s.round_dp(4).normalize()),
        options: d
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| OptionLine {
                code: o.code.clone(),
                title: o.title.clone(),
                cost: money(o.cost.decimal(), currency),
                support: selection.support[i].normalize(),
                funded: selection.funded.contains(&i),
                step: selection
                    .steps
                    .iter()
                    .find(|s| s.0 == i)
                    .map(|s| s.1.to_string()),
            })
            .collect(),
    }
}

fn count_matching(
    conn: &Connection,
    d: &Decision,
    currency: Currency,
    until: DateTime<Utc>,
) -> Result<MatchingOutcome> {
    let opened = d.opened_at.expect("counted only when open");
    let end = d.closed_at.unwrap_or(until);
    let mut projects = Vec::new();
    for o in &d.options {
        let mut per_member: BTreeMap<Option<MemberId>, Decimal> = BTreeMap::new();
        for (giver, amount) in store::round_contributions(conn, o.project, opened, end, currency)? {
            // Every contribution without a member counts as one contributor.
            *per_member.entry(giver).or_default() += amount.decimal();
        }
        projects.push(per_member.into_values().collect::<Vec<_>>());
    }
    let pool = d.record.pool.unwrap_or(Decimal::ZERO);
    let cap = d.record.cap.unwrap_or(Decimal::ONE);
    let m = tally::quadratic(&projects, pool, cap, currency.minor_units());
    let lines = d.options.iter().zip(&m.matches);
    Ok(MatchingOutcome {
        pool: money(pool, currency),
        cap: cap.normalize(),
        matches: lines
            .clone()
            .map(|(o, x)| (o.code.clone(), money(x.amount, currency)))
            .collect(),
        arithmetic: lines
            .map(|(o, x)| MatchLine {
                code: o.code.clone(),
                contributors: x.contributors,
                contributed: money(x.contributed, currency),
                sum_of_roots: x.sum_of_roots.round_dp(6).normalize(),
                raw: x.raw.round_dp(6).normalize(),
                capped: x.capped,
                amount: money(x.amount, currency),
            })
            .collect(),
        unallocated: money(m.unallocated, currency),
    })
}

/// An amount with exactly the currency's decimals ("120.00").
fn money(value: Decimal, currency: Currency) -> Decimal {
    let mut v = value.round_dp(currency.minor_units());
    v.rescale(currency.minor_units());
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use commonpot_core::entry::instant_text;

    #[test]
    fn a_result_frozen_before_versions_reads_as_version_one() {
        let old = r#"{"decision":"d","title":"Trees","method":"motion","provisional":false,
            "opened_at":"2026-03-01T18:00:00Z","closed_at":"2026-03-14T19:30:00Z",
            "rule":"r","rule_explained":"e","counting":"c","ballots":2,
            "passed":true,"yes":"3.5","no":"1","abstain":"0","turnout":"0.45",
            "quorum":"0.25","quorum_met":true,"threshold":"two-thirds","electorate":"10",
            "weights":[{"member":"M1","name":"A","meetings":1,"shifts":0,"giving_months":2,
            "points":3,"weight":"1.732"}]}"#;
        let t = Tally::from_document(old).unwrap();
        assert_eq!(t.version, 1);
        assert_eq!(t.method, DecisionMethod::Motion);
        let m = t.motion.as_ref().unwrap();
        assert_eq!(m.threshold, Threshold::TwoThirds);
        assert_eq!(m.yes.to_string(), "3.5");
        assert_eq!(t.weights[0].weight.to_string(), "1.732");
        assert_eq!(
            t.closed_at.map(instant_text).as_deref(),
            Some("2026-03-14T19:30:00Z")
        );
        // Written back, the same values keep their text.
        let again = t.to_document();
        for text in [
            r#""yes":"3.5""#,
            r#""weight":"1.732""#,
            r#""threshold":"two-thirds""#,
            r#""closed_at":"2026-03-14T19:30:00Z""#,
            r#""version":1"#,
        ] {
            assert!(again.contains(text), "{text} in {again}");
        }
    }

    #[test]
    fn a_newer_or_broken_result_is_damage_not_a_guess() {
        let newer = r#"{"version":2,"decision":"d","title":"t","method":"motion",
            "provisional":false,"opened_at":null,"closed_at":null,"rule":"r",
            "rule_explained":"e","counting":"c","ballots":0,"weights":[]}"#;
        let e = Tally::from_document(newer).unwrap_err();
        assert!(e.to_string().contains("version 2"), "{e}");
        let unknown = newer
            .replace(r#""version":2"#, r#""version":1"#)
            .replace("motion", "lottery");
        assert!(Tally::from_document(&unknown).is_err());
        assert!(Tally::from_document(r#"{"yes":"#).is_err());
    }

    #[test]
    fn methods_read_by_their_names_only() {
        for m in DecisionMethod::ALL {
            assert_eq!(
                DecisionMethod::parse(&format!(" {} ", m.as_str().to_uppercase())),
                Some(m)
            );
            assert_eq!(serde_json::to_string(&m).unwrap(), format!("\"{m}\""));
        }
        assert_eq!(DecisionMethod::parse("equal shares"), None);
        assert_eq!(DecisionMethod::parse(""), None);
    }
}
