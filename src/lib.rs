//! Warta: a static site generator for public economic and partnership reports.
//!
//! See ARCHITECTURE.md for the map of modules and the direction of their dependencies.

pub mod chart;
pub mod diag;
