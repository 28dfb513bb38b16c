//! Integration tests: the real `samestory` binary on real files, the seeds and the demo corpus.

mod util;

mod bad_input;
mod commands;
mod demo_corpus;
mod seeds;
