//! End-to-end scenarios through the real `commonpot` binary, as an organiser's script would
//! drive it: every contract form, the refusals with exit status 2 that change nothing, and
//! the checks that must fail loudly (`verify` after tampering).

mod bad_input;
mod bank;
mod collection;
mod decisions;
mod faults;
mod hostile;
mod laptops;
mod protect;
mod reports;
mod rights;
mod scenario;
mod support;
mod trust;
