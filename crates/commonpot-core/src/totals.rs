//! Figures derived from the entries of one project: raised, spent, balance and progress.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::money::Amount;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProjectFigures {
    pub goal: Amount,
    pub raised: Amount,
    pub spent: Amount,
}

impl ProjectFigures {
    pub fn balance(&self) -> Amount {
        self.raised
            .checked_sub(self.spent)
            .expect("ledger totals stay far inside Decimal's range")
    }

    /// Raised as a share of the goal in whole percent, rounded down so that a project shows
    /// 100 % only once it has really reached its goal. May exceed 100.
    pub fn progress_percent(&self) -> Decimal {
        if self.goal.is_zero() {
            return Decimal::ZERO;
        }
        (self.raised.decimal() * Decimal::ONE_HUNDRED / self.goal.decimal())
            .round_dp_with_strategy(0, RoundingStrategy::ToZero)
    }
}

#[cfg(test)]
// Amounts in cents read best grouped as units and cents: 100_00 is 100.00.
#[allow(clippy::inconsistent_digit_grouping)]
mod tests {
    use super::*;
    use crate::money::Currency;

    #[test]
    fn progress_rounds_down() {
        let eur = Currency::from_code("EUR").unwrap();
        let f = |goal, raised, spent| ProjectFigures {
            goal: Amount::from_minor(goal, eur),
            raised: Amount::from_minor(raised, eur),
            spent: Amount::from_minor(spent, eur),
        };
        assert_eq!(f(100_00, 99_99, 0).progress_percent(), Decimal::from(99));
        assert_eq!(f(100_00, 100_00, 0).progress_percent(), Decimal::from(100));
        assert_eq!(f(100_00, 250_00, 0).progress_percent(), Decimal::from(250));
        assert_eq!(
            f(100_00, 50_00, 70_00).balance(),
            Amount::from_minor(-20_00, eur)
        );
    }
}
