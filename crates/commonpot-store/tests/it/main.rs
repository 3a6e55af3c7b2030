//! The store's guarantees, tested against real SQLite files: migrations are all-or-nothing and
//! upgrade the files earlier versions made; entries cannot be changed; the digest does not
//! depend on the order entries arrive in.

mod append_only;
mod bounds;
mod digest;
mod migrations;
mod settings;
mod support;
