//! A member's say in a decision: points for taking part (meetings attended, volunteer shifts,
//! months in which they gave anything at all) turned into a weight by a rule. Money given
//! never counts beyond "gave something this month".
//!
//! Weights are exact decimals, rounded down to [`WEIGHT_PLACES`] places so that a printed
//! weight is the weight that was counted. Every rule gives at least 1 and at most its cap, and
//! never less for more points.

use std::fmt;
use std::str::FromStr;

use rust_decimal::prelude::*;

use crate::text::{Key, Text};

/// Decimal places a weight keeps (rounded down).
pub const WEIGHT_PLACES: u32 = 4;

/// How points become a weight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WeightRule {
    /// One member, one vote.
    Equal,
    /// 1 + min(cap − 1, √points). The default, with cap 3.
    Sqrt { cap: Decimal },
    /// min(cap, 1 + a·ln(1 + points)).
    Log { a: Decimal, cap: Decimal },
    /// min(cap, 1 + per_point·points).
    Linear { per_point: Decimal, cap: Decimal },
    /// The weight of the highest band whose threshold the points reach; 1 below the first.
    /// Thresholds ascend, weights do not fall.
    Bands(Vec<(u32, Decimal)>),
}

impl Default for WeightRule {
    fn default() -> Self {
        WeightRule::Sqrt { cap: dec(3) }
    }
}

fn dec(n: i64) -> Decimal {
    Decimal::from(n)
}

impl WeightRule {
    /// The rule of that name with its usual parameters.
    pub fn named(name: &str) -> Option<WeightRule> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "equal" => WeightRule::Equal,
            "sqrt" => WeightRule::default(),
            "log" => WeightRule::Log {
                a: dec(1),
                cap: dec(3),
            },
            "linear" => WeightRule::Linear {
                per_point: Decimal::new(25, 2),
                cap: dec(3),
            },
            "bands" => WeightRule::Bands(vec![(3, Decimal::new(15, 1)), (6, dec(2)), (12, dec(3))]),
            _ => return None,
        })
    }

    pub fn name(&self) -> &'static str {
        match self {
            WeightRule::Equal => "equal",
            WeightRule::Sqrt { .. } => "sqrt",
            WeightRule::Log { .. } => "log",
            WeightRule::Linear { .. } => "linear",
            WeightRule::Bands(_) => "bands",
        }
    }

    /// The highest weight this rule gives.
    pub fn cap(&self) -> Decimal {
        match self {
            WeightRule::Equal => Decimal::ONE,
            WeightRule::Sqrt { cap }
            | WeightRule::Log { cap, .. }
            | WeightRule::Linear { cap, .. } => (*cap).max(Decimal::ONE),
            WeightRule::Bands(bands) => bands.iter().map(|b| b.1).fold(Decimal::ONE, Decimal::max),
        }
    }

    /// The weight of a member with `points` points.
    pub fn weight(&self, points: u32) -> Decimal {
        let p = Decimal::from(points);
        let raw = match self {
            WeightRule::Equal => Decimal::ONE,
            WeightRule::Sqrt { cap } => {
                let root = p.sqrt().expect("points are not negative");
                Decimal::ONE + root.min(*cap - Decimal::ONE)
            }
            WeightRule::Log { a, cap } => {
                let ln = (Decimal::ONE + p).ln();
                (Decimal::ONE + *a * ln).min(*cap)
            }
            WeightRule::Linear { per_point, cap } => (Decimal::ONE + *per_point * p).min(*cap),
            WeightRule::Bands(bands) => bands
                .iter()
                .filter(|(threshold, _)| points >= *threshold)
                .map(|b| b.1)
                .fold(Decimal::ONE, Decimal::max),
        };
        raw.max(Decimal::ONE)
            .min(self.cap())
            .round_dp_with_strategy(WEIGHT_PLACES, RoundingStrategy::ToZero)
            .normalize()
    }

    /// The formula in words, for printed results.
    pub fn explain(&self) -> String {
        let formula: String = match self {
            WeightRule::Equal => "every member weighs 1".into(),
            WeightRule::Sqrt { cap } => format!("1 + min({}, √points)", *cap - Decimal::ONE),
            WeightRule::Log { a, cap } => format!("min({cap}, 1 + {a}·ln(1 + points))"),
            WeightRule::Linear { per_point, cap } => format!("min({cap}, 1 + {per_point}·points)"),
            WeightRule::Bands(bands) => {
                let parts: Vec<String> = bands
                    .iter()
                    .map(|(t, w)| format!("{w} from {t} points"))
                    .collect();
                format!("1, or {}", parts.join(", "))
            }
        };
        format!("{formula}, rounded down to {WEIGHT_PLACES} decimals")
    }

    fn check(self) -> Result<WeightRule, Text> {
        let bad = |why: &str| Err(Text::new(Key::WeightRuleMalformed).arg("reason", why));
        match &self {
            WeightRule::Sqrt { cap }
            | WeightRule::Log { cap, .. }
            | WeightRule::Linear { cap, .. }
                if *cap < Decimal::ONE =>
            {
                return bad("cap must be at least 1");
            }
            WeightRule::Log { a, .. } if a.is_sign_negative() => {
                return bad("a must not be negative");
            }
            WeightRule::Linear { per_point, .. } if per_point.is_sign_negative() => {
                return bad("per_point must not be negative");
            }
            WeightRule::Bands(bands) => {
                let ascending = bands
                    .windows(2)
                    .all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1);
                if bands.is_empty() || !ascending || bands.iter().any(|b| b.1 < Decimal::ONE) {
                    return bad("bands need ascending thresholds and weights of at least 1");
                }
            }
            _ => {}
        }
        Ok(self)
    }
}

/// The stored form: "sqrt cap=3", "log a=1 cap=3", "linear per_point=0.25 cap=3",
/// "bands 3=1.5,6=2,12=3", "equal".
impl fmt::Display for WeightRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WeightRule::Equal => write!(f, "equal"),
            WeightRule::Sqrt { cap } => write!(f, "sqrt cap={cap}"),
            WeightRule::Log { a, cap } => write!(f, "log a={a} cap={cap}"),
            WeightRule::Linear { per_point, cap } => {
                write!(f, "linear per_point={per_point} cap={cap}")
            }
            WeightRule::Bands(bands) => {
                let parts: Vec<String> = bands.iter().map(|(t, w)| format!("{t}={w}")).collect();
                write!(f, "bands {}", parts.join(","))
            }
        }
    }
}

impl FromStr for WeightRule {
    type Err = Text;

    /// A name alone ("sqrt") takes the usual parameters; parameters may follow as above.
    fn from_str(s: &str) -> Result<WeightRule, Text> {
        let malformed = || {
            Text::new(Key::WeightRuleUnknown)
                .arg("text", s.trim())
                .arg("words", "equal, sqrt, log, linear, bands")
        };
        let mut words = s.split_whitespace();
        let name = words.next().ok_or_else(malformed)?;
        let mut rule = WeightRule::named(name).ok_or_else(malformed)?;
        let rest: Vec<&str> = words.collect();
        if rest.is_empty() {
            return Ok(rule);
        }
        let number = |t: &str| Decimal::from_str(t).map_err(|_| malformed());
        if let WeightRule::Bands(bands) = &mut rule {
            bands.clear();
            for part in rest.join("").split(',') {
                let (t, w) = part.split_once('=').ok_or_else(malformed)?;
                bands.push((t.parse().map_err(|_| malformed())?, number(w)?));
            }
            return rule.check();
        }
        for word in rest {
            let (k, v) = word.split_once('=').ok_or_else(malformed)?;
            let v = number(v)?;
            match (&mut rule, k) {
                (WeightRule::Sqrt { cap }, "cap")
                | (WeightRule::Log { cap, .. }, "cap")
                | (WeightRule::Linear { cap, .. }, "cap") => *cap = v,
                (WeightRule::Log { a, .. }, "a") => *a = v,
                (WeightRule::Linear { per_point, .. }, "per_point") => *per_point = v,
                _ => return Err(malformed()),
            }
        }
        rule.check()
    }
}

/// What a member did in the window before a decision opened.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Participation {
    pub meetings: u32,
    pub shifts: u32,
    /// Calendar months in which the member contributed anything.
    pub giving_months: u32,
}

impl Participation {
    pub fn points(&self) -> u32 {
        self.meetings + self.shifts + self.giving_months
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn all_rules() -> Vec<WeightRule> {
        ["equal", "sqrt", "log", "linear", "bands"]
            .iter()
            .map(|n| WeightRule::named(n).unwrap())
            .collect()
    }

    #[test]
    fn the_default_rule_is_one_plus_the_root_capped_at_three() {
        let rule = WeightRule::default();
        assert_eq!(rule.weight(0), dec(1));
        assert_eq!(rule.weight(1), dec(2));
        assert_eq!(rule.weight(2).to_string(), "2.4142");
        assert_eq!(rule.weight(4), dec(3));
        assert_eq!(rule.weight(400), dec(3));
    }

    #[test]
    fn other_rules_give_their_formula() {
        let log = WeightRule::named("log").unwrap();
        assert_eq!(log.weight(0), dec(1));
        assert_eq!(log.weight(1).to_string(), "1.6931"); // 1 + ln 2
        let linear = WeightRule::named("linear").unwrap();
        assert_eq!(linear.weight(4).to_string(), "2");
        assert_eq!(linear.weight(100), dec(3));
        let bands = WeightRule::named("bands").unwrap();
        assert_eq!(bands.weight(2), dec(1));
        assert_eq!(bands.weight(3).to_string(), "1.5");
        assert_eq!(bands.weight(12), dec(3));
    }

    #[test]
    fn rules_read_back_what_they_write() {
        for rule in all_rules() {
            assert_eq!(rule.to_string().parse::<WeightRule>().unwrap(), rule);
        }
        assert_eq!(
            "sqrt cap=5".parse::<WeightRule>().unwrap(),
            WeightRule::Sqrt { cap: dec(5) }
        );
        assert!("sqrt cap=0.5".parse::<WeightRule>().is_err());
        assert!("bands 6=2,3=3".parse::<WeightRule>().is_err());
        assert!("votes".parse::<WeightRule>().is_err());
    }

    proptest! {
        #[test]
        fn weights_are_monotone_at_least_one_and_at_most_the_cap(points in 0u32..5_000) {
            for rule in all_rules() {
                let w = rule.weight(points);
                prop_assert!(w >= Decimal::ONE, "{rule}: {w}");
                prop_assert!(w <= rule.cap(), "{rule}: {w}");
                prop_assert!(rule.weight(points + 1) >= w, "{rule} falls after {points}");
                prop_assert!(w.scale() <= WEIGHT_PLACES);
            }
        }
    }
}
