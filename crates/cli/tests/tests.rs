//! Integration tests: the real `samestory` binary on real files, the seeds and the demo corpus.

mod util;

mod bad_input;
mod commands;
mod compare;
mod crash;
mod dedup;
mod demo_corpus;
mod eval_clustering;
mod limits;
mod seeds;
