//! Benchmarks of the embedded transport: query latency at 20k × 128-d and bulk upload of
//! 100k × 128-d points.
//!
//! This is a stub that runs nothing: it is filled in by the embedded benchmarks (a separate
//! piece of work), and exists so that the harness compiles and calls it already.

use crate::{Filters, Report};

/// Runs the embedded benchmarks that `filters` selects, pushing their results into `report`.
///
/// For now it runs nothing (see the module docs).
pub fn run(report: &mut Report, quick: bool, filters: &Filters) {
    let _ = (report, quick, filters);
}
