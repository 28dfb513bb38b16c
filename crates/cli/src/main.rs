//! `samestory`: the command-line edge of the samestory crates.
//!
//! Everything here is argument parsing, wiring and output formatting; the work happens in the library crates.
//! Results go to stdout, logs and progress to stderr. A closed pipe (`samestory stories | head`) is not an
//! error. Exit codes: 0 success, 1 internal failure (store, I/O), 2 user error (bad flag, nothing readable,
//! unknown id, rejections under `--strict`).

mod cmd;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// Turns a flood of news articles into stories: cleans each article, recognizes copies, groups different
/// outlets' reports of one event into a story, and shows them side by side.
#[derive(Parser, Debug)]
#[command(name = "samestory", version, propagate_version = true, max_term_width = 110)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the store is.
#[derive(Args, Debug, Clone)]
pub struct DbArgs {
    /// The SQLite store (created when missing).
    #[arg(long, value_name = "PATH", env = "SAMESTORY_DB", default_value = "samestory.db")]
    pub db: PathBuf,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Read articles (text, HTML, JSON Lines, WARC; files, directories or `-` for stdin) into the store.
    ///
    /// Formats are detected by content; gzip is undone wherever it appears. Articles already stored (same
    /// id, URL or content) are counted as duplicates and not stored again; copies of stored articles are
    /// stored and linked to their original; each article joins a story or starts one. Every input that could
    /// not be taken is listed with its place and reason. Exits non-zero only when nothing could be read, or
    /// on any rejection with --strict.
    Ingest(cmd::ingest::IngestArgs),
    /// List stories, newest activity first.
    Stories(cmd::stories::StoriesArgs),
    /// Show one story side by side: outlets, timeline, copies, shared and unique facts, quotes.
    Story(cmd::story::StoryArgs),
    /// Batch clustering with no store: JSON Lines articles in, one line per input article out, in input
    /// order: {"id", "story", "duplicate_of"}.
    Cluster(cmd::cluster::ClusterArgs),
    /// Copy detection with no store: JSON Lines articles in, one line per input article out, in input
    /// order: {"id", "duplicate_of", "similarity", "kind"}.
    Dedup(cmd::dedup::DedupArgs),
    /// Quotations and who said them, with no store: JSON Lines `{"id", "text"}` in, one line per article
    /// out: {"id", "quotes": [{"text", "speaker", "start", "end", "cue"}]} (character offsets).
    Quotes(cmd::quotes::QuotesArgs),
    /// Extract the main text and metadata of HTML or text files: one JSON line per document.
    Extract(cmd::extract::ExtractArgs),
    /// Measure quality and speed on the public benchmarks.
    Eval(cmd::eval::EvalArgs),
    /// Serve the HTTP API over a store.
    Serve(cmd::serve::ServeArgs),
    /// Ingest the bundled demo corpus into a fresh store and print its stories.
    Demo(cmd::demo::DemoArgs),
    /// Poll RSS/Atom feeds (a file of URLs or OPML) and ingest every new article page as it appears.
    ///
    /// Each feed is polled on its own interval with conditional GET and backs off on errors; each new item's
    /// page is fetched once (timeouts, size limit, bounded redirects), extracted, deduplicated and clustered
    /// into the store. Ctrl-C or SIGTERM finishes the current batch and exits 0; --once polls every feed
    /// once and exits when the new articles are stored.
    Watch(cmd::watch::WatchArgs),
    /// Consume a Kafka topic of JSON articles in a consumer group, each worker owning the story state of
    /// its partitions (one store per partition, the consumer offset committed with each batch).
    #[cfg(feature = "kafka")]
    Worker(cmd::worker::WorkerArgs),
    /// Send JSON Lines articles to a Kafka topic, one message per line (for feeding workers and tests).
    #[cfg(feature = "kafka")]
    Produce(cmd::worker::ProduceArgs),
    /// Near-duplicate groups over Parquet and WARC / JSON Lines shards with Apache DataFusion: MinHash
    /// sketches, LSH band buckets joined in SQL, connected components; one line per input row out:
    /// {"id", "group", "original", "copy_of", "similarity", "kind"}.
    #[cfg(feature = "backfill")]
    Backfill(cmd::backfill::BackfillArgs),
}

fn main() -> ExitCode {
    init_logging();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Ingest(args) => cmd::ingest::run(args),
        Command::Stories(args) => cmd::stories::run(args),
        Command::Story(args) => cmd::story::run(args),
        Command::Cluster(args) => cmd::cluster::run(args),
        Command::Dedup(args) => cmd::dedup::run(args),
        Command::Quotes(args) => cmd::quotes::run(args),
        Command::Extract(args) => cmd::extract::run(args),
        Command::Eval(args) => cmd::eval::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Demo(args) => cmd::demo::run(args),
        Command::Watch(args) => cmd::watch::run(args),
        #[cfg(feature = "kafka")]
        Command::Worker(args) => cmd::worker::run(args),
        #[cfg(feature = "kafka")]
        Command::Produce(args) => cmd::worker::run_produce(args),
        #[cfg(feature = "backfill")]
        Command::Backfill(args) => cmd::backfill::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) if output::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            match err.downcast_ref::<cmd::UserError>() {
                Some(_) => ExitCode::from(2),
                None => ExitCode::from(1),
            }
        }
    }
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("SAMESTORY_LOG").unwrap_or_else(|_| {
        // html5ever logs parser-internal notes (e.g. "foster parenting not implemented") at warn level for
        // ordinary malformed pages; they say nothing a user can act on.
        EnvFilter::new("warn,html5ever=error,markup5ever=error,dom_query=error")
    });
    // Colour only on a terminal: logs written to a file or read by another program stay plain text.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr()) && std::env::var_os("NO_COLOR").is_none();
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(ansi)
        .init();
}
