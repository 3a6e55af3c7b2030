//! Participation and decisions: `meeting`, `shift`, `decision`, `ballot`, `weights`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use commonpot_app::{
    AppError, BallotChoice, BallotSource, DecisionMethod, Field, NewDecision, NewMeeting, NewShift,
    PaperOutcome, Result,
};
use commonpot_core::weights::WeightRule;
use commonpot_core::{Key, Text};

use super::context::Context;
use crate::output;

#[derive(Args)]
pub(crate) struct WeightsArgs {
    /// The day voting would open (the 12 months before it count).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub at: String,
    /// equal, sqrt (default), log, linear or bands, optionally with parameters ("sqrt cap=4").
    #[arg(long, value_name = "R")]
    pub rule: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand)]
pub(crate) enum MeetingCommand {
    /// Record a meeting with its attendance list. Prints the meeting's id.
    Add {
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        #[arg(long, value_name = "T")]
        title: String,
        /// Members present, by number or id, separated by commas.
        #[arg(long, value_name = "REF,REF,...", value_delimiter = ',')]
        attendees: Vec<String>,
        /// Who books the attendance (an organiser; not one of the attendees).
        #[arg(long, value_name = "REF")]
        by: Option<String>,
    },
    /// List the meetings, newest first.
    List,
}

#[derive(Subcommand)]
pub(crate) enum ShiftCommand {
    /// Record a volunteer shift. Prints its id.
    Add {
        #[arg(long, value_name = "REF")]
        member: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        /// What was done ("stall at the summer fair").
        #[arg(long, value_name = "T")]
        what: String,
        /// Who books the shift (an organiser or collector; not the volunteer).
        #[arg(long, value_name = "REF")]
        by: Option<String>,
    },
}

#[derive(Subcommand)]
pub(crate) enum DecisionCommand {
    /// Create a decision. Prints its id.
    Create {
        #[arg(long, value_name = "T")]
        title: String,
        /// motion, greedy, equal-shares or quadratic.
        #[arg(long, value_name = "M")]
        method: String,
        /// For greedy and equal-shares: the amount to distribute.
        #[arg(long, value_name = "AMOUNT")]
        budget: Option<String>,
        /// For quadratic: the matching pool.
        #[arg(long, value_name = "AMOUNT")]
        pool: Option<String>,
        /// For quadratic: the most one project may get, as a share of the pool (0.25 or 25%).
        #[arg(long, value_name = "SHARE")]
        cap: Option<String>,
        /// The projects to choose among, by code; REF=AMOUNT sets a cost other than the goal.
        /// Default: every project open for contributions.
        #[arg(long, value_name = "REF,REF,...", value_delimiter = ',')]
        options: Option<Vec<String>>,
        /// The weight rule: equal, sqrt (default), log, linear or bands.
        #[arg(long, value_name = "R")]
        weights: Option<String>,
        /// For a motion: weighted turnout needed, as a share (0.5 or 50%). Default none.
        #[arg(long, value_name = "SHARE")]
        quorum: Option<String>,
        /// For a motion: simple (default) or two-thirds.
        #[arg(long, value_name = "T")]
        threshold: Option<String>,
        /// Months before voting opens that count towards points (default 12).
        #[arg(long, value_name = "N")]
        window_months: Option<u32>,
    },
    /// Open voting and freeze every member's points and weight.
    Open {
        #[arg(value_name = "ID")]
        decision: String,
        /// When voting opens (default now).
        #[arg(long, value_name = "YYYY-MM-DDTHH:MM")]
        at: Option<String>,
    },
    /// Close voting and freeze the result; prints it.
    Close {
        #[arg(value_name = "ID")]
        decision: String,
        #[arg(long)]
        json: bool,
    },
    /// The result (frozen once closed, provisional before) with each member's weight.
    Tally {
        #[arg(value_name = "ID")]
        decision: String,
        #[arg(long)]
        json: bool,
    },
    /// List the decisions, newest first.
    List,
}

#[derive(Subcommand)]
pub(crate) enum BallotCommand {
    /// Record one member's ballot.
    Cast {
        #[arg(long, value_name = "ID")]
        decision: String,
        #[arg(long, value_name = "REF")]
        member: String,
        #[command(flatten)]
        choice: ChoiceArgs,
        /// Typed from a paper ballot (entered once; see `ballot enter` for double entry).
        #[arg(long)]
        paper: bool,
    },
    /// Double entry of a numbered paper ballot: each of two volunteers types it once (--pass 1,
    /// --pass 2); it counts when both agree.
    Enter {
        #[arg(long, value_name = "ID")]
        decision: String,
        /// The number printed on the paper ballot.
        #[arg(long, value_name = "N")]
        paper: String,
        /// 1 for the first volunteer's entry, 2 for the second's.
        #[arg(long, value_name = "1|2")]
        pass: u8,
        #[arg(long, value_name = "REF")]
        member: String,
        #[command(flatten)]
        choice: ChoiceArgs,
    },
    /// Paper ballots that do not count yet: waiting for their second entry, or differing.
    Differences {
        #[arg(long, value_name = "ID")]
        decision: String,
        #[arg(long)]
        json: bool,
    },
    /// The organiser's reading of a paper ballot whose two entries differ: it counts as given.
    Settle {
        #[arg(long, value_name = "ID")]
        decision: String,
        #[arg(long, value_name = "N")]
        paper: String,
        #[arg(long, value_name = "REF")]
        member: String,
        #[command(flatten)]
        choice: ChoiceArgs,
    },
    /// Import ballots from CSV (columns member,choice; all lines or none).
    Import {
        #[arg(long, value_name = "ID")]
        decision: String,
        #[arg(value_name = "FILE.csv")]
        file: PathBuf,
    },
}

/// How a ballot votes: one of --yes, --no, --abstain (a motion) or --approve (a budget).
#[derive(Args)]
#[group(required = false, multiple = false)]
pub(crate) struct ChoiceArgs {
    #[arg(long)]
    yes: bool,
    #[arg(long)]
    no: bool,
    #[arg(long)]
    abstain: bool,
    /// The projects approved, by code, separated by commas.
    #[arg(long, value_name = "REF,REF,...", value_delimiter = ',', num_args = 0..)]
    approve: Option<Vec<String>>,
}

impl ChoiceArgs {
    fn choice(self) -> Result<BallotChoice, AppError> {
        Ok(match (self.yes, self.no, self.abstain, self.approve) {
            (true, _, _, _) => BallotChoice::Yes,
            (_, true, _, _) => BallotChoice::No,
            (_, _, true, _) => BallotChoice::Abstain,
            (_, _, _, Some(refs)) => BallotChoice::Approve(refs),
            _ => {
                return Err(AppError::invalid(
                    Field::Choice,
                    Text::new(Key::BallotChoiceMissing),
                ));
            }
        })
    }
}

pub(crate) fn weights(args: WeightsArgs, cx: &Context) -> Result<ExitCode> {
    let WeightsArgs { at, rule, json } = args;
    let books = cx.open()?;
    let day = commonpot_app::parse_day(Field::At, &at)?;
    let rule: WeightRule = match rule.as_deref() {
        Some(r) => r.parse().map_err(|t| AppError::invalid(Field::Rule, t))?,
        None => WeightRule::default(),
    };
    let lines = books.weights_at(day, &rule)?;
    output::weights(&rule, &lines, json);

    Ok(ExitCode::SUCCESS)
}

pub(crate) fn meeting(command: MeetingCommand, cx: &Context) -> Result<ExitCode> {
    match command {
        MeetingCommand::Add {
            date,
            title,
            attendees,
            by,
        } => {
            let id = cx.open()?.add_meeting(NewMeeting {
                date,
                title,
                attendees,
                by,
            })?;
            println!("{id}");
        }
        MeetingCommand::List => {
            output::meetings(&cx.open()?)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn shift(command: ShiftCommand, cx: &Context) -> Result<ExitCode> {
    match command {
        ShiftCommand::Add {
            member,
            date,
            what,
            by,
        } => {
            let id = cx.open()?.add_shift(NewShift {
                member,
                date,
                what,
                by,
            })?;
            println!("{id}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn decision(command: DecisionCommand, cx: &Context) -> Result<ExitCode> {
    match command {
        DecisionCommand::Create {
            title,
            method,
            budget,
            pool,
            cap,
            options,
            weights,
            quorum,
            threshold,
            window_months,
        } => {
            let method = DecisionMethod::typed(&method)?;
            let id = cx.open()?.create_decision(NewDecision {
                title,
                method,
                budget,
                pool,
                cap,
                options,
                weights,
                quorum,
                threshold,
                window_months,
            })?;
            println!("{id}");
        }
        DecisionCommand::Open { decision, at } => {
            let mut books = cx.open()?;
            let d = books.open_decision(&decision, at.as_deref())?;
            let members = books.voters(&d)?.len();
            println!(
                "voting on \"{}\" is open; the weights of {members} members are frozen",
                d.record.title
            );
        }
        DecisionCommand::Close { decision, json } => {
            let tally = cx.open()?.close_decision(&decision)?;
            output::tally(&tally, json);
        }
        DecisionCommand::Tally { decision, json } => {
            let tally = cx.open()?.tally(&decision)?;
            output::tally(&tally, json);
        }
        DecisionCommand::List => {
            output::decisions(&cx.open()?)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn ballot(command: BallotCommand, cx: &Context) -> Result<ExitCode> {
    match command {
        BallotCommand::Cast {
            decision,
            member,
            choice,
            paper,
        } => {
            let source = if paper {
                BallotSource::Paper
            } else {
                BallotSource::Laptop
            };
            cx.open()?
                .cast_ballot(&decision, &member, choice.choice()?, source)?;
            eprintln!("ballot recorded");
        }
        BallotCommand::Enter {
            decision,
            paper,
            pass,
            member,
            choice,
        } => {
            let outcome =
                cx.open()?
                    .enter_paper(&decision, &paper, pass, &member, choice.choice()?)?;
            println!(
                "paper ballot {paper}: {}",
                match outcome {
                    PaperOutcome::Waiting => "entered once; it counts when the second entry agrees",
                    PaperOutcome::Cast => "both entries agree; the ballot counts",
                    PaperOutcome::Differs =>
                        "the two entries differ; see `ballot differences` and settle it with `ballot settle`",
                }
            );
        }
        BallotCommand::Differences { decision, json } => {
            output::paper_differences(&cx.open()?.paper_differences(&decision)?, json);
        }
        BallotCommand::Settle {
            decision,
            paper,
            member,
            choice,
        } => {
            cx.open()?
                .settle_paper(&decision, &paper, &member, choice.choice()?)?;
            eprintln!("paper ballot {paper} counts as settled");
        }
        BallotCommand::Import { decision, file } => {
            let n = cx.open()?.import_ballots(&decision, &file)?;
            println!("{n} ballots imported");
        }
    }
    Ok(ExitCode::SUCCESS)
}
