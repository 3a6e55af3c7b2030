//! Page layout: a cursor that moves down the page, text placed by absolute position, tables
//! that break across pages, and the footer added once the number of pages is known.

use printpdf::{
    Color, Line, LinePoint, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Pt, Rect, Rgb, TextItem, TextMatrix,
};
use sha2::{Digest, Sha256};

use crate::fonts::{self, Weight};

/// Paper sizes the documents are laid out for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    /// Width and height in points.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

pub const INK: (f32, f32, f32) = (0.10, 0.10, 0.12);
pub const MUTED: (f32, f32, f32) = (0.36, 0.37, 0.40);
pub const ACCENT: (f32, f32, f32) = (0.09, 0.42, 0.40);
pub const SHADE: (f32, f32, f32) = (0.93, 0.94, 0.94);
pub const RULE: (f32, f32, f32) = (0.70, 0.71, 0.73);

const MARGIN_X: f32 = 50.0;
const MARGIN_TOP: f32 = 52.0;
/// Room below the content for the footer.
const MARGIN_BOTTOM: f32 = 70.0;

/// Rows kept on the page of a table's total, so a total never stands alone.
const KEEP_WITH_TOTAL: usize = 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table cell: text, or a drawn bar for a share (per mille, may exceed 1000).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Bar(u32),
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

#[derive(Clone, Debug)]
pub struct Column {
    pub label: String,
    /// Share of the content width; the shares of a table add up to 1.
    pub share: f32,
    pub align: Align,
}

pub fn col(label: impl Into<String>, share: f32, align: Align) -> Column {
    Column {
        label: label.into(),
        share,
        align,
    }
}

#[derive(Clone, Debug, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// Printed bold after the rows, on the page of the last rows.
    pub totals: Vec<Vec<Cell>>,
    /// Said instead of the rows when there are none.
    pub empty: String,
}

/// What the footer of every page says.
#[derive(Clone, Debug, Default)]
pub struct Footer {
    /// Left on the first footer line: the association and the document.
    pub title: String,
    /// "Page {page} of {pages}" with the two placeholders.
    pub page_of: String,
    /// The second footer line: generation time, digest and entry count.
    pub line: String,
}

pub struct Canvas {
    paper: Paper,
    pages: Vec<Vec<Op>>,
    /// The baseline of the next line, in points from the bottom of the page.
    pub y: f32,
    /// The page drawn on: the last, except while footers are added.
    page: usize,
    current: Option<(fonts::Face, u32)>,
}

fn color(c: (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

fn pt(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}

impl Canvas {
    pub fn new(paper: Paper) -> Canvas {
        let mut c = Canvas {
            paper,
            pages: Vec::new(),
            y: 0.0,
            page: 0,
            current: None,
        };
        c.new_page();
        c
    }

    pub fn left(&self) -> f32 {
        MARGIN_X
    }

    pub fn right(&self) -> f32 {
        self.paper.size().0 - MARGIN_X
    }

    pub fn width(&self) -> f32 {
        self.right() - self.left()
    }

    pub fn top(&self) -> f32 {
        self.paper.size().1 - MARGIN_TOP
    }

    pub fn bottom(&self) -> f32 {
        MARGIN_BOTTOM
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.page = self.pages.len() - 1;
        self.y = self.top();
        self.current = None;
    }

    /// Starts a new page unless `height` points still fit above the footer.
    pub fn ensure(&mut self, height: f32) {
        if self.y - height < self.bottom() {
            self.new_page();
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        &mut self.pages[self.page]
    }

    /// Draws `text` with its left end at `x` and its baseline at `y`.
    pub fn text(
        &mut self,
        x: f32,
        y: f32,
        text: &str,
        size: f32,
        weight: Weight,
        ink: (f32, f32, f32),
    ) {
        if text.is_empty() {
            return;
        }
        // The last guard against text running off the page: whatever a document asks for, a
        // line ends at the right margin, shortened with an ellipsis.
        let room = self.right() + 0.5 - x;
        let fitted;
        let text = if fonts::width(text, weight, size) > room {
            fitted = fonts::shorten(text, weight, size, room.max(0.0));
            fitted.as_str()
        } else {
            text
        };
        let runs = fonts::runs(text, weight);
        self.ops().push(Op::StartTextSection);
        self.ops().push(Op::SetFillColor { col: color(ink) });
        let mut cx = x;
        for run in runs {
            let key = (run.face, size.to_bits());
            if self.current != Some(key) {
                self.ops().push(Op::SetFont {
                    font: PdfFontHandle::External(run.face.id()),
                    size: Pt(size),
                });
            }
            self.ops().push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(cx), Pt(y)),
            });
            self.ops().push(Op::ShowText {
                items: vec![TextItem::Text(run.text.into_owned())],
            });
            cx += run.width * size;
        }
        self.ops().push(Op::EndTextSection);
        self.current = None;
    }

    /// Draws `text` with its right end at `x`.
    pub fn text_right(
        &mut self,
        x: f32,
        y: f32,
        text: &str,
        size: f32,
        weight: Weight,
        ink: (f32, f32, f32),
    ) {
        let room = x - self.left() + 0.5;
        let fitted = fonts::shorten(text, weight, size, room.max(0.0));
        let w = fonts::width(&fitted, weight, size);
        self.text(x - w, y, &fitted, size, weight, ink);
    }

    pub fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, ink: (f32, f32, f32)) {
        self.ops().push(Op::SetFillColor { col: color(ink) });
        self.ops().push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(y),
                width: Pt(w),
                height: Pt(h),
                mode: Some(PaintMode::Fill),
                winding_order: None,
            },
        });
    }

    pub fn frame(&mut self, x: f32, y: f32, w: f32, h: f32, thickness: f32, ink: (f32, f32, f32)) {
        self.ops().push(Op::SetOutlineColor { col: color(ink) });
        self.ops()
            .push(Op::SetOutlineThickness { pt: Pt(thickness) });
        self.ops().push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(y),
                width: Pt(w),
                height: Pt(h),
                mode: Some(PaintMode::Stroke),
                winding_order: None,
            },
        });
    }

    pub fn line(
        &mut self,
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        thickness: f32,
        ink: (f32, f32, f32),
    ) {
        self.ops().push(Op::SetOutlineColor { col: color(ink) });
        self.ops()
            .push(Op::SetOutlineThickness { pt: Pt(thickness) });
        self.ops().push(Op::DrawLine {
            line: Line {
                points: vec![pt(x1, y1), pt(x2, y2)],
                is_closed: false,
            },
        });
    }

    /// A dashed line, for cut marks.
    pub fn dashed(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, ink: (f32, f32, f32)) {
        let (len, dash) = (((x2 - x1).powi(2) + (y2 - y1).powi(2)).sqrt(), 4.0);
        let steps = (len / (2.0 * dash)).floor() as usize;
        for i in 0..steps {
            let a = (2 * i) as f32 * dash / len;
            let b = ((2 * i + 1) as f32 * dash / len).min(1.0);
            self.line(
                x1 + (x2 - x1) * a,
                y1 + (y2 - y1) * a,
                x1 + (x2 - x1) * b,
                y1 + (y2 - y1) * b,
                0.5,
                ink,
            );
        }
    }

    /// A progress bar: a shaded track and a filled share of it (capped at the full width).
    pub fn bar(&mut self, x: f32, y: f32, w: f32, h: f32, per_mille: u32) {
        self.fill(x, y, w, h, SHADE);
        let share = per_mille.min(1000) as f32 / 1000.0;
        if share > 0.0 {
            self.fill(x, y, (w * share).max(1.0), h, ACCENT);
        }
        self.frame(x, y, w, h, 0.4, RULE);
    }

    /// A title in large type with a line under it.
    pub fn title(&mut self, text: &str, subtitle: &str) {
        for line in fonts::wrap_at_most(text, Weight::Bold, 18.0, self.width(), 4) {
            self.y -= 18.0;
            self.text(self.left(), self.y, &line, 18.0, Weight::Bold, INK);
            self.y -= 4.0;
        }
        if !subtitle.is_empty() {
            for line in fonts::wrap_at_most(subtitle, Weight::Regular, 10.5, self.width(), 3) {
                self.y -= 14.0;
                self.text(self.left(), self.y, &line, 10.5, Weight::Regular, MUTED);
            }
        }
        self.y -= 8.0;
        let (l, r, y) = (self.left(), self.right(), self.y);
        self.line(l, y, r, y, 1.2, ACCENT);
        self.y -= 14.0;
    }

    /// A section heading, kept on the page of at least `keep` points of what follows.
    /// A long heading (a project's 2,000-character title) wraps to at most three lines.
    pub fn heading(&mut self, text: &str, keep: f32) {
        let lines = fonts::wrap_at_most(text, Weight::Bold, 12.5, self.width(), 3);
        self.ensure(30.0 + 15.0 * (lines.len() - 1) as f32 + keep);
        self.y -= 1.0;
        for line in lines {
            self.y -= 15.0;
            self.text(self.left(), self.y, &line, 12.5, Weight::Bold, ACCENT);
        }
        self.y -= 10.0;
    }

    /// A paragraph wrapped to the content width (or `indent` points less).
    pub fn paragraph(&mut self, text: &str, size: f32, ink: (f32, f32, f32)) {
        self.paragraph_at(self.left(), self.width(), text, size, ink);
    }

    pub fn paragraph_at(&mut self, x: f32, w: f32, text: &str, size: f32, ink: (f32, f32, f32)) {
        let lead = size * 1.35;
        for line in fonts::wrap(text, Weight::Regular, size, w) {
            self.ensure(lead);
            self.y -= lead;
            self.text(x, self.y, &line, size, Weight::Regular, ink);
        }
        self.y -= size * 0.5;
    }

    /// Label and figure pairs, the figures right-aligned in one column.
    pub fn figures(&mut self, pairs: &[(String, String)], strong_last: bool) {
        let size = 10.5;
        let label_w = self.width() * 0.55;
        let right = self.left() + label_w + self.width() * 0.25;
        for (i, (label, value)) in pairs.iter().enumerate() {
            let strong = strong_last && i + 1 == pairs.len();
            let weight = if strong {
                Weight::Bold
            } else {
                Weight::Regular
            };
            self.ensure(16.0);
            if strong {
                let (l, y) = (self.left(), self.y - 3.0);
                self.line(l, y, right, y, 0.6, RULE);
            }
            self.y -= 15.0;
            // A long name as the value leaves the label its room.
            let label = fonts::shorten(label, weight, size, label_w - 6.0);
            let label_end = self.left() + fonts::width(&label, weight, size) + 12.0;
            let value = fonts::shorten(value, weight, size, right - label_end);
            self.text(self.left(), self.y, &label, size, weight, INK);
            self.text_right(right, self.y, &value, size, weight, INK);
        }
        self.y -= 6.0;
    }

    /// A table: header row on a shaded band, repeated on every page the table reaches; the
    /// totals printed on the page of the last rows.
    pub fn table(&mut self, table: &Table) {
        const SIZE: f32 = 9.0;
        const LEAD: f32 = 11.5;
        const PAD: f32 = 4.0;
        let x0 = self.left();
        let widths: Vec<f32> = table
            .columns
            .iter()
            .map(|c| c.share * self.width())
            .collect();
        let layout = |cells: &[Cell], weight: Weight| -> Vec<Vec<String>> {
            cells
                .iter()
                .zip(&widths)
                .map(|(cell, w)| match cell {
                    // At most six lines a cell, so that no row outgrows a page.
                    Cell::Text(t) => fonts::wrap_at_most(t, weight, SIZE, w - 2.0 * PAD, 6),
                    Cell::Bar(_) => vec![String::new()],
                })
                .collect()
        };
        // Header words are not broken: a label too wide for its column is set smaller.
        let header_sizes: Vec<f32> = table
            .columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| {
                let widest = c
                    .label
                    .split(' ')
                    .map(|word| fonts::width(word, Weight::Bold, 1.0))
                    .fold(0.0, f32::max);
                if widest > 0.0 {
                    SIZE.min(0.98 * (w - 2.0 * PAD) / widest).max(5.5)
                } else {
                    SIZE
                }
            })
            .collect();
        let height = |lines: &[Vec<String>]| {
            lines.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * LEAD + 2.0 * PAD - 2.0
        };
        let header: Vec<Cell> = table
            .columns
            .iter()
            .map(|c| Cell::Text(c.label.clone()))
            .collect();
        let header_lines: Vec<Vec<String>> = table
            .columns
            .iter()
            .zip(&widths)
            .zip(&header_sizes)
            .map(|((c, w), size)| fonts::wrap(&c.label, Weight::Bold, *size, w - 2.0 * PAD))
            .collect();
        let header_h = height(&header_lines);
        let rows: Vec<Vec<Vec<String>>> = table
            .rows
            .iter()
            .map(|r| layout(r, Weight::Regular))
            .collect();
        let totals: Vec<Vec<Vec<String>>> = table
            .totals
            .iter()
            .map(|r| layout(r, Weight::Bold))
            .collect();
        let totals_h: f32 = totals.iter().map(|t| height(t)).sum();

        let body_sizes = vec![SIZE; widths.len()];
        let draw_row = |c: &mut Canvas,
                        cells: &[Cell],
                        lines: &[Vec<String>],
                        sizes: &[f32],
                        weight: Weight,
                        shade: bool| {
            let h = height(lines);
            let top = c.y;
            if shade {
                c.fill(x0, top - h, widths.iter().sum(), h, SHADE);
            }
            let mut x = x0;
            for (((cell, cell_lines), (w, column)), size) in cells
                .iter()
                .zip(lines)
                .zip(widths.iter().zip(&table.columns))
                .zip(sizes)
            {
                match cell {
                    Cell::Bar(per_mille) => {
                        c.bar(x + PAD, top - PAD - 8.5, w - 2.0 * PAD, 7.0, *per_mille)
                    }
                    Cell::Text(_) => {
                        for (i, line) in cell_lines.iter().enumerate() {
                            let y = top - PAD - SIZE + 1.0 - i as f32 * LEAD;
                            match column.align {
                                Align::Left => c.text(x + PAD, y, line, *size, weight, INK),
                                Align::Right => {
                                    c.text_right(x + w - PAD, y, line, *size, weight, INK)
                                }
                            }
                        }
                    }
                }
                x += w;
            }
            c.y = top - h;
        };
        let draw_header = |c: &mut Canvas| {
            draw_row(c, &header, &header_lines, &header_sizes, Weight::Bold, true);
        };

        let first_h = rows.first().map_or(LEAD + 2.0 * PAD, |r| height(r));
        self.ensure(
            header_h
                + first_h
                + if rows.len() <= KEEP_WITH_TOTAL {
                    totals_h
                } else {
                    0.0
                },
        );
        draw_header(self);
        if rows.is_empty() {
            self.y -= LEAD;
            self.text(
                x0 + PAD,
                self.y + 2.0,
                &table.empty,
                SIZE,
                Weight::Regular,
                MUTED,
            );
            self.y -= PAD;
        }
        let keep_from = rows.len().saturating_sub(KEEP_WITH_TOTAL);
        for (i, (cells, lines)) in table.rows.iter().zip(&rows).enumerate() {
            let mut need = height(lines);
            if i == keep_from && !totals.is_empty() {
                need = rows[i..].iter().map(|r| height(r)).sum::<f32>() + totals_h;
            }
            if self.y - need < self.bottom() {
                self.new_page();
                draw_header(self);
            }
            draw_row(self, cells, lines, &body_sizes, Weight::Regular, false);
            let (l, r, y) = (x0, x0 + widths.iter().sum::<f32>(), self.y);
            self.line(l, y, r, y, 0.3, SHADE);
        }
        if !totals.is_empty() {
            if self.y - totals_h < self.bottom() {
                self.new_page();
                draw_header(self);
            }
            let (l, r, y) = (x0, x0 + widths.iter().sum::<f32>(), self.y);
            self.line(l, y, r, y, 0.8, INK);
            for (cells, lines) in table.totals.iter().zip(&totals) {
                draw_row(self, cells, lines, &body_sizes, Weight::Bold, false);
            }
        }
        self.y -= 10.0;
    }

    /// A QR code of `payload` in byte mode, error correction M (what payment codes use),
    /// `size` points wide with its top left corner at (`x`, `top`).
    pub fn qr(&mut self, x: f32, top: f32, size: f32, payload: &str) {
        let code = crate::qr::qr_code(payload);
        let modules = code.width();
        let quiet = 4;
        let unit = size / (modules + 2 * quiet) as f32;
        let colors = code.to_colors();
        self.fill(x, top - size, size, size, (1.0, 1.0, 1.0));
        for row in 0..modules {
            let mut col = 0;
            while col < modules {
                if colors[row * modules + col] == qrcode::Color::Dark {
                    let start = col;
                    while col < modules && colors[row * modules + col] == qrcode::Color::Dark {
                        col += 1;
                    }
                    let (rx, ry) = (
                        x + (quiet + start) as f32 * unit,
                        top - (quiet + row + 1) as f32 * unit,
                    );
                    self.fill(rx, ry, (col - start) as f32 * unit, unit, (0.0, 0.0, 0.0));
                } else {
                    col += 1;
                }
            }
        }
    }

    /// The document: footer on every page, fonts embedded and subset, dates and ids fixed by
    /// `generated_unix` and the content, so the same input gives the same bytes.
    pub fn finish(mut self, title: &str, footer: &Footer, generated_unix: i64) -> Vec<u8> {
        let total = self.pages.len();
        let (w, h) = self.paper.size();
        for n in 0..total {
            let page = n + 1;
            let label = footer
                .page_of
                .replace("{page}", &page.to_string())
                .replace("{pages}", &total.to_string());
            self.page = n;
            let (l, r) = (self.left(), self.right());
            self.line(l, 50.0, r, 50.0, 0.5, RULE);
            let title_w = r - l - fonts::width(&label, Weight::Regular, 8.0) - 12.0;
            let t = fonts::shorten(&footer.title, Weight::Regular, 8.0, title_w);
            self.text(l, 39.0, &t, 8.0, Weight::Regular, MUTED);
            self.text_right(r, 39.0, &label, 8.0, Weight::Regular, MUTED);
            // The digest (the line's last word) must print whole: when the line would not fit
            // with the widest digest of all (every hex digit as wide as "0"), the digest goes
            // to a second line. Judged by the widest, the layout does not depend on the digest.
            let (head, last) = footer.line.rsplit_once(' ').unwrap_or(("", &footer.line));
            let widest: String = last
                .chars()
                .map(|c| if c.is_ascii_hexdigit() { '0' } else { c })
                .collect();
            if fonts::width(&format!("{head} {widest}"), Weight::Regular, 6.5) <= r - l {
                self.text(l, 28.0, &footer.line, 6.5, Weight::Regular, MUTED);
            } else {
                self.text(l, 28.0, head, 6.5, Weight::Regular, MUTED);
                self.text(l, 20.0, last, 6.5, Weight::Regular, MUTED);
            }
        }
        let mut doc = PdfDocument::new(title);
        fonts::embed(&mut doc);
        let when =
            printpdf::OffsetDateTime::from_unix_timestamp(generated_unix).unwrap_or_else(|_| {
                printpdf::OffsetDateTime::from_unix_timestamp(0).expect("the epoch")
            });
        doc.metadata.info.creation_date = when;
        doc.metadata.info.modification_date = when;
        doc.metadata.info.metadata_date = when;
        doc.metadata.info.creator = "Commonpot".into();
        doc.metadata.info.producer = "Commonpot".into();
        let pages: Vec<PdfPage> = self
            .pages
            .into_iter()
            .map(|ops| PdfPage::new(printpdf::Mm::from(Pt(w)), printpdf::Mm::from(Pt(h)), ops))
            .collect();
        doc.with_pages(pages);
        let opts = PdfSaveOptions {
            optimize: true,
            subset_fonts: true,
            secure: true,
            image_optimization: None,
        };
        let mut lo = doc.to_lopdf_document(&opts, &mut Vec::new());
        // The file identifier printpdf draws at random is replaced by one made from the
        // content, so that documents can be compared byte for byte.
        // It is the hash of the compressed file without it, which is small to write twice.
        lo.trailer.remove(b"ID");
        lo.compress();
        let mut bytes = Vec::new();
        lo.save_to(&mut bytes).expect("writing to memory");
        let id = Sha256::digest(&bytes);
        let id = lopdf::Object::String(id[..16].to_vec(), lopdf::StringFormat::Hexadecimal);
        lo.trailer
            .set("ID", lopdf::Object::Array(vec![id.clone(), id]));
        bytes.clear();
        lo.save_to(&mut bytes).expect("writing to memory");
        bytes
    }
}
