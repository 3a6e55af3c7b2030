//! The six documents, each laid out on a [`Canvas`] from its view model.

use crate::Lang;
use crate::canvas::{Align, Canvas, Cell, Footer, INK, MUTED, RULE, Table, col};
use crate::fonts::{self, Weight};
use crate::model::*;

fn footer(meta: &Meta, document: &str) -> Footer {
    let l = meta.lang;
    Footer {
        title: format!("{} · {document}", meta.association),
        page_of: l
            .pick("Page {page} of {pages}", "Seite {page} von {pages}")
            .to_string(),
        line: l
            .pick(
                "Generated {time} · ledger of {count} entries · digest {digest}",
                "Erstellt {time} · Journal mit {count} Buchungen · Prüfsumme {digest}",
            )
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
            .pick(
                "not shown (fewer than {n} givers)",
                "nicht gezeigt (weniger als {n} Gebende)",
            )
            .replace("{n}", &threshold.to_string()),
        Public::Empty => "–".into(),
    }
}

fn expenses_table(lang: Lang, lines: &[ExpenseLine], total: &str, empty: &str) -> Table {
    Table {
        columns: vec![
            col(lang.pick("Paid on", "Bezahlt am"), 0.14, Align::Left),
            col(lang.pick("Project", "Projekt"), 0.2, Align::Left),
            col(lang.pick("Payee", "Empfänger"), 0.24, Align::Left),
            col(lang.pick("Note", "Notiz"), 0.26, Align::Left),
            col(lang.pick("Amount", "Betrag"), 0.16, Align::Right),
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
                text(lang.pick("Total", "Summe")),
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
    let name = l.pick("Funding statement", "Finanzbericht");
    let mut c = Canvas::new(meta.paper);
    c.title(
        &format!("{} — {name}", meta.association),
        &l.pick("Period {from} to {to}", "Zeitraum {from} bis {to}")
            .replace("{from}", &s.from)
            .replace("{to}", &s.to),
    );
    c.heading(l.pick("Money in the period", "Geld im Zeitraum"), 70.0);
    c.figures(
        &[
            (
                l.pick("Balance at the start", "Bestand zu Beginn").into(),
                s.opening.clone(),
            ),
            (l.pick("Money in", "Einnahmen").into(), s.money_in.clone()),
            (l.pick("Money out", "Ausgaben").into(), s.money_out.clone()),
            (
                l.pick("Balance at the end", "Bestand am Ende").into(),
                s.closing.clone(),
            ),
        ],
        true,
    );

    c.heading(l.pick("Projects", "Projekte"), 60.0);
    c.paragraph(
        &l.pick(
            "Everything booked up to {time}. Givers are members who gave, counted once per project; anonymous cash counts once per gift.",
            "Alles bis {time} Gebuchte. Gebende sind Mitglieder, die gegeben haben, je Projekt einmal gezählt; anonymes Bargeld zählt je Gabe.",
        )
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
            col(l.pick("Project", "Projekt"), 0.25, Align::Left),
            col(l.pick("Goal", "Ziel"), 0.13, Align::Right),
            col(l.pick("Raised", "Gesammelt"), 0.13, Align::Right),
            col(l.pick("Spent", "Ausgegeben"), 0.13, Align::Right),
            col(l.pick("Balance", "Bestand"), 0.13, Align::Right),
            col(l.pick("Givers", "Gebende"), 0.09, Align::Right),
            col(l.pick("Progress", "Fortschritt"), 0.14, Align::Left),
        ],
        rows: s
            .projects
            .iter()
            .map(|x| p(x, !x.goal.is_empty()))
            .collect(),
        totals: vec![p(&s.projects_total, false)],
        empty: l.pick("No projects yet.", "Noch keine Projekte.").into(),
    });

    c.heading(
        l.pick(
            "Contributions in the period by channel",
            "Beiträge im Zeitraum nach Weg",
        ),
        60.0,
    );
    c.table(&Table {
        columns: vec![
            col(l.pick("Channel", "Weg"), 0.5, Align::Left),
            col(l.pick("Gifts", "Gaben"), 0.2, Align::Right),
            col(l.pick("Amount", "Betrag"), 0.3, Align::Right),
        ],
        rows: s
            .channels
            .iter()
            .map(|x| vec![text(&x.channel), text(&x.gifts), text(&x.amount)])
            .collect(),
        totals: vec![vec![
            text(l.pick("Total", "Summe")),
            text(&s.channels_total.gifts),
            text(&s.channels_total.amount),
        ]],
        empty: String::new(),
    });

    c.heading(
        l.pick("Expenses in the period", "Ausgaben im Zeitraum"),
        60.0,
    );
    c.table(&expenses_table(
        l,
        &s.expenses,
        &s.expenses_total,
        l.pick(
            "No expenses in this period.",
            "Keine Ausgaben in diesem Zeitraum.",
        ),
    ));

    c.heading(
        l.pick(
            "Decisions closed in the period",
            "Im Zeitraum abgeschlossene Entscheidungen",
        ),
        40.0,
    );
    if s.decisions.is_empty() {
        c.paragraph(
            l.pick(
                "No decision was closed in this period.",
                "In diesem Zeitraum wurde keine Entscheidung abgeschlossen.",
            ),
            9.5,
            MUTED,
        );
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
            empty: l.pick("No option.", "Keine Option.").into(),
        });
        c.paragraph(&d.outcome, 10.0, INK);
        c.paragraph(&d.weights, 8.5, MUTED);
        if !d.weight_counts.is_empty() {
            c.table(&Table {
                columns: vec![
                    col(l.pick("Weight", "Gewicht"), 0.3, Align::Right),
                    col(l.pick("Members", "Mitglieder"), 0.3, Align::Right),
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

    c.heading(
        l.pick("Open cash collections", "Offene Bargeldsammlungen"),
        40.0,
    );
    c.table(&Table {
        columns: vec![
            col(l.pick("Opened", "Geöffnet"), 0.25, Align::Left),
            col(l.pick("Collector", "Sammelnde Person"), 0.22, Align::Left),
            col(l.pick("Place", "Ort"), 0.23, Align::Left),
            col(l.pick("Gifts", "Gaben"), 0.1, Align::Right),
            col(l.pick("Entered", "Erfasst"), 0.2, Align::Right),
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
        empty: l
            .pick("No collection is open.", "Keine Sammlung ist offen.")
            .into(),
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
        (lang.pick("Account holder", "Kontoinhaber"), &p.holder),
        ("IBAN", &p.iban),
        ("BIC", &p.bic),
        (
            lang.pick("Reference", "Verwendungszweck (Referenz)"),
            &p.reference,
        ),
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
    let name = l.pick("Project statement", "Projektbericht");
    let mut c = Canvas::new(meta.paper);
    c.title(
        &s.title,
        &format!(
            "{} · {} {} · {}",
            meta.association,
            l.pick("project", "Projekt"),
            s.code,
            s.status
        ),
    );
    if !s.description.is_empty() {
        c.paragraph(&s.description, 10.0, INK);
    }
    c.heading(l.pick("Funding so far", "Finanzierung bisher"), 90.0);
    let t = s.threshold;
    c.figures(
        &[
            (l.pick("Goal", "Ziel").into(), s.goal.clone()),
            (
                l.pick("Raised", "Gesammelt").into(),
                public_text(&s.raised, t, l),
            ),
            (l.pick("Spent", "Ausgegeben").into(), s.spent.clone()),
            (
                l.pick("Givers", "Gebende").into(),
                public_text(&s.contributors, t, l),
            ),
            (
                l.pick("Balance", "Bestand").into(),
                public_text(&s.balance, t, l),
            ),
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

    c.heading(
        l.pick(
            "Contributions by month and channel",
            "Beiträge nach Monat und Weg",
        ),
        60.0,
    );
    let n = s.channels.len();
    let share = if n == 0 { 0.0 } else { 0.6 / n as f32 };
    let mut columns = vec![col(l.pick("Month", "Monat"), 0.2, Align::Left)];
    columns.extend(
        s.channels
            .iter()
            .map(|ch| col(ch.clone(), share, Align::Right)),
    );
    columns.push(col(
        l.pick("Total", "Summe"),
        if n == 0 { 0.8 } else { 0.2 },
        Align::Right,
    ));
    let mut totals = vec![text(l.pick("Total", "Summe"))];
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
        empty: l
            .pick("No contributions yet.", "Noch keine Beiträge.")
            .into(),
    });
    c.paragraph(
        &l.pick(
            "This statement names no one and shows no one's gift. “·” marks a figure over fewer than {n} givers, and a figure from which one could be worked out; “–” means nothing was given.",
            "Dieser Bericht nennt niemanden und zeigt keine einzelne Gabe. „·“ steht für eine Zahl über weniger als {n} Gebende und für eine, aus der sie sich errechnen ließe; „–“ heißt, es wurde nichts gegeben.",
        )
        .replace("{n}", &t.to_string()),
        8.0,
        MUTED,
    );

    c.heading(l.pick("Expenses", "Ausgaben"), 50.0);
    // All of them are this project's: no project column.
    c.table(&without_column(
        expenses_table(
            l,
            &s.expenses,
            &s.expenses_total,
            l.pick("No expenses yet.", "Noch keine Ausgaben."),
        ),
        1,
    ));

    c.heading(
        l.pick("Give to this project", "Für dieses Projekt geben"),
        150.0,
    );
    if s.payment.is_some() {
        c.paragraph(l.pick("Scan the code with your banking app, or transfer with the reference below.", "Scannen Sie den Code mit Ihrer Banking-App oder überweisen Sie mit der Referenz unten."), 9.5, INK);
    }
    payment_block(&mut c, l, &s.payment, &s.payment_missing, 120.0, false);
    c.finish(name, &footer(meta, name), meta.generated_unix)
}

/// 3. A member's statement for a year, usable as a donation receipt.
pub fn member_statement(meta: &Meta, s: &MemberStatement) -> Vec<u8> {
    let l = meta.lang;
    let name = l.pick("Statement of contributions", "Beitragsbescheinigung");
    let mut c = Canvas::new(meta.paper);
    c.title(&format!("{name} {}", s.year), &meta.association);
    c.figures(
        &[
            (l.pick("Member", "Mitglied").into(), s.name.clone()),
            (
                l.pick("Member number", "Mitgliedsnummer").into(),
                s.number.clone(),
            ),
            (
                l.pick("Your payment reference", "Ihre Zahlungsreferenz")
                    .into(),
                s.payment_reference.clone(),
            ),
        ],
        false,
    );
    c.heading(l.pick("Contributions", "Beiträge"), 60.0);
    c.table(&Table {
        columns: vec![
            col(l.pick("Date", "Datum"), 0.18, Align::Left),
            col(l.pick("Project", "Projekt"), 0.42, Align::Left),
            col(l.pick("Channel", "Weg"), 0.2, Align::Left),
            col(l.pick("Amount", "Betrag"), 0.2, Align::Right),
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
                text(l.pick("Total", "Summe")),
                text(""),
                text(""),
                text(&s.total),
            ]]
        },
        empty: l
            .pick(
                "No contributions in this year.",
                "Keine Beiträge in diesem Jahr.",
            )
            .into(),
    });
    c.heading(l.pick("Participation", "Mitwirkung"), 90.0);
    c.figures(
        &[
            (
                l.pick("Meetings attended", "Besuchte Versammlungen").into(),
                s.meetings.clone(),
            ),
            (
                l.pick("Volunteer shifts", "Helferschichten").into(),
                s.shifts.clone(),
            ),
            (
                l.pick("Months with a contribution", "Monate mit einem Beitrag")
                    .into(),
                s.months.clone(),
            ),
            (
                l.pick("Participation points", "Mitwirkungspunkte").into(),
                s.points.clone(),
            ),
            (
                l.pick("Weight in votes", "Stimmgewicht").into(),
                s.weight.clone(),
            ),
        ],
        false,
    );
    c.paragraph(&s.weight_rule, 8.5, MUTED);
    if let Some(receipt) = &s.receipt_text {
        c.heading(l.pick("Receipt", "Bestätigung"), 110.0);
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
            l.pick("Place, date", "Ort, Datum"),
            8.5,
            Weight::Regular,
            MUTED,
        );
        c.text(
            x + w * 0.5,
            y - 11.0,
            &l.pick("Signature for {name}", "Unterschrift für {name}")
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
    let name = l.pick(
        "Data held about a member",
        "Gespeicherte Daten eines Mitglieds",
    );
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
    let name = l.pick("Cash count sheet", "Zählprotokoll Bargeld");
    let mut c = Canvas::new(meta.paper);
    c.title(
        name,
        &format!(
            "{} · {} {}",
            meta.association,
            l.pick("collection", "Sammlung"),
            s.id
        ),
    );
    let open = s.closed.is_empty();
    c.figures(
        &[
            (
                l.pick("Collector", "Sammelnde Person").into(),
                s.collector.clone(),
            ),
            (l.pick("Place", "Ort").into(), s.place.clone()),
            (l.pick("Project", "Projekt").into(), s.project.clone()),
            (l.pick("Opened", "Geöffnet").into(), s.opened.clone()),
            (
                l.pick("Closed", "Abgeschlossen").into(),
                if open {
                    l.pick("still open", "noch offen").into()
                } else {
                    s.closed.clone()
                },
            ),
        ],
        false,
    );
    if open {
        c.paragraph(l.pick("The collection is still open: write the counts on this sheet, then enter them when closing the collection.", "Die Sammlung ist noch offen: Tragen Sie die gezählten Stück hier ein und geben Sie sie beim Abschließen der Sammlung ein."), 9.0, MUTED);
    }
    c.heading(l.pick("Cash counted", "Gezähltes Bargeld"), 80.0);
    c.table(&Table {
        columns: vec![
            col(l.pick("Denomination", "Stückelung"), 0.4, Align::Right),
            col(l.pick("Count", "Anzahl"), 0.3, Align::Right),
            col(l.pick("Sum", "Summe"), 0.3, Align::Right),
        ],
        rows: s
            .denominations
            .iter()
            .map(|(d, n, sum)| vec![text(d), text(n), text(sum)])
            .collect(),
        totals: vec![vec![
            text(l.pick("Counted", "Gezählt")),
            text(""),
            text(&s.counted_total),
        ]],
        empty: String::new(),
    });
    c.heading(l.pick("Contributions entered", "Erfasste Beiträge"), 60.0);
    c.table(&Table {
        columns: vec![
            col(l.pick("Time", "Zeit"), 0.2, Align::Left),
            col(l.pick("Given by", "Gegeben von"), 0.35, Align::Left),
            col(l.pick("Project", "Projekt"), 0.25, Align::Left),
            col(l.pick("Amount", "Betrag"), 0.2, Align::Right),
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
            text(l.pick("Entered", "Erfasst")),
            text(""),
            text(""),
            text(&s.entered_total),
        ]],
        empty: l
            .pick("Nothing entered yet.", "Noch nichts erfasst.")
            .into(),
    });
    c.heading(
        l.pick("Count against entries", "Zählung gegen Erfassung"),
        120.0,
    );
    c.figures(
        &[
            (l.pick("Counted", "Gezählt").into(), s.counted_total.clone()),
            (l.pick("Entered", "Erfasst").into(), s.entered_total.clone()),
            (
                l.pick("Difference", "Differenz").into(),
                s.difference.clone(),
            ),
        ],
        true,
    );
    c.text(
        c.left(),
        c.y - 4.0,
        l.pick("Note on the difference", "Erklärung der Differenz"),
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
        l.pick(
            "Counted by (name, signature)",
            "Gezählt von (Name, Unterschrift)",
        ),
        l.pick(
            "Counted by (name, signature)",
            "Gezählt von (Name, Unterschrift)",
        ),
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
    let name = l.pick("Ballot", "Stimmzettel");
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
            &l.pick(
                "No. {n} of {count} · decision {id}",
                "Nr. {n} von {count} · Entscheidung {id}",
            )
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
    let name = l.pick("Payment poster", "Spendenplakat");
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
        &format!("{} {}", l.pick("Goal", "Ziel"), p.goal),
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
            &l.pick("{raised} raised so far", "{raised} bisher gesammelt")
                .replace("{raised}", raised),
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
            l.pick("Scan with your banking app", "Mit der Banking-App scannen"),
            16.0,
            Weight::Bold,
            INK,
        );
        c.y -= 14.0;
    }
    payment_block(&mut c, l, &p.payment, &p.payment_missing, 200.0, true);
    c.finish(name, &footer(meta, name), meta.generated_unix)
}
