//! Engine tests: golden examples with hand-computed figures, one file per rule, and
//! property tests. `fixtures` builds the demo-like sheets they share.

pub(super) mod air;
mod contracts;
mod fcl;
pub(super) mod fixtures;
mod fx_totals;
mod lcl;
mod no_rate;
mod properties;
mod scope;
