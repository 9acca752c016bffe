//! Domain types and pure calculations for upphandla.
//!
//! No I/O lives here: readers in `upphandla-formats` turn files into
//! [`ledger::LedgerLine`]s, and the calculations here turn those into results
//! that can always say how they were computed.

pub mod classify;
pub mod compliance;
pub mod criteria;
pub mod date;
pub mod evaluation;
pub mod factors;
pub mod followup;
pub mod lcc;
pub mod ledger;
pub mod metrics;
pub mod money;
pub mod process;
pub mod results;
pub mod spend;
