//! The Tauri commands, one file per screen: each validates nothing itself and calls one
//! use case of commonpot-app.

pub mod bank;
pub mod collections;
pub mod decisions;
pub mod entries;
pub mod laptops;
pub mod members;
pub mod overview;
pub mod participation;
pub mod projects;
pub mod reports;
pub mod settings;
pub mod start;
