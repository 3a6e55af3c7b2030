//! The six documents, each laid out on a [`Canvas`] from its view model.

use crate::canvas::{Align, Canvas, Cell, Footer, INK, MUTED, RULE, Table, col};
use crate::fonts::{self, Weight};
use crate::model::*;
use crate::{Lang, Word};

fn footer(meta: &Meta, document: &str) -> Footer {
    let l = meta.lang;
    Footer {
        title: format!("{} · {document}", meta.association),
        page_of: l.say(Word::PageOf).to_string(),
        line: l
            .say(Word::GeneratedLedgerOfEntriesDigest)
            .replace("{time}", &meta.generated)
            .replace("{count}", &meta.entries)
            .replace("{digest}", &meta.digest),
    }
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn public(p: &Public) -> Cell {
    match p {
        Public::Shown(s) => text(s),
        Public::Withheld => text("·"),
        Public::Empty => text("–"),
    }
}

fn public_text(p: &Public, threshold: u32, lang: Lang) -> String {
    match p {
        Public::Shown(s) => s.clone(),
        Public::Withheld => lang
            .say(Word::NotShownFewerThanGivers)
            .replace("{n}", &threshold.to_string()),
        Public::Empty => "–".into(),
    }
}

fn expenses_table(lang: Lang, lines: &[ExpenseLine], total: &str, empty: &str) -> Table {
    Table {
        columns: vec![
            col(lang.say(Word::PaidOn), 0.14, Align::Left),
            col(lang.say(Word::Project), 0.2, Align::Left),
            col(lang.say(Word::Payee), 0.24, Align::Left),
            col(lang.say(Word::Note), 0.26, Align::Left),
            col(lang.say(Word::Amount), 0.16, Align::Right),
        ],
        rows: lines
            .iter()
            .map(|e| {
                vec![
                    text(&e.paid_on),
                    text(&e.project),
                    text(&e.payee),
                    text(&e.note),
                    text(&e.amount),
                ]
            })
            .collect(),
        totals: if lines.is_empty() {
            vec![]
        } else {
            vec![vec![
                text(lang.say(Word::Total)),
                text(""),
                text(""),
                text(""),
                text(total),
            ]]
        },
        empty: empty.to_string(),
    }
}

/// The table without column `index`, its width given to the column after it.
fn without_column(mut table: Table, index: usize) -> Table {
    let share = table.columns.remove(index).share;
    if let Some(next) = table.columns.get_mut(index) {
        next.share += share;
    }
    for row in table.rows.iter_mut().chain(table.totals.iter_mut()) {
        row.remove(index);
    }
    table
}

/// 1. The meeting statement for a period.
pub fn meeting_statement(meta: &Meta, s: &MeetingStatement) -> Vec<u8> {
    let l = meta.lang;
    let name = l.say(Word::FundingStatement);
    let mut c = Canvas::new(meta.paper);
    c.title(
        &format!("{} — {name}", meta.association),
        &l.say(Word::PeriodTo)
            .replace("{from}", &s.from)
            .replace("{to}", &s.to),
    );
    c.heading(l.say(Word::MoneyInThePeriod), 70.0);
    c.figures(
        &[
            (l.say(Word::BalanceAtTheStart).into(), s.opening.clone()),
            (l.say(Word::MoneyIn).into(), s.money_in.clone()),
            (l.say(Word::MoneyOut).into(), s.money_out.clone()),
            (l.say(Word::BalanceAtTheEnd).into(), s.closing.clone()),
        ],
        true,
    );

    c.heading(l.say(Word::Projects), 60.0);
    c.paragraph(
        &l.say(Word::EverythingBookedUpToGivers)
            .replace("{time}", &meta.generated),
        8.5,
        MUTED,
    );
    let p = |x: &ProjectLine, bold_bar: bool| -> Vec<Cell> {
        vec![
            text(&if x.code.is_empty() {
                x.title.clone()
            } else {
                format!("{} ({})", x.title, x.code)
            }),
            text(&x.goal),
            text(&x.raised),
            text(&x.spent),
            text(&x.balance),
            text(&x.contributors),
            if bold_bar {
                Cell::Bar(x.progress)
            } else {
                text("")
            },
        ]
    };
    c.table(&Table {
        columns: vec![
            col(l.say(Word::Project), 0.25, Align::Left),
            col(l.say(Word::Goal), 0.13, Align::Right),
            col(l.say(Word::Raised), 0.13, Align::Right),
            col(l.say(Word::Spent), 0.13, Align::Right),
            col(l.say(Word::Balance), 0.13, Align::Right),
            col(l.say(Word::Givers), 0.09, Align::Right),
            col(l.say(Word::Progress), 0.14, Align::Left),
        ],
        rows: s
            .projects
            .iter()
            .map(|x| p(x, !x.goal.is_empty()))
            .collect(),
        totals: vec![p(&s.projects_total, false)],
        empty: l.say(Word::NoProjectsYet).into(),
    });

    c.heading(l.say(Word::ContributionsInThePeriodBy), 60.0);
    c.table(&Table {
        columns: vec![
            col(l.say(Word::Channel), 0.5, Align::Left),
            col(l.say(Word::Gifts), 0.2, Align::Right),
            col(l.say(Word::Amount), 0.3, Align::Right),
        ],
        rows: s
            .channels
            .iter()
            .map(|x| vec![text(&x.channel), text(&x.gifts), text(&x.amount)])
            .collect(),
        totals: vec![vec![
            text(l.say(Word::Total)),
            text(&s.channels_total.gifts),
            text(&s.channels_total.amount),
        ]],
        empty: String::new(),
    });

    c.heading(l.say(Word::ExpensesInThePeriod), 60.0);
    c.table(&expenses_table(
        l,
        &s.expenses,
        &s.expenses_total,
        l.say(Word::NoExpensesInThisPeriod),
    ));

    c.heading(l.say(Word::DecisionsClosedInThePeriod), 40.0);
    if s.decisions.is_empty() {
        c.paragraph(l.say(Word::NoDecisionWasClosedIn), 9.5, MUTED);
    }
    for d in &s.decisions {
        c.ensure(80.0);
        c.y -= 14.0;
        let y = c.y;
        c.text(c.left(), y, &d.title, 11.0, Weight::Bold, INK);
        c.y -= 2.0;
        c.paragraph(&d.subtitle, 8.5, MUTED);
        let n = d.columns.len().max(1);
        let first = 0.4;
        let rest = (1.0 - first) / (n.saturating_sub(1).max(1)) as f32;
        c.table(&Table {
            columns: d
                .columns
                .iter()
                .enumerate()
                .map(|(i, label)| {
                    if i == 0 {
                        col(label.clone(), first, Align::Left)
                    } else {
                        col(label.clone(), rest, Align::Right)
                    }
                })
                .collect(),
            rows: d
                .rows
                .iter()
                .map(|r| r.iter().map(|v| text(v)).collect())
                .collect(),
            totals: vec![],
            empty: l.say(Word::NoOption).into(),
        });
        c.paragraph(&d.outcome, 10.0, INK);
        c.paragraph(&d.weights, 8.5, MUTED);
        if !d.weight_counts.is_empty() {
            c.table(&Table {
                columns: vec![
                    col(l.say(Word::Weight), 0.3, Align::Right),
                    col(l.say(Word::Members), 0.3, Align::Right),
                    col("", 0.4, Align::Left),
                ],
                rows: d
                    .weight_counts
                    .iter()
                    .map(|(w, n)| vec![text(w), text(n), text("")])
                    .collect(),
                totals: vec![],
                empty: String::new(),
            });
        }
    }

    c.heading(l.say(Word::OpenCashCollections), 40.0);
    c.table(&Table {
        columns: vec![
            col(l.say(Word::Opened), 0.25, Align::Left),
            col(l.say(Word::Collector), 0.22, Align::Left),
            col(l.say(Word::Place), 0.23, Align::Left),
            col(l.say(Word::Gifts), 0.1, Align::Right),
            col(l.say(Word::Entered), 0.2, Align::Right),
        ],
        rows: s
            .open_collections
            .iter()
            .map(|x| {
                vec![
                    text(&x.opened),
                    text(&x.collector),
                    text(&x.place),
                    text(&x.gifts),
                    text(&x.entered),
                ]
            })
            .collect(),
        totals: vec![],
        empty: l.say(Word::NoCollectionIsOpen).into(),
    });
    c.finish(name, &footer(meta, name), meta.generated_unix)
}

fn payment_block(
    c: &mut Canvas,
    lang: Lang,
    payment: &Option<Payment>,
    missing: &str,
    qr_size: f32,
    big: bool,
) {
    let Some(p) = payment else {
        c.paragraph(missing, 9.5, MUTED);
        return;
    };
    c.ensure(qr_size + 10.0);
    let top = c.y;
    let x = c.left();
    c.qr(x, top, qr_size, &p.payload);
    let tx = x + qr_size + 18.0;
    let tw = c.right() - tx;
    let mut y = top - 14.0;
    let (label_size, value_size) = if big { (11.0, 20.0) } else { (8.5, 11.0) };
    let lines = [
        (lang.say(Word::AccountHolder), &p.holder),
        ("IBAN", &p.iban),
        ("BIC", &p.bic),
        (lang.say(Word::Reference), &p.reference),
    ];
    for (label, value) in lines {
        if value.is_empty() {
            continue;
        }
        c.text(tx, y, label, label_size, Weight::Regular, MUTED);
        y -= value_size + 4.0;
        let size = if fonts::width(value, Weight::Bold, value_size) > tw {
            value_size * tw / fonts::width(value, Weight::Bold, value_size)
        } else {
            value_size
        };
        c.text(tx, y, value, size, Weight::Bold, INK);
        y -= label_size + 8.0;
    }
    c.y = (top - qr_size).min(y) - 10.0;
}

/// 2. The public statement of one project: no names, no individual amounts.
pub fn project_statement(meta: &Meta, s: &ProjectStatement) -> Vec<u8> {
    let l = meta.lang;
    let name = l.say(Word::ProjectStatement);
    let mut c = Canvas::new(meta.paper);
    c.title(
        &s.title,
        &format!(
            "{} · {} {} · {}",
            meta.association,
            l.say(Word::Project2),
            s.code,
            s.status
        ),
    );
    if !s.description.is_empty() {
        c.paragraph(&s.description, 10.0, INK);
    }
    c.heading(l.say(Word::FundingSoFar), 90.0);
    let t = s.threshold;
    c.figures(
        &[
            (l.say(Word::Goal).into(), s.goal.clone()),
            (l.say(Word::Raised).into(), public_text(&s.raised, t, l)),
            (l.say(Word::Spent).into(), s.spent.clone()),
            (
                l.say(Word::Givers).into(),
                public_text(&s.contributors, t, l),
            ),
            (l.say(Word::Balance).into(), public_text(&s.balance, t, l)),
        ],
        true,
    );
    if let Some(progress) = s.progress {
        c.ensure(20.0);
        let (x, w) = (c.left(), c.width() * 0.8);
        c.bar(x, c.y - 10.0, w, 10.0, progress);
        c.text(
            x + w + 8.0,
            c.y - 9.0,
            &format!("{} %", progress / 10),
            9.0,
            Weight::Bold,
            INK,
        );
        c.y -= 22.0;
    }

    c.heading(l.say(Word::ContributionsByMonthAndChannel), 60.0);
    let n = s.channels.len();
    let share = if n == 0 { 0.0 } else { 0.6 / n as f32 };
    let mut columns = vec![col(l.say(Word::Month), 0.2, Align::Left)];
    columns.extend(
        s.channels
            .iter()
            .map(|ch| col(ch.clone(), share, Align::Right)),
    );
    columns.push(col(
        l.say(Word::Total),
        if n == 0 { 0.8 } else { 0.2 },
        Align::Right,
    ));
    let mut totals = vec![text(l.say(Word::Total))];
    totals.extend(s.channel_totals.iter().map(public));
    totals.push(public(&s.total));
    c.table(&Table {
        columns,
        rows: s
            .months
            .iter()
            .map(|(m, cells, total)| {
                let mut r = vec![text(m)];
                r.extend(cells.iter().map(public));
                r.push(public(total));
                r
            })
            .collect(),
        totals: if s.months.is_empty() {
            vec![]
        } else {
            vec![totals]
        },
        empty: l.say(Word::NoContributionsYet).into(),
    });
    c.paragraph(
        &l.say(Word::ThisStatementNamesNoOne)
            .replace("{n}", &t.to_string()),
        8.0,
        MUTED,
    );

    c.heading(l.say(Word::Expenses), 50.0);
    // All of them are this project's: no project column.
    c.table(&without_column(
        expenses_table(
            l,
            &s.expenses,
            &s.expenses_total,
            l.say(Word::NoExpensesYet),
        ),
        1,
    ));

    c.heading(l.say(Word::GiveToThisProject), 150.0);
    if s.payment.is_some() {
        c.paragraph(l.say(Word::ScanTheCodeWithYour), 9.5, INK);
    }
    payment_block(&mut c, l, &s.payment, &s.payment_missing, 120.0, false);
    c.finish(name, &footer(meta, name), meta.generated_unix)
}

/// 3. A member's statement for a year, usable as a donation receipt.
pub fn member_statement(meta: &Meta, s: &MemberStatement) -> Vec<u8> {
    let l = meta.lang;
    let name = l.say(Word::StatementOfContributions);
    let mut c = Canvas::new(meta.paper);
    c.title(&format!("{name} {}", s.year), &meta.association);
    c.figures(
        &[
            (l.say(Word::Member).into(), s.name.clone()),
            (l.say(Word::MemberNumber).into(), s.number.clone()),
            (
                l.say(Word::YourPaymentReference).into(),
                s.payment_reference.clone(),
            ),
        ],
        false,
    );
    c.heading(l.say(Word::Contributions), 60.0);
    c.table(&Table {
        columns: vec![
            col(l.say(Word::Date), 0.18, Align::Left),
            col(l.say(Word::Project), 0.42, Align::Left),
            col(l.say(Word::Channel), 0.2, Align::Left),
            col(l.say(Word::Amount), 0.2, Align::Right),
        ],
        rows: s
            .gifts
            .iter()
            .map(|g| {
                vec![
                    text(&g.date),
                    text(&g.project),
                    text(&g.channel),
                    text(&g.amount),
                ]
            })
            .collect(),
        totals: if s.gifts.is_empty() {
            vec![]
        } else {
            vec![vec![
                text(l.say(Word::Total)),
                text(""),
                text(""),
                text(&s.total),
            ]]
        },
        empty: l.say(Word::NoContributionsInThisYear).into(),
    });
    c.heading(l.say(Word::Participation), 90.0);
    c.figures(
        &[
            (l.say(Word::MeetingsAttended).into(), s.meetings.clone()),
            (l.say(Word::VolunteerShifts).into(), s.shifts.clone()),
            (
                l.say(Word::MonthsWithAContribution).into(),
                s.months.clone(),
            ),
            (l.say(Word::ParticipationPoints).into(), s.points.clone()),
            (l.say(Word::WeightInVotes).into(), s.weight.clone()),
        ],
        false,
    );
    c.paragraph(&s.weight_rule, 8.5, MUTED);
    if let Some(receipt) = &s.receipt_text {
        c.heading(l.say(Word::Receipt), 110.0);
        c.paragraph(receipt, 10.0, INK);
        c.ensure(70.0);
        c.y -= 50.0;
        let (x, w) = (c.left(), c.width());
        let y = c.y;
        c.line(x, y, x + w * 0.4, y, 0.6, INK);
        c.line(x + w * 0.5, y, x + w, y, 0.6, INK);
        c.text(
            x,
            y - 11.0,
            l.say(Word::PlaceDate),
            8.5,
            Weight::Regular,
            MUTED,
        );
        c.text(
            x + w * 0.5,
            y - 11.0,
            &l.say(Word::SignatureFor)
                .replace("{name}", &meta.association),
            8.5,
            Weight::Regular,
            MUTED,
        );
        c.y -= 20.0;
    }
    c.finish(name, &footer(meta, name), meta.generated_unix)
}

/// The readable copy of a member's data export: their record, then one table per kind of
/// data the books hold about them.
pub fn member_data(meta: &Meta, d: &MemberData) -> Vec<u8> {
    let l = meta.lang;
    let name = l.say(Word::DataHeldAboutAMember);
    let mut c = Canvas::new(meta.paper);
    c.title(name, &meta.association);
    c.figures(&d.record, false);
    for s in &d.sections {
        c.heading(&s.title, 60.0);
        c.table(&Table {
            columns: s
                .columns
                .iter()
                .map(|(label, share)| col(label.as_str(), *share, Align::Left))
                .collect(),
            rows: s
                .rows
                .iter()
                .map(|row| row.iter().map(|v| text(v)).collect())
                .collect(),
            totals: vec![],
            empty: s.empty.clone(),
        });
    }
    c.finish(name, &footer(meta, name), meta.generated_unix)
}

/// 4. The count sheet of a cash collection: filled in once closed, blank to count on before.
pub fn cash_sheet(meta: &Meta, s: &CashSheet) -> Vec<u8> {
    let l = meta.lang;
    let name = l.say(Word::CashCountSheet);
    let mut c = Canvas::new(meta.paper);
    c.title(
        name,
        &format!(
            "{} · {} {}",
            meta.association,
            l.say(Word::Collection),
            s.id
        ),
    );
    let open = s.closed.is_empty();
    c.figures(
        &[
            (l.say(Word::Collector).into(), s.collector.clone()),
            (l.say(Word::Place).into(), s.place.clone()),
            (l.say(Word::Project).into(), s.project.clone()),
            (l.say(Word::Opened).into(), s.opened.clone()),
            (
                l.say(Word::Closed).into(),
                if open {
                    l.say(Word::StillOpen).into()
                } else {
                    s.closed.clone()
                },
            ),
        ],
        false,
    );
    if open {
        c.paragraph(l.say(Word::TheCollectionIsStillOpen), 9.0, MUTED);
    }
    c.heading(l.say(Word::CashCounted), 80.0);
    c.table(&Table {
        columns: vec![
            col(l.say(Word::Denomination), 0.4, Align::Right),
            col(l.say(Word::Count), 0.3, Align::Right),
            col(l.say(Word::Sum), 0.3, Align::Right),
        ],
        rows: s
            .denominations
            .iter()
            .map(|(d, n, sum)| vec![text(d), text(n), text(sum)])
            .collect(),
        totals: vec![vec![
            text(l.say(Word::Counted)),
            text(""),
            text(&s.counted_total),
        ]],
        empty: String::new(),
    });
    c.heading(l.say(Word::ContributionsEntered), 60.0);
    c.table(&Table {
        columns: vec![
            col(l.say(Word::Time), 0.2, Align::Left),
            col(l.say(Word::GivenBy), 0.35, Align::Left),
            col(l.say(Word::Project), 0.25, Align::Left),
            col(l.say(Word::Amount), 0.2, Align::Right),
        ],
        rows: s
            .entered
            .iter()
            .map(|e| {
                vec![
                    text(&e.time),
                    text(&e.giver),
                    text(&e.project),
                    text(&e.amount),
                ]
            })
            .collect(),
        totals: vec![vec![
            text(l.say(Word::Entered)),
            text(""),
            text(""),
            text(&s.entered_total),
        ]],
        empty: l.say(Word::NothingEnteredYet).into(),
    });
    c.heading(l.say(Word::CountAgainstEntries), 120.0);
    c.figures(
        &[
            (l.say(Word::Counted).into(), s.counted_total.clone()),
            (l.say(Word::Entered).into(), s.entered_total.clone()),
            (l.say(Word::Difference).into(), s.difference.clone()),
        ],
        true,
    );
    c.text(
        c.left(),
        c.y - 4.0,
        l.say(Word::NoteOnTheDifference),
        8.5,
        Weight::Regular,
        MUTED,
    );
    c.y -= 8.0;
    if s.note.is_empty() {
        for _ in 0..2 {
            c.y -= 20.0;
            let (x, r, y) = (c.left(), c.right(), c.y);
            c.line(x, y, r, y, 0.4, RULE);
        }
        c.y -= 6.0;
    } else {
        c.paragraph(&s.note, 10.0, INK);
    }
    c.ensure(70.0);
    c.y -= 50.0;
    let (x, w, y) = (c.left(), c.width(), c.y);
    for (i, label) in [
        l.say(Word::CountedByNameSignature),
        l.say(Word::CountedByNameSignature),
    ]
    .iter()
    .enumerate()
    {
        let x0 = x + i as f32 * w * 0.52;
        c.line(x0, y, x0 + w * 0.46, y, 0.6, INK);
        c.text(
            x0,
            y - 11.0,
            &format!("{} {}", i + 1, label),
            8.5,
            Weight::Regular,
            MUTED,
        );
    }
    c.y -= 20.0;
    c.finish(name, &footer(meta, name), meta.generated_unix)
}

/// 5. Paper ballots: as many per page as fit, numbered, with cut marks between them.
pub fn ballots(meta: &Meta, b: &Ballot) -> Vec<u8> {
    let l = meta.lang;
    let name = l.say(Word::Ballot);
    let mut c = Canvas::new(meta.paper);
    let w = c.width();
    let description = if b.description.is_empty() {
        vec![]
    } else {
        fonts::wrap_at_most(&b.description, Weight::Regular, 9.0, w, 4)
    };
    let question = fonts::wrap_at_most(&b.question, Weight::Bold, 13.0, w, 3);
    let weighting = fonts::wrap(&b.weighting, Weight::Regular, 7.5, w);
    let option_lines: Vec<Vec<String>> = b
        .options
        .iter()
        .map(|(o, _)| fonts::wrap_at_most(o, Weight::Regular, 11.0, w * 0.62, 3))
        .collect();
    // Each ballot is as tall as the first one drawn; as many as fit share a page.
    let mut height = 0.0;
    for i in 0..b.count {
        if i > 0 && c.y - height - 28.0 < c.bottom() {
            c.new_page();
        } else if i > 0 {
            c.y -= 14.0;
            let (x, r, y) = (c.left() - 30.0, c.right() + 30.0, c.y);
            c.dashed(x, y, r, y, MUTED);
            c.text(x, y + 3.0, "✂", 8.0, Weight::Regular, MUTED);
            c.y -= 14.0;
        }
        let (x, r) = (c.left(), c.right());
        let start = c.y;
        c.y -= 12.0;
        c.text(
            x,
            c.y,
            &format!("{name} · {}", meta.association),
            8.5,
            Weight::Regular,
            MUTED,
        );
        c.text_right(
            r,
            c.y,
            &l.say(Word::NoOfDecision)
                .replace("{n}", &(i + 1).to_string())
                .replace("{count}", &b.count.to_string())
                .replace("{id}", &b.decision),
            8.5,
            Weight::Regular,
            MUTED,
        );
        c.y -= 6.0;
        for line in &question {
            c.y -= 16.0;
            c.text(x, c.y, line, 13.0, Weight::Bold, INK);
        }
        for line in &description {
            c.y -= 12.0;
            c.text(x, c.y, line, 9.0, Weight::Regular, INK);
        }
        c.y -= 14.0;
        c.text(x, c.y, &b.how, 9.0, Weight::Bold, INK);
        if !b.budget.is_empty() {
            c.y -= 14.0;
            c.text(x, c.y, &b.budget, 9.0, Weight::Regular, INK);
        }
        c.y -= 4.0;
        for ((_, detail), lines) in b.options.iter().zip(&option_lines) {
            c.y -= 8.0;
            let top = c.y;
            c.frame(x + 2.0, top - 12.0, 11.0, 11.0, 1.0, INK);
            for (k, line) in lines.iter().enumerate() {
                c.y = top - 10.0 - k as f32 * 14.0;
                c.text(x + 22.0, c.y, line, 11.0, Weight::Regular, INK);
            }
            c.text_right(r, top - 10.0, detail, 10.0, Weight::Regular, INK);
            c.y = top - lines.len() as f32 * 14.0;
        }
        c.y -= 8.0;
        for line in &weighting {
            c.y -= 10.0;
            c.text(x, c.y, line, 7.5, Weight::Regular, MUTED);
        }
        if i == 0 {
            height = start - c.y;
        }
    }
    c.finish(name, &footer(meta, name), meta.generated_unix)
}

/// 6. A poster for a project: what it is for, how far it is, and how to give.
pub fn poster(meta: &Meta, p: &Poster) -> Vec<u8> {
    let l = meta.lang;
    let name = l.say(Word::PaymentPoster);
    let mut c = Canvas::new(meta.paper);
    let w = c.width();
    let (x, r) = (c.left(), c.right());
    c.y -= 10.0;
    c.text(x, c.y, &meta.association, 14.0, Weight::Regular, MUTED);
    // A poster keeps to three lines of title and six of description: the code must fit.
    for line in fonts::wrap_at_most(&p.title, Weight::Bold, 40.0, w, 3) {
        c.y -= 46.0;
        c.text(x, c.y, &line, 40.0, Weight::Bold, INK);
    }
    c.y -= 16.0;
    if !p.description.is_empty() {
        for line in fonts::wrap_at_most(&p.description, Weight::Regular, 14.0, w, 6) {
            c.y -= 19.0;
            c.text(x, c.y, &line, 14.0, Weight::Regular, INK);
        }
    }
    c.y -= 30.0;
    c.text(
        x,
        c.y,
        &format!("{} {}", l.say(Word::Goal), p.goal),
        22.0,
        Weight::Bold,
        INK,
    );
    if let Some((per_mille, raised)) = &p.progress {
        c.y -= 30.0;
        c.bar(x, c.y, w, 20.0, *per_mille);
        c.y -= 22.0;
        c.text(
            x,
            c.y,
            &l.say(Word::RaisedSoFar).replace("{raised}", raised),
            14.0,
            Weight::Regular,
            INK,
        );
        c.text_right(
            r,
            c.y,
            &format!("{} %", per_mille / 10),
            14.0,
            Weight::Bold,
            INK,
        );
    }
    c.y -= 40.0;
    if p.payment.is_some() {
        c.text(
            x,
            c.y,
            l.say(Word::ScanWithYourBankingApp),
            16.0,
            Weight::Bold,
            INK,
        );
        c.y -= 14.0;
    }
    payment_block(&mut c, l, &p.payment, &p.payment_missing, 200.0, true);
    c.finish(name, &footer(meta, name), meta.generated_unix)
}
