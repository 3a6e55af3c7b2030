//! What the benchmarks that time whole operations share: five runs, the median, milliseconds.

use std::time::Duration;

use anyhow::Result;

/// Runs of each measured operation; the median is reported.
pub const RUNS: usize = 5;

/// The median time of [`RUNS`] runs of `f`, each timing itself.
pub fn median(mut f: impl FnMut() -> Result<Duration>) -> Result<Duration> {
    let mut times = (0..RUNS).map(|_| f()).collect::<Result<Vec<_>>>()?;
    times.sort();
    Ok(times[RUNS / 2])
}

/// Whole milliseconds.
pub fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1e3)
}
