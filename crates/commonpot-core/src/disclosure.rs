//! Disclosure control for public statements: a count or sum over fewer givers than the
//! association's threshold is withheld (primary suppression), and so is a second figure in
//! every row and column where a withheld one could otherwise be worked out by subtracting
//! the shown figures from the shown total (secondary suppression).

/// One figure of a table: how many distinct givers it sums over.
pub type Givers = u64;

/// Which figures of a table with margins to withhold.
///
/// `grid` is (rows + 1) × (columns + 1): the last column holds each row's total, the last
/// row each column's total, the corner the grand total. Each row and each column therefore
/// sums to its last entry. Entries with no givers (nothing given) are shown as empty and
/// never withheld. Returns a grid of the same shape, true where the figure is withheld.
pub fn withheld(grid: &[Vec<Givers>], threshold: u32) -> Vec<Vec<bool>> {
    let threshold = u64::from(threshold);
    let mut out: Vec<Vec<bool>> = grid
        .iter()
        .map(|row| row.iter().map(|&g| g > 0 && g < threshold).collect())
        .collect();
    let rows = grid.len();
    let cols = grid.first().map_or(0, Vec::len);
    // A line is a row or a column with its total; one withheld entry in a line can be worked
    // out from the others, so a second one is withheld: the one over the fewest givers,
    // preferring inner figures to totals. Repeat until no line has exactly one.
    loop {
        let mut changed = false;
        let lines: Vec<Vec<(usize, usize)>> = (0..rows)
            .map(|r| (0..cols).map(|c| (r, c)).collect())
            .chain((0..cols).map(|c| (0..rows).map(|r| (r, c)).collect()))
            .collect();
        for line in lines {
            if line.iter().filter(|&&(r, c)| out[r][c]).count() != 1 {
                continue;
            }
            let last = *line.last().expect("a line has its total");
            let partner = line
                .iter()
                .copied()
                .filter(|&(r, c)| !out[r][c] && grid[r][c] > 0)
                .min_by_key(|&(r, c)| ((r, c) == last, grid[r][c], r, c));
            if let Some((r, c)) = partner {
                out[r][c] = true;
                changed = true;
            }
        }
        if !changed {
            return out;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every withheld figure has another withheld one in its row and in its column.
    fn safe(grid: &[Vec<Givers>], w: &[Vec<bool>]) -> bool {
        let rows = grid.len();
        let cols = grid[0].len();
        (0..rows).all(|r| (0..cols).filter(|&c| w[r][c]).count() != 1)
            && (0..cols).all(|c| (0..rows).filter(|&r| w[r][c]).count() != 1)
    }

    #[test]
    fn a_small_project_shows_nothing_about_its_givers() {
        // One month, cash and transfer, three givers in all.
        let grid = vec![vec![2, 1, 3], vec![2, 1, 3]];
        let w = withheld(&grid, 5);
        assert!(w.iter().flatten().all(|&x| x), "{w:?}");
    }

    #[test]
    fn a_small_cell_takes_a_partner_in_its_row_and_column() {
        // Two months × two channels; March by card had 2 givers.
        let grid = vec![
            vec![9, 2, 11], // March: cash 9, card 2
            vec![8, 7, 15], // April
            vec![15, 9, 24],
        ];
        let w = withheld(&grid, 5);
        assert!(w[0][1], "the small cell");
        assert!(
            w[0][0],
            "its row partner: otherwise March's total minus cash gives it"
        );
        assert!(w[1][1] || w[2][1], "a column partner");
        assert!(safe(&grid, &w));
        assert!(!w[2][2], "the grand total over 24 givers stays");
    }

    #[test]
    fn empty_cells_are_neither_withheld_nor_partners() {
        let grid = vec![vec![0, 6, 6], vec![3, 0, 3], vec![3, 6, 9]];
        let w = withheld(&grid, 5);
        assert!(!w[0][0] && !w[1][1]);
        assert!(
            w[1][0] && w[1][2],
            "a row whose only gifts are small is withheld with its total"
        );
        assert!(safe(&grid, &w));
    }

    #[test]
    fn random_tables_come_out_safe() {
        use proptest::prelude::*;
        proptest!(|(cells in proptest::collection::vec(proptest::collection::vec(0u64..12, 3), 1..6))| {
            // Totals as if every giver gave in one cell only.
            let mut grid: Vec<Vec<u64>> = cells.iter().map(|r| { let mut r = r.clone(); r.push(r.iter().sum()); r }).collect();
            let totals: Vec<u64> = (0..4).map(|c| grid.iter().map(|r| r[c]).sum()).collect();
            grid.push(totals);
            let w = withheld(&grid, 5);
            prop_assert!(safe(&grid, &w));
            for (r, row) in grid.iter().enumerate() {
                for (c, &g) in row.iter().enumerate() {
                    if g > 0 && g < 5 { prop_assert!(w[r][c]); }
                }
            }
        });
    }
}
