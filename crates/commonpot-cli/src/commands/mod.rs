//! One module per subcommand: its arguments (clap) and what it runs, printing only.

pub(crate) mod association;
pub(crate) mod bank;
pub(crate) mod books_file;
pub(crate) mod collections;
pub(crate) mod context;
pub(crate) mod decisions;
pub(crate) mod entries;
pub(crate) mod files;
pub(crate) mod laptops;
pub(crate) mod members;
pub(crate) mod projects;
pub(crate) mod reports;
