//! What the decisions screen sends and receives.

use commonpot_app::{
    AmountView, AppError, Decision, DecisionMethod, DecisionState, PaperDifference, PaperLine,
    Voter,
};
use commonpot_core::Locale;
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NewDecisionDto {
    pub title: String,
    pub method: DecisionMethod,
    pub budget: Option<String>,
    pub pool: Option<String>,
    pub cap: Option<String>,
    /// Project codes; every open project when empty.
    pub options: Vec<String>,
    pub weights: Option<String>,
    pub quorum: Option<String>,
    pub threshold: Option<String>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OptionDto {
    pub code: String,
    pub title: String,
    pub cost: AmountView,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct VoterDto {
    pub member: String,
    pub name: String,
    pub weight: String,
    pub voted: bool,
}

impl From<Voter> for VoterDto {
    fn from(v: Voter) -> Self {
        VoterDto {
            member: v.member,
            name: v.name,
            weight: v.weight,
            voted: v.voted,
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DecisionDto {
    pub id: String,
    pub title: String,
    pub method: DecisionMethod,
    pub state: DecisionState,
    pub rule: String,
    pub options: Vec<OptionDto>,
    /// Who may vote, once voting is open.
    pub voters: Vec<VoterDto>,
}

impl DecisionDto {
    pub fn new(d: &Decision, voters: Vec<Voter>, locale: &Locale) -> Result<DecisionDto, AppError> {
        Ok(DecisionDto {
            id: d.record.id.to_string(),
            title: d.record.title.clone(),
            method: DecisionMethod::of(d)?,
            state: DecisionState::of(d.opened_at.is_some(), d.closed_at.is_some()),
            rule: d.record.rule.clone(),
            options: d
                .options
                .iter()
                .map(|o| OptionDto {
                    code: o.code.clone(),
                    title: o.title.clone(),
                    cost: AmountView::new(o.cost, locale),
                })
                .collect(),
            voters: voters.into_iter().map(VoterDto::from).collect(),
        })
    }
}

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BallotDto {
    pub decision: String,
    pub member: String,
    /// "yes", "no" or "abstain" for a motion; none for approvals.
    pub choice: Option<String>,
    /// The approved options' codes.
    pub approve: Vec<String>,
    /// Typed from a paper ballot.
    pub paper: bool,
}

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PaperEntryDto {
    pub decision: String,
    /// The number printed on the paper ballot.
    pub paper: String,
    /// 1 for the first volunteer's entry, 2 for the second's.
    pub pass: u8,
    pub member: String,
    pub choice: Option<String>,
    pub approve: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PaperLineDto {
    pub member: String,
    pub name: String,
    pub choice: String,
}

/// A paper ballot that does not count yet: waiting for its second entry, or differing.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PaperDifferenceDto {
    pub paper: String,
    pub first: Option<PaperLineDto>,
    pub second: Option<PaperLineDto>,
}

impl From<PaperDifference> for PaperDifferenceDto {
    fn from(p: PaperDifference) -> Self {
        let line = |l: Option<PaperLine>| {
            l.map(|l| PaperLineDto {
                member: l.member,
                name: l.name,
                choice: l.choice,
            })
        };
        PaperDifferenceDto {
            paper: p.paper,
            first: line(p.first),
            second: line(p.second),
        }
    }
}

/// What became of a paper ballot's entry: "waiting", "cast" or "differs".
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PaperOutcomeDto {
    pub outcome: String,
    pub decision: DecisionDto,
}
