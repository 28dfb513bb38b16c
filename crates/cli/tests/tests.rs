//! Integration tests: the real `samestory` binary on real files, the seeds and the demo corpus.

mod util;

#[cfg(feature = "backfill")]
mod backfill;
mod bad_input;
mod commands;
mod compare;
mod crash;
mod dedup;
mod demo_corpus;
mod eval_clustering;
mod limits;
mod seeds;
mod watch;
#[cfg(feature = "kafka")]
mod worker;
