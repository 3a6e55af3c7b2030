//! What the command prints: aligned tables for people, JSON for scripts. JSON amounts are
//! decimal strings ("1234.50"), never numbers, so no reader turns them into floats.

use std::collections::BTreeMap;

use commonpot_app::{
    AppError, Books, DecisionState, LedgerLine, PaperDifference, ProjectWithFigures, Setting,
    SettingValue, SettingsOf, Tally, WeightLine,
};
use commonpot_core::totals::ProjectFigures;
use commonpot_core::weights::WeightRule;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

type Result<T> = std::result::Result<T, AppError>;

/// A cell as one line: line breaks, tabs and every other control character (a bank's
/// counterparty name, a note, text from a file written before the one-line rule) become a
/// space, so that no cell can start a row of its own or move the terminal's cursor.
fn one_line_cell(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    for c in cell.chars() {
        if c.is_control() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Prints rows as columns; `right` marks the columns to align right (numbers).
fn table(header: &[&str], right: &[usize], rows: &[Vec<String>]) {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| one_line_cell(c)).collect())
        .collect();
    let rows = rows.as_slice();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let line = |cells: Vec<String>| {
        let mut out = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            let pad = " ".repeat(w - cell.width());
            if i > 0 {
                out.push_str("  ");
            }
            if right.contains(&i) {
                out.push_str(&pad);
                out.push_str(cell);
            } else {
                out.push_str(cell);
                if i + 1 < cells.len() {
                    out.push_str(&pad);
                }
            }
        }
        println!("{out}");
    };
    line(header.iter().map(|h| h.to_string()).collect());
    for row in rows {
        line(row.clone());
    }
}

fn json<T: Serialize>(value: &T) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).expect("plain data serialises")
    );
}

#[derive(Serialize)]
struct MemberJson {
    id: String,
    name: String,
    email: Option<String>,
    number: Option<String>,
    joined: String,
}

pub fn members(books: &Books, as_json: bool) -> Result<()> {
    let members = books.members()?;
    if as_json {
        let out: Vec<MemberJson> = members
            .into_iter()
            .map(|m| MemberJson {
                id: m.id.to_string(),
                name: m.name,
                email: m.email,
                number: m.number,
                joined: m.joined_on.to_string(),
            })
            .collect();
        json(&out);
        return Ok(());
    }
    if members.is_empty() {
        println!("No members yet. Register one with: commonpot member add --name \"…\"");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = members
        .iter()
        .map(|m| {
            vec![
                m.number.clone().unwrap_or_default(),
                m.name.clone(),
                m.email.clone().unwrap_or_default(),
                m.joined_on.to_string(),
                m.id.to_string(),
            ]
        })
        .collect();
    table(&["number", "name", "email", "joined", "id"], &[], &rows);
    Ok(())
}

#[derive(Serialize)]
struct ProjectJson {
    id: String,
    code: String,
    title: String,
    status: String,
    goal: String,
    raised: String,
    spent: String,
    balance: String,
    contributors: u64,
    anonymous_gifts: u64,
    progress_percent: String,
    deadline: Option<String>,
}

fn figures(p: &ProjectWithFigures) -> ProjectFigures {
    ProjectFigures {
        goal: p.project.goal,
        raised: p.raised,
        spent: p.spent,
    }
}

fn project_json(p: &ProjectWithFigures) -> ProjectJson {
    let f = figures(p);
    ProjectJson {
        id: p.project.id.to_string(),
        code: p.project.code.clone(),
        title: p.project.title.clone(),
        status: p.project.status.to_string(),
        goal: p.project.goal.to_string(),
        raised: p.raised.to_string(),
        spent: p.spent.to_string(),
        balance: f.balance().to_string(),
        contributors: p.contributors,
        anonymous_gifts: p.anonymous_gifts,
        progress_percent: f.progress_percent().to_string(),
        deadline: p.project.deadline.map(|d| d.to_string()),
    }
}

pub fn projects(books: &Books, as_json: bool) -> Result<()> {
    let projects = books.projects()?;
    if as_json {
        json(&projects.iter().map(project_json).collect::<Vec<_>>());
        return Ok(());
    }
    if projects.is_empty() {
        println!(
            "No projects yet. Create one with: commonpot project add --title \"…\" --goal 1000"
        );
        return Ok(());
    }
    let locale = &books.association().locale;
    let rows: Vec<Vec<String>> = projects
        .iter()
        .map(|p| {
            let f = figures(p);
            vec![
                p.project.code.clone(),
                p.project.title.clone(),
                p.project.status.to_string(),
                locale.format_amount(p.project.goal),
                locale.format_amount(p.raised),
                locale.format_amount(p.spent),
                locale.format_amount(f.balance()),
                p.contributors.to_string(),
                p.anonymous_gifts.to_string(),
                format!("{} %", f.progress_percent()),
            ]
        })
        .collect();
    println!("Amounts in {}", books.association().currency);
    table(
        &[
            "code",
            "title",
            "status",
            "goal",
            "raised",
            "spent",
            "balance",
            "contributors",
            "anonymous",
            "progress",
        ],
        &[3, 4, 5, 6, 7, 8, 9],
        &rows,
    );
    Ok(())
}

#[derive(Serialize)]
struct LedgerJson {
    id: String,
    kind: String,
    recorded_at: String,
    date: String,
    project: Option<String>,
    member: Option<String>,
    channel: Option<String>,
    amount: String,
    text: String,
    payee: Option<String>,
    reversed_by: Option<String>,
    reverses: Option<String>,
}

pub fn ledger(books: &Books, lines: &[LedgerLine], as_json: bool) -> Result<()> {
    if as_json {
        let out: Vec<LedgerJson> = lines
            .iter()
            .map(|l| LedgerJson {
                id: l.id.to_string(),
                kind: l.kind.to_string(),
                recorded_at: commonpot_core::entry::instant_text(l.recorded_at),
                date: l.occurred_at.clone(),
                project: l.project.as_ref().map(|p| p.1.clone()),
                member: l.member.as_ref().map(|m| m.1.clone()),
                channel: l.channel.map(|c| c.to_string()),
                amount: l.amount.to_string(),
                text: l.text.clone(),
                payee: l.payee.clone(),
                reversed_by: l.reversed_by.map(|r| r.to_string()),
                reverses: l.reverses.map(|r| r.to_string()),
            })
            .collect();
        json(&out);
        return Ok(());
    }
    if lines.is_empty() {
        println!(
            "No entries yet. Record one with: commonpot contribute --project CODE --amount 5 --channel cash"
        );
        return Ok(());
    }
    let locale = &books.association().locale;
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            let what = match (&l.payee, l.kind) {
                (Some(payee), commonpot_core::EntryKind::Expense) => format!("to {payee}"),
                _ => l.channel.map(|c| c.to_string()).unwrap_or_default(),
            };
            let mut text = l.text.clone();
            if let Some(by) = l.reversed_by {
                text = format!("{text} [reversed by {}]", &by.to_string()[..13])
                    .trim()
                    .to_string();
            }
            if let Some(of) = l.reverses {
                text = format!("{text} [reverses {}]", &of.to_string()[..13]);
            }
            vec![
                l.id.to_string(),
                l.occurred_at
                    .replace('T', " ")
                    .trim_end_matches('Z')
                    .to_string(),
                l.kind.to_string(),
                l.project
                    .as_ref()
                    .map_or_else(|| "general".to_string(), |p| p.1.clone()),
                l.member.as_ref().map(|m| m.1.clone()).unwrap_or_default(),
                what,
                locale.format_amount(l.amount),
                text,
            ]
        })
        .collect();
    table(
        &[
            "id",
            "date",
            "kind",
            "project",
            "member",
            "channel / payee",
            "amount",
            "note",
        ],
        &[6],
        &rows,
    );
    Ok(())
}

#[derive(Serialize)]
struct ChannelJson {
    channel: String,
    raised: String,
    contributions: u64,
}

#[derive(Serialize)]
struct SummaryJson {
    association: String,
    currency: String,
    projects: Vec<ProjectJson>,
    general_fund: String,
    channels: Vec<ChannelJson>,
    raised: String,
    spent: String,
    balance: String,
    entry_count: u64,
    digest: String,
}

pub fn summary(books: &Books, as_json: bool) -> Result<()> {
    let s = books.summary()?;
    let a = books.association();
    let balance = s.balance();
    if as_json {
        json(&SummaryJson {
            association: a.name.clone(),
            currency: a.currency.to_string(),
            projects: s.projects.iter().map(project_json).collect(),
            general_fund: s.general_fund.to_string(),
            channels: s
                .channels
                .iter()
                .map(|c| ChannelJson {
                    channel: c.channel.to_string(),
                    raised: c.raised.to_string(),
                    contributions: c.contributions,
                })
                .collect(),
            raised: s.raised.to_string(),
            spent: s.spent.to_string(),
            balance: balance.to_string(),
            entry_count: s.entry_count,
            digest: s.digest,
        });
        return Ok(());
    }
    let l = &a.locale;
    println!("{} — amounts in {}", a.name, a.currency);
    println!();
    let mut rows: Vec<Vec<String>> = s
        .projects
        .iter()
        .map(|p| {
            let f = figures(p);
            vec![
                p.project.code.clone(),
                p.project.status.to_string(),
                l.format_amount(p.project.goal),
                l.format_amount(p.raised),
                l.format_amount(p.spent),
                l.format_amount(f.balance()),
                p.contributors.to_string(),
                format!("{} %", f.progress_percent()),
            ]
        })
        .collect();
    rows.push(vec![
        "general fund".into(),
        String::new(),
        String::new(),
        l.format_amount(s.general_fund),
        String::new(),
        l.format_amount(s.general_fund),
        String::new(),
        String::new(),
    ]);
    table(
        &[
            "project",
            "status",
            "goal",
            "raised",
            "spent",
            "balance",
            "contributors",
            "progress",
        ],
        &[2, 3, 4, 5, 6, 7],
        &rows,
    );
    println!();
    let rows: Vec<Vec<String>> = s
        .channels
        .iter()
        .map(|c| {
            vec![
                c.channel.to_string(),
                c.contributions.to_string(),
                l.format_amount(c.raised),
            ]
        })
        .collect();
    table(&["channel", "contributions", "raised"], &[1, 2], &rows);
    println!();
    println!("Raised   {}", l.format_amount(s.raised));
    println!("Spent    {}", l.format_amount(s.spent));
    println!("Balance  {}", l.format_amount(balance));
    println!("Entries  {}", s.entry_count);
    println!("Digest   {}", s.digest);
    Ok(())
}

#[derive(Serialize)]
struct AssociationJson {
    id: String,
    name: String,
    currency: String,
    minor_units: u32,
    locale: String,
    max_amount: String,
    device_id: String,
    device_name: String,
    created_at: String,
    /// Every setting of the registry by its column, as stored: a text, a number or null.
    #[serde(flatten)]
    settings: BTreeMap<&'static str, serde_json::Value>,
}

pub fn association(books: &Books, as_json: bool) -> Result<()> {
    let a = books.association();
    let (device_id, device_name) = books.device()?;
    if as_json {
        let settings = Setting::ALL
            .iter()
            .map(|&setting| {
                let value = match a.settings.value(setting) {
                    SettingValue::Absent => serde_json::Value::Null,
                    SettingValue::Number(n) => serde_json::Value::from(*n),
                    SettingValue::Text(t) => serde_json::Value::from(t.as_str()),
                };
                (setting.spec().column, value)
            })
            .collect();
        json(&AssociationJson {
            id: a.id.to_string(),
            name: a.name.clone(),
            currency: a.currency.to_string(),
            minor_units: a.currency.minor_units(),
            locale: a.locale.to_string(),
            max_amount: a.max_amount.to_string(),
            device_id: device_id.to_string(),
            device_name,
            created_at: commonpot_core::entry::instant_text(a.created_at),
            settings,
        });
        return Ok(());
    }
    let mut rows = vec![
        vec!["name".to_string(), a.name.clone()],
        vec![
            "currency".into(),
            format!("{} ({} decimals)", a.currency, a.currency.minor_units()),
        ],
        vec!["locale".into(), a.locale.to_string()],
        vec![
            "maximum single amount".into(),
            a.locale.format_amount(a.max_amount),
        ],
    ];
    rows.extend(Setting::ALL.iter().map(|&setting| {
        vec![
            setting.spec().label.english().to_string(),
            setting.shown(Some(a.settings.value(setting))),
        ]
    }));
    rows.push(vec![
        "this laptop".into(),
        format!("{device_name} ({device_id})"),
    ]);
    rows.push(vec![
        "created".into(),
        commonpot_core::entry::instant_text(a.created_at),
    ]);
    table(&["setting", "value"], &[], &rows);
    Ok(())
}

#[derive(Serialize)]
struct CollectionJson {
    id: String,
    collector: String,
    place: String,
    project: Option<String>,
    opened_at: String,
    entered: String,
    entered_count: u64,
    closed: bool,
    counted: Option<String>,
    counts: Option<String>,
    note: Option<String>,
}

fn collection_json(s: &commonpot_app::CollectionState) -> CollectionJson {
    CollectionJson {
        id: s.collection.id.to_string(),
        collector: s.collector_name.clone(),
        place: s.collection.place.clone(),
        project: s.project_code.clone(),
        opened_at: commonpot_core::entry::instant_text(s.collection.opened_at),
        entered: s.entered.to_string(),
        entered_count: s.entered_count,
        closed: s.close.is_some(),
        counted: s.close.as_ref().map(|c| c.counted_total.to_string()),
        counts: s.close.as_ref().map(|c| c.counted.to_text()),
        note: s.close.as_ref().map(|c| c.note.clone()),
    }
}

pub fn collections(
    books: &Books,
    open: &[commonpot_app::CollectionState],
    as_json: bool,
) -> Result<()> {
    if as_json {
        json(&open.iter().map(collection_json).collect::<Vec<_>>());
        return Ok(());
    }
    if open.is_empty() {
        println!(
            "No open collections. Open one with: commonpot collection open --collector REF --place \"…\""
        );
        return Ok(());
    }
    let l = &books.association().locale;
    let rows: Vec<Vec<String>> = open
        .iter()
        .map(|s| {
            vec![
                s.collection.id.to_string(),
                s.collector_name.clone(),
                s.collection.place.clone(),
                s.project_code.clone().unwrap_or_else(|| "general".into()),
                s.entered_count.to_string(),
                l.format_amount(s.entered),
            ]
        })
        .collect();
    table(
        &["id", "collector", "place", "project", "gifts", "entered"],
        &[4, 5],
        &rows,
    );
    Ok(())
}

pub fn collection(books: &Books, s: &commonpot_app::CollectionState, as_json: bool) -> Result<()> {
    if as_json {
        json(&collection_json(s));
        return Ok(());
    }
    let l = &books.association().locale;
    println!(
        "Collection {} by {} at {}",
        s.collection.id, s.collector_name, s.collection.place
    );
    println!(
        "Entered: {} gifts, {}",
        s.entered_count,
        l.format_amount(s.entered)
    );
    match &s.close {
        None => println!("Open"),
        Some(c) => {
            println!(
                "Counted: {} (entered at closing: {})",
                l.format_amount(c.counted_total),
                l.format_amount(c.entered_total)
            );
            for (denomination, count) in c.counted.counts() {
                println!("  {count} × {}", l.format_amount(*denomination));
            }
            if !c.note.is_empty() {
                println!("Note: {}", c.note);
            }
        }
    }
    Ok(())
}

pub fn meetings(books: &Books) -> Result<()> {
    let rows: Vec<Vec<String>> = books
        .meetings()?
        .into_iter()
        .map(|(id, day, title, n)| vec![day.to_string(), title, n.to_string(), id.to_string()])
        .collect();
    if rows.is_empty() {
        println!("no meetings yet; record one with `commonpot meeting add`");
    } else {
        table(&["date", "title", "present", "id"], &[2], &rows);
    }
    Ok(())
}

pub fn decisions(books: &Books) -> Result<()> {
    let rows: Vec<Vec<String>> = books
        .decisions()?
        .into_iter()
        .map(|d| {
            let state = match d.state {
                DecisionState::Closed => "closed",
                DecisionState::Voting => "voting",
                DecisionState::Draft => "not open",
            };
            vec![
                d.id.to_string(),
                d.method.to_string(),
                state.into(),
                d.title,
            ]
        })
        .collect();
    if rows.is_empty() {
        println!("no decisions yet; create one with `commonpot decision create`");
    } else {
        table(&["id", "method", "state", "title"], &[], &rows);
    }
    Ok(())
}

fn weight_rows(lines: &[WeightLine]) -> Vec<Vec<String>> {
    lines
        .iter()
        .map(|w| {
            vec![
                w.member.clone(),
                w.name.clone(),
                w.meetings.to_string(),
                w.shifts.to_string(),
                w.giving_months.to_string(),
                w.points.to_string(),
                w.weight.to_string(),
            ]
        })
        .collect()
}

const WEIGHT_HEADER: [&str; 7] = [
    "member",
    "name",
    "meetings",
    "shifts",
    "giving months",
    "points",
    "weight",
];

#[derive(Serialize)]
struct WeightsJson<'a> {
    rule: String,
    rule_explained: String,
    weights: &'a [WeightLine],
}

pub fn weights(rule: &WeightRule, lines: &[WeightLine], as_json: bool) {
    if as_json {
        json(&WeightsJson {
            rule: rule.to_string(),
            rule_explained: rule.explain(),
            weights: lines,
        });
        return;
    }
    println!("rule: {} ({})", rule, rule.explain());
    table(&WEIGHT_HEADER, &[2, 3, 4, 5, 6], &weight_rows(lines));
}

pub fn tally(t: &Tally, as_json: bool) {
    if as_json {
        json(t);
        return;
    }
    let state = if t.provisional {
        "provisional: voting is still open"
    } else {
        "final"
    };
    println!("{} ({}, {state})", t.title, t.method);
    println!("ballots: {}", t.ballots);
    if let Some(m) = &t.motion {
        println!(
            "{}: yes {}, no {}, abstain {}; turnout {} of the weight {} (quorum {}{}), threshold {}",
            if m.passed { "PASSED" } else { "NOT PASSED" },
            m.yes,
            m.no,
            m.abstain,
            m.turnout,
            m.electorate,
            m.quorum,
            if m.quorum_met { ", met" } else { ", missed" },
            m.threshold.as_str(),
        );
    }
    if let Some(b) = &t.budget {
        println!(
            "budget {}, spent {}; funded in this order: {}",
            b.budget,
            b.spent,
            b.funded.join(", ")
        );
        let rows: Vec<Vec<String>> = b
            .options
            .iter()
            .map(|o| {
                vec![
                    o.code.clone(),
                    o.cost.to_string(),
                    o.support.to_string(),
                    o.step.clone().unwrap_or_else(|| "not funded".into()),
                    o.title.clone(),
                ]
            })
            .collect();
        table(
            &["option", "cost", "support", "funded by", "title"],
            &[1, 2],
            &rows,
        );
    }
    if let Some(q) = &t.matching {
        println!(
            "pool {}, cap {} of the pool, unallocated {}",
            q.pool, q.cap, q.unallocated
        );
        let rows: Vec<Vec<String>> = q
            .arithmetic
            .iter()
            .map(|m| {
                vec![
                    m.code.clone(),
                    m.contributors.to_string(),
                    m.contributed.to_string(),
                    m.sum_of_roots.to_string(),
                    m.raw.to_string(),
                    if m.capped {
                        "capped".into()
                    } else {
                        String::new()
                    },
                    m.amount.to_string(),
                ]
            })
            .collect();
        table(
            &[
                "project",
                "contributors",
                "contributed",
                "Σ√c",
                "(Σ√c)²−Σc",
                "",
                "match",
            ],
            &[1, 2, 3, 4, 6],
            &rows,
        );
    }
    println!("counting: {}", t.counting);
    println!("weights: {} ({})", t.rule, t.rule_explained);
    table(&WEIGHT_HEADER, &[2, 3, 4, 5, 6], &weight_rows(&t.weights));
}

pub fn paper_differences(papers: &[PaperDifference], as_json: bool) {
    if as_json {
        json(&papers);
        return;
    }
    if papers.is_empty() {
        println!("every paper ballot entered twice agrees");
        return;
    }
    let cell = |p: &Option<commonpot_app::PaperLine>| {
        p.as_ref().map_or("(not entered yet)".to_string(), |l| {
            format!("{} {}: {}", l.member, l.name, l.choice)
        })
    };
    let rows: Vec<Vec<String>> = papers
        .iter()
        .map(|p| vec![p.paper.clone(), cell(&p.first), cell(&p.second)])
        .collect();
    table(&["paper", "first entry", "second entry"], &[], &rows);
}

/// What a bundle import did: counts, then every conflict, refusal and gap on its own line.
pub fn bundle_report(r: &commonpot_app::BundleReport, as_json: bool) {
    if as_json {
        println!("{}", r.to_json());
        return;
    }
    let verb = if r.dry_run { "would add" } else { "added" };
    println!(
        "{verb} {} entries and {} members from \"{}\" ({}); skipped {} already here; {} conflicts; {} refused",
        r.added,
        r.members_added,
        r.device,
        r.file,
        r.skipped,
        r.conflicts.len(),
        r.refused.len()
    );
    for f in &r.conflicts {
        println!("conflict: {} {}: {}", f.kind, f.id, f.text);
    }
    for f in &r.refused {
        println!("refused: {} {}: {}", f.kind, f.id, f.text);
    }
    for g in &r.gaps {
        println!("missing: {}", g.text());
    }
    if !r.gaps.is_empty() {
        println!(
            "  a lost bundle is made again on that laptop with `commonpot bundle export --all --out FILE` (what is here already is skipped)"
        );
    }
    println!("{} entries; digest {}", r.entry_count, r.digest);
}

/// The laptops a file knows.
pub fn devices(devices: &[commonpot_app::DeviceLine], as_json: bool) {
    if as_json {
        let list: Vec<_> = devices
            .iter()
            .map(|d| {
                serde_json::json!({
                    "id": d.id.to_string(),
                    "name": d.name,
                    "this_laptop": d.is_local,
                    "last_seq": d.last_seq,
                    "not_handed_over": d.not_handed_over,
                    "gaps": d.gaps.iter().map(|g| serde_json::json!({
                        "from": g.from, "to": g.to, "reason": g.text().to_string(),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        println!("{}", serde_json::Value::Array(list));
        return;
    }
    let rows: Vec<Vec<String>> = devices
        .iter()
        .map(|d| {
            vec![
                if d.is_local {
                    format!("{} (this laptop)", d.name)
                } else {
                    d.name.clone()
                },
                d.id.to_string(),
                d.last_seq.to_string(),
                if d.gaps.is_empty() {
                    "none".into()
                } else {
                    d.gaps
                        .iter()
                        .map(|g| format!("{}–{}", g.from, g.to))
                        .collect::<Vec<_>>()
                        .join(", ")
                },
            ]
        })
        .collect();
    table(&["laptop", "id", "last entry", "missing"], &[2], &rows);
}

/// What a bank statement import did, for scripts.
fn bank_import_json(r: &commonpot_app::BankImportReport) {
    let statements: Vec<_> = r
        .statements
        .iter()
        .map(|s| {
            serde_json::json!({
                "id": s.id, "account": s.account,
                "opening": s.opening.as_ref().map(|m| m.value.to_string()),
                "opening_text": s.opening.as_ref().map(|m| &m.text),
                "closing": s.closing.as_ref().map(|m| m.value.to_string()),
                "closing_text": s.closing.as_ref().map(|m| &m.text),
                "closing_date": s.closing_date.map(|d| d.to_string()), "lines": s.lines,
            })
        })
        .collect();
    let refused: Vec<_> = r
        .refused_lines
        .iter()
        .map(|l| serde_json::json!({"position": l.position, "reason": l.reason.to_string()}))
        .collect();
    let lines: Vec<_> = r
        .lines
        .iter()
        .map(|l| {
            serde_json::json!({
                "position": l.position, "booking_date": l.booking_date.to_string(),
                "amount": l.amount.value.to_string(), "amount_text": l.amount.text,
                "credit": l.credit, "counterparty": l.counterparty, "matched": l.matched,
                "project": l.project, "member": l.member, "why": l.why.to_string(),
            })
        })
        .collect();
    println!(
        "{}",
        serde_json::json!({
            "matched": r.matched, "queued": r.queued, "known": r.known, "refused": r.refused,
            "dry_run": r.dry_run, "statements": statements, "refused_lines": refused,
            "lines": lines,
        })
    );
}

/// What a bank statement import did.
pub fn bank_import(r: &commonpot_app::BankImportReport, file: &std::path::Path, as_json: bool) {
    if as_json {
        bank_import_json(r);
        return;
    }
    let verb = if r.dry_run {
        "would take in"
    } else {
        "took in"
    };
    println!(
        "{verb} {}: {} matched, {} queued for review, {} known (imported before), {} refused",
        file.display(),
        r.matched,
        r.queued,
        r.known,
        r.refused
    );
    for s in &r.statements {
        let balances = match (&s.opening, &s.closing) {
            (Some(o), Some(c)) => format!(
                ", opening {}, closing {}{}: adds up",
                o.text,
                c.text,
                s.closing_date
                    .map(|d| format!(" on {d}"))
                    .unwrap_or_default()
            ),
            _ => String::new(),
        };
        let id = if s.id.is_empty() {
            String::new()
        } else {
            format!("statement {} ", s.id)
        };
        println!("{id}{}: {} lines{balances}", s.account, s.lines);
    }
    for l in &r.refused_lines {
        println!("refused: {}: {}", l.position, l.reason);
    }
    if r.queued > 0 && !r.dry_run {
        println!(
            "  `commonpot bank queue` lists the lines that wait; `commonpot bank assign` says what one is"
        );
    }
}

pub fn bank_profiles(profiles: &[commonpot_app::BankProfile]) {
    if profiles.is_empty() {
        println!("no CSV profiles; save one with `commonpot bank profile add`");
        return;
    }
    let rows: Vec<Vec<String>> = profiles
        .iter()
        .map(|p| {
            vec![
                p.name.clone(),
                if p.delimiter == b'\t' {
                    "tab".into()
                } else {
                    char::from(p.delimiter).to_string()
                },
                char::from(p.decimal).to_string(),
                p.date_format.clone(),
                p.encoding.as_str().into(),
                p.columns.spec(),
            ]
        })
        .collect();
    table(
        &[
            "profile",
            "separator",
            "decimal",
            "dates",
            "encoding",
            "columns",
        ],
        &[],
        &rows,
    );
}

fn queue_json(l: &commonpot_app::QueueLine) -> serde_json::Value {
    serde_json::json!({
        "id": l.id, "file": l.file, "statement": l.statement_id, "position": l.position,
        "booking_date": l.booking_date.to_string(), "amount": l.amount.value.to_string(),
        "amount_text": l.amount.text, "credit": l.credit,
        "counterparty": l.counterparty, "iban": l.counterparty_iban, "text": l.remittance,
        "bank_reference": l.bank_reference, "state": l.state.as_str(), "why": l.why.to_string(),
        "project": l.project.as_ref().map(|p| &p.0), "member": l.member.as_ref().map(|m| &m.1),
        "entry": l.entry.map(|e| e.to_string()),
    })
}

pub fn bank_queue(lines: &[commonpot_app::QueueLine], as_json: bool) {
    if as_json {
        println!(
            "{}",
            serde_json::Value::Array(lines.iter().map(queue_json).collect())
        );
        return;
    }
    if lines.is_empty() {
        println!("no bank lines wait for review");
        return;
    }
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            let suggestion = match (&l.project, &l.member) {
                (Some(p), Some(m)) => format!("{} from {}", p.0, m.1),
                (Some(p), None) => p.0.clone(),
                (None, Some(m)) => format!("from {}", m.1),
                (None, None) => String::new(),
            };
            vec![
                l.id.to_string(),
                l.booking_date.to_string(),
                l.amount.text.clone(),
                l.counterparty.clone(),
                l.remittance.chars().take(40).collect(),
                l.why.to_string(),
                suggestion,
            ]
        })
        .collect();
    table(
        &[
            "line",
            "booked",
            "amount",
            "from/to",
            "text",
            "why it waits",
            "suggestion",
        ],
        &[2],
        &rows,
    );
    println!(
        "{} lines wait; assign one with `commonpot bank assign LINE --project REF [--member REF]`",
        lines.len()
    );
}

pub fn bank_status(o: &commonpot_app::BankOverview, as_json: bool) {
    if as_json {
        let accounts: Vec<_> = o
            .accounts
            .iter()
            .map(|a| {
                serde_json::json!({"account": a.account, "balance": a.balance.value.to_string(),
                    "balance_text": a.balance.text,
                    "date": a.date.to_string(), "statement": a.statement_id})
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({
                "accounts": accounts, "ledger_balance": o.ledger_balance.value.to_string(),
                "ledger_balance_text": o.ledger_balance.text, "matched": o.matched,
                "queued": o.queued, "assigned": o.assigned,
                "last_import": o.last_import.map(|t| t.to_rfc3339()),
            })
        );
        return;
    }
    if o.accounts.is_empty() {
        println!("no bank statement with balances imported yet");
    }
    for a in &o.accounts {
        println!(
            "bank account {}: {} on {} (statement {})",
            a.account, a.balance.text, a.date, a.statement_id
        );
    }
    println!(
        "the ledger's balance (received − spent): {}",
        o.ledger_balance.text
    );
    println!(
        "bank lines: {} matched on import, {} assigned by hand, {} waiting",
        o.matched, o.assigned, o.queued
    );
}

pub fn payment_reference(r: &commonpot_app::PaymentReference, as_json: bool) {
    if as_json {
        println!(
            "{}",
            serde_json::json!({
                "reference": r.reference, "grouped": r.grouped,
                "project": r.project.as_ref().map(|p| &p.0), "member": r.member,
            })
        );
        return;
    }
    println!("{}", r.reference);
}

#[cfg(test)]
mod tests {
    use super::one_line_cell;

    #[test]
    fn a_cell_can_never_start_a_row_or_move_the_cursor() {
        assert_eq!(one_line_cell("Jana\nNowak"), "Jana Nowak");
        assert_eq!(one_line_cell("a\r\n\tb"), "a b");
        assert_eq!(one_line_cell("\u{1b}[2Jx"), " [2Jx");
        assert_eq!(one_line_cell("plain"), "plain");
    }
}
