//! `samestory watch`: poll feeds and ingest every new article page into the store.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use samestory_watch::{Summary, WatchConfig, Watcher, parse_feed_list};

use super::UserError;
use crate::DbArgs;
use crate::output;

/// Arguments of `samestory watch`.
#[derive(Args, Debug)]
pub struct WatchArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The feeds: a file of RSS/Atom feed URLs (one per line, `#` comments) or an OPML file.
    #[arg(value_name = "FEEDS")]
    feeds: PathBuf,
    /// Poll every feed once, store the new articles, and exit (for cron and tests).
    #[arg(long)]
    once: bool,
    /// The polling interval of feeds that do not ask for one (`ttl`, `sy:updatePeriod`): `90s`, `15m`, `1h`
    /// or seconds.
    #[arg(long, default_value = "15m", value_parser = parse_duration, value_name = "DURATION")]
    interval: Duration,
    /// The shortest interval between two polls of a feed, whatever it asks for.
    #[arg(long, default_value = "1m", value_parser = parse_duration, value_name = "DURATION")]
    min_interval: Duration,
    /// Page fetches in flight at most.
    #[arg(long, default_value_t = WatchConfig::default().concurrency, value_name = "N")]
    concurrency: usize,
    /// How long a request may take, body included.
    #[arg(long, default_value = "30s", value_parser = parse_duration, value_name = "DURATION")]
    timeout: Duration,
    /// How long opening a connection may take.
    #[arg(long, default_value = "10s", value_parser = parse_duration, value_name = "DURATION")]
    connect_timeout: Duration,
    /// The largest feed or page read, in bytes.
    #[arg(long, default_value_t = WatchConfig::default().max_page_bytes, value_name = "BYTES")]
    max_bytes: usize,
    /// The most redirects followed per request.
    #[arg(long, default_value_t = WatchConfig::default().max_redirects, value_name = "N")]
    max_redirects: usize,
    /// How many times a page that timed out or met a server error is tried before it is given up.
    #[arg(long, default_value_t = WatchConfig::default().max_attempts, value_name = "N")]
    max_attempts: u32,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
}

/// `90s`, `15m`, `2h`, `1d`, `250ms` or plain seconds.
fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number.parse().map_err(|_| format!("invalid duration {text:?} (try 90s, 15m or 1h)"))?;
    let seconds = match unit.trim() {
        "" | "s" => value,
        "ms" => value / 1000.0,
        "m" => value * 60.0,
        "h" => value * 3600.0,
        "d" => value * 86_400.0,
        other => return Err(format!("unknown unit {other:?} in duration {text:?} (ms, s, m, h or d)")),
    };
    Duration::try_from_secs_f64(seconds).map_err(|e| format!("invalid duration {text:?}: {e}"))
}

pub fn run(args: WatchArgs) -> anyhow::Result<ExitCode> {
    let list = std::fs::read(&args.feeds)
        .map_err(|e| UserError(format!("cannot read the feed list {}: {e}", args.feeds.display())))?;
    let feeds =
        parse_feed_list(&args.feeds.display().to_string(), &list).map_err(|e| UserError(e.to_string()))?;
    let config = WatchConfig {
        default_interval: args.interval,
        min_interval: args.min_interval.min(args.interval),
        connect_timeout: args.connect_timeout,
        timeout: args.timeout,
        max_feed_bytes: args.max_bytes,
        max_page_bytes: args.max_bytes,
        max_redirects: args.max_redirects,
        concurrency: args.concurrency,
        max_attempts: args.max_attempts,
        once: args.once,
        ..WatchConfig::default()
    };
    let watcher = Watcher::new(config).map_err(|e| UserError(e.to_string()))?;
    let ingestor = super::open_ingestor(&args.db.db)?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(ProgressStyle::with_template("{spinner} {elapsed} {msg}").expect("valid template"));
        bar.enable_steady_tick(Duration::from_millis(200));
        bar.set_message(format!("watching {} feeds", feeds.len()));
        bar
    } else {
        ProgressBar::hidden()
    };
    let shown = bar.clone();
    let quiet = args.once;
    let mut last_line = Instant::now();
    let progress = move |summary: &Summary| {
        shown.set_message(summary.line());
        // Without a terminal, a running watch says how it goes once a minute.
        if shown.is_hidden() && !quiet && last_line.elapsed() >= Duration::from_secs(60) {
            eprintln!("{}", summary.line());
            last_line = Instant::now();
        }
    };
    let result = runtime.block_on(watcher.run(ingestor, feeds, shutdown_signal(), progress));
    bar.finish_and_clear();
    let (summary, _ingestor) =
        result.context("watch stopped (every batch committed before the error is kept)")?;
    let mut out = output::stdout();
    if args.json {
        output::json_pretty(&mut out, &summary)?;
    } else {
        writeln!(out, "{}", summary.line())?;
        for problem in &summary.problems {
            writeln!(out, "problem {problem}")?;
        }
        if summary.problems_dropped > 0 {
            writeln!(out, "({} more problems not listed)", summary.problems_dropped)?;
        }
    }
    out.flush()?;
    if args.once && summary.feeds > 0 && summary.feed_failures == summary.polls && summary.polls > 0 {
        anyhow::bail!("every feed failed ({} polls)", summary.polls);
    }
    Ok(ExitCode::SUCCESS)
}

/// Resolves on Ctrl-C or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
    eprintln!("stopping: finishing the current batch");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_units() {
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("1.5h"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5 fortnights").is_err());
        assert!(parse_duration("1e999").is_err());
    }
}
