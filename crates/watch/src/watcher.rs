//! The run: a task per feed, page fetches under a semaphore, and one writer thread owning the pipeline.

use std::collections::HashSet;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use chrono::{SecondsFormat, SubsecRound as _, Utc};
use samestory_model::{Article, Body as DocBody, Hints, Origin, RawDocument};
use samestory_pipeline::Ingestor;
use samestory_store::{FeedState, SeenItem};
use serde::Serialize;
use tokio::sync::{Semaphore, mpsc, oneshot, watch};
use tokio::task::JoinSet;

use crate::feeds::{FeedItem, parse_feed};
use crate::http::{Body, FetchError, Fetched, Fetcher, Validators};
use crate::schedule::{backoff, poll_interval};
use crate::{WatchConfig, WatchError};

/// At most this many problems are kept in [`Summary::problems`]; the rest are only counted.
const MAX_PROBLEMS: usize = 1000;

/// At most this many unfinished items of a feed are retried per poll.
const MAX_RETRIES_PER_POLL: usize = 256;

/// What a run did so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Feeds watched.
    pub feeds: usize,
    /// Feed polls made.
    pub polls: u64,
    /// Polls answered 304 Not Modified.
    pub not_modified: u64,
    /// Polls that failed (error status, timeout, not a feed).
    pub feed_failures: u64,
    /// Items whose page was fetched or tried (new, or unfinished from before).
    pub items: u64,
    /// Pages fetched.
    pub pages: u64,
    /// Bytes of the pages fetched.
    pub page_bytes: u64,
    /// Articles newly stored.
    pub stored: u64,
    /// Of those, copies of another article.
    pub copies: u64,
    /// Items whose article was stored already (same URL, id or content; or linked by another feed).
    pub duplicate: u64,
    /// Pages that gave no article (no text, not HTML, an item without link).
    pub rejected: u64,
    /// Page fetches that failed and will be tried again.
    pub failed: u64,
    /// Items given up: a fetch that cannot work, or the last attempt failed.
    pub given_up: u64,
    /// Story merges made.
    pub merges: u64,
    /// `URL: reason` for each failed poll, failed fetch and rejected page, oldest first (the first 1,000).
    pub problems: Vec<String>,
    /// Problems beyond those kept.
    pub problems_dropped: u64,
}

impl Summary {
    /// One line: polls, pages and what became of them.
    pub fn line(&self) -> String {
        format!(
            "feeds {}: polls {} ({} not modified, {} failed) · pages {} ({} KiB) · stored {} ({} copies) · \
             duplicate {} · rejected {} · failed {} (given up {})",
            self.feeds,
            self.polls,
            self.not_modified,
            self.feed_failures,
            self.pages,
            self.page_bytes / 1024,
            self.stored,
            self.copies,
            self.duplicate,
            self.rejected,
            self.failed,
            self.given_up
        )
    }

    fn problem(&mut self, text: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(text);
        } else {
            self.problems_dropped += 1;
        }
    }
}

/// Runs the watch over an [`Ingestor`].
#[derive(Debug, Clone)]
pub struct Watcher {
    config: WatchConfig,
    fetcher: Fetcher,
}

/// One item whose page is to be fetched.
#[derive(Debug, Clone)]
struct Job {
    feed: String,
    item: FeedItem,
    /// Attempts made before this one.
    attempts: u32,
}

impl Job {
    fn record(&self, outcome: String, done: bool) -> SeenItem {
        SeenItem {
            feed: self.feed.clone(),
            item: self.item.key.clone(),
            url: self.item.link.clone(),
            outcome,
            attempts: self.attempts + 1,
            done,
        }
    }
}

/// How a poll went.
#[derive(Debug)]
enum PollOutcome {
    Changed,
    NotModified,
    Failed(String),
}

/// What the tasks tell the writer.
enum ToWriter {
    /// A poll happened: save the feed's state.
    Polled { state: FeedState, outcome: PollOutcome },
    /// Of these items (and the feed's unfinished ones), which to fetch now; they are then in flight.
    Claim { feed: String, items: Vec<FeedItem>, reply: oneshot::Sender<Vec<Job>> },
    /// A page fetched, as an article for the pipeline (or why it cannot be one).
    Page { job: Job, bytes: usize, doc: Result<Box<(Article, Origin)>, String> },
    /// A page fetch failed.
    Failed { job: Job, error: FetchError },
}

/// What every task shares.
struct Shared {
    config: WatchConfig,
    fetcher: Fetcher,
    pages: Arc<Semaphore>,
}

impl Watcher {
    /// A watcher with these settings.
    pub fn new(config: WatchConfig) -> Result<Watcher, WatchError> {
        config.validate()?;
        let fetcher = Fetcher::new(config.connect_timeout, config.timeout, config.max_redirects)?;
        Ok(Watcher { config, fetcher })
    }

    /// Watches `feeds` until `shutdown` completes (or, with [`WatchConfig::once`], until every feed was
    /// polled once and its new items stored), writing through `ingestor`. `progress` is called on the writer
    /// thread after each batch. Returns what was done and the ingestor.
    ///
    /// Must be called inside a tokio runtime with blocking threads (any multi-threaded runtime).
    pub async fn run<F, P>(
        &self,
        ingestor: Ingestor,
        feeds: Vec<String>,
        shutdown: F,
        progress: P,
    ) -> Result<(Summary, Ingestor), WatchError>
    where
        F: Future<Output = ()> + Send,
        P: FnMut(&Summary) + Send + 'static,
    {
        let states = feeds
            .iter()
            .map(|url| {
                let state = ingestor.store().feed_state(url)?;
                Ok(state.unwrap_or_else(|| FeedState { url: url.clone(), ..FeedState::default() }))
            })
            .collect::<Result<Vec<_>, WatchError>>()?;
        let (stop_tx, stop_rx) = watch::channel(false);
        let (tx, rx) = mpsc::channel(self.config.concurrency * 2 + 16);
        let writer = Writer {
            ingestor,
            max_attempts: self.config.max_attempts,
            batch_size: self.config.batch_size,
            in_flight: HashSet::new(),
            links_in_flight: HashSet::new(),
            pages: Vec::new(),
            records: Vec::new(),
            summary: Summary { feeds: feeds.len(), ..Summary::default() },
            progress,
        };
        let mut writer = tokio::task::spawn_blocking(move || writer.run(rx));
        let shared = Arc::new(Shared {
            config: self.config.clone(),
            fetcher: self.fetcher.clone(),
            pages: Arc::new(Semaphore::new(self.config.concurrency)),
        });
        let mut tasks = JoinSet::new();
        for state in states {
            tasks.spawn(watch_feed(shared.clone(), state, tx.clone(), stop_rx.clone()));
        }
        drop(tx);
        tokio::pin!(shutdown);
        let mut stopping = false;
        let mut finished = None;
        loop {
            tokio::select! {
                () = &mut shutdown, if !stopping => {
                    tracing::info!("stopping: writing what was fetched");
                    stopping = true;
                    let _ = stop_tx.send(true);
                }
                joined = tasks.join_next() => match joined {
                    None => break,
                    Some(Err(e)) if e.is_panic() => tracing::error!("a feed task panicked: {e}"),
                    Some(_) => {}
                },
                done = &mut writer, if finished.is_none() => {
                    // The writer ends early only on an error: stop everything.
                    let _ = stop_tx.send(true);
                    stopping = true;
                    finished = Some(done);
                }
            }
        }
        let done = match finished {
            Some(done) => done,
            None => writer.await,
        };
        done.map_err(|e| WatchError::Writer(e.to_string()))?
    }
}

/// Resolves when the run is stopping.
async fn stopped(stop: &mut watch::Receiver<bool>) {
    // An error means the sender is gone: the run is over.
    let _ = stop.wait_for(|s| *s).await;
}

/// Polls one feed on its schedule until the run stops (or once).
async fn watch_feed(
    shared: Arc<Shared>,
    mut state: FeedState,
    tx: mpsc::Sender<ToWriter>,
    mut stop: watch::Receiver<bool>,
) {
    let config = &shared.config;
    // After a restart a feed keeps the schedule it had (a feed backing off stays backed off).
    let mut wait = match (config.once, state.next_poll) {
        (false, Some(next)) => {
            let ahead = (next - Utc::now()).to_std().unwrap_or(Duration::ZERO);
            ahead.min(config.max_interval.max(config.backoff_cap))
        }
        _ => Duration::ZERO,
    };
    loop {
        if !wait.is_zero() {
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                () = stopped(&mut stop) => return,
            }
        }
        if *stop.borrow() {
            return;
        }
        let Some(next) = poll(&shared, &mut state, &tx, &mut stop).await else { return };
        if config.once {
            return;
        }
        wait = next;
    }
}

/// One poll of a feed: fetch, parse, record the state, start fetching its new items. Returns the wait
/// before the next poll, or `None` when the run is over.
async fn poll(
    shared: &Arc<Shared>,
    state: &mut FeedState,
    tx: &mpsc::Sender<ToWriter>,
    stop: &mut watch::Receiver<bool>,
) -> Option<Duration> {
    let config = &shared.config;
    let validators = Validators { etag: state.etag.clone(), last_modified: state.last_modified.clone() };
    let started = Utc::now();
    let fetched = tokio::select! {
        r = shared.fetcher.feed(&state.url, &validators, config.max_feed_bytes) => r,
        () = stopped(stop) => return None,
    };
    state.last_polled = Some(started);
    let mut items = None;
    let (outcome, retry_after) = match fetched {
        Ok(Fetched::NotModified) => (PollOutcome::NotModified, None),
        Ok(Fetched::Body(body)) => match parse_feed(&body.final_url, &body.bytes) {
            Ok(parsed) => {
                // Validators are kept only for a body that parsed, so a broken answer is fetched again.
                state.etag = body.validators.etag;
                state.last_modified = body.validators.last_modified;
                state.interval_secs = parsed.interval.map(|d| d.as_secs());
                items = Some(parsed.items);
                (PollOutcome::Changed, None)
            }
            Err(reason) => (PollOutcome::Failed(reason), None),
        },
        Err(e) => {
            let retry_after = e.retry_after();
            (PollOutcome::Failed(e.to_string()), retry_after)
        }
    };
    let delay = match &outcome {
        PollOutcome::Failed(reason) => {
            state.failures = state.failures.saturating_add(1);
            state.last_error = Some(reason.clone());
            let seed =
                format!("{}{}{}", state.url, state.failures, started.timestamp_nanos_opt().unwrap_or(0));
            let wait = backoff(state.failures, config.backoff_base, config.backoff_cap, seed.as_bytes());
            retry_after.map_or(wait, |r| r.min(config.backoff_cap).max(wait))
        }
        PollOutcome::Changed | PollOutcome::NotModified => {
            state.failures = 0;
            state.last_error = None;
            let asked = state.interval_secs.map(Duration::from_secs);
            poll_interval(asked, config.default_interval, config.min_interval, config.max_interval)
        }
    };
    state.next_poll = chrono::Duration::from_std(delay).ok().map(|d| started + d);
    let failed = matches!(outcome, PollOutcome::Failed(_));
    tx.send(ToWriter::Polled { state: state.clone(), outcome }).await.ok()?;
    if failed {
        return Some(delay);
    }
    // Unchanged feeds still retry their unfinished items.
    let (reply_tx, reply_rx) = oneshot::channel();
    let claim =
        ToWriter::Claim { feed: state.url.clone(), items: items.unwrap_or_default(), reply: reply_tx };
    tx.send(claim).await.ok()?;
    let jobs = reply_rx.await.ok()?;
    for job in jobs {
        tokio::spawn(fetch_page(shared.clone(), job, tx.clone(), stop.clone()));
    }
    Some(delay)
}

/// Fetches one item's page (under the semaphore) and hands it to the writer. A stop drops the fetch: the
/// item stays unfinished and is fetched at the next start.
async fn fetch_page(
    shared: Arc<Shared>,
    job: Job,
    tx: mpsc::Sender<ToWriter>,
    mut stop: watch::Receiver<bool>,
) {
    let Some(link) = job.item.link.clone() else { return };
    let _permit = tokio::select! {
        permit = shared.pages.clone().acquire_owned() => match permit { Ok(p) => p, Err(_) => return },
        () = stopped(&mut stop) => return,
    };
    let fetched = tokio::select! {
        r = shared.fetcher.page(&link, shared.config.max_page_bytes) => r,
        () = stopped(&mut stop) => return,
    };
    let message = match fetched {
        Ok(body) => {
            let bytes = body.bytes.len();
            let item = job.item.clone();
            let doc = tokio::task::spawn_blocking(move || article(&item, body).map(Box::new))
                .await
                .unwrap_or_else(|e| Err(format!("internal error while reading the page: {e}")));
            ToWriter::Page { job, bytes, doc }
        }
        Err(error) => ToWriter::Failed { job, error },
    };
    // The permit is held until the writer takes the page, so a slow writer slows the fetching down.
    let _ = tx.send(message).await;
}

/// The media type of a `Content-Type` value, lowercase.
fn media_type(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// The `charset` parameter of a `Content-Type` value.
fn charset(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("charset").then(|| v.trim().trim_matches(['"', '\'']).to_string())
    })
}

/// The page as an article for the pipeline, extracted here, once, on a blocking thread beside the fetches
/// (the writer thread only assigns and stores). Its URL is where it was fetched from (after redirects); the
/// item's title and date fill in only what the page shows none of (a plain-text page has no markup to show
/// them, so there they are the item's).
fn article(item: &FeedItem, body: Body) -> Result<(Article, Origin), String> {
    let content_type = body.content_type.as_deref().unwrap_or("");
    let media = media_type(content_type);
    let html = match media.as_str() {
        "" | "text/html" | "application/xhtml+xml" => true,
        "text/plain" => false,
        other => return Err(format!("not an article page (content type {other})")),
    };
    let mut hints =
        Hints { url: Some(body.final_url.clone()), charset: charset(content_type), ..Hints::default() };
    let origin = Origin::file(body_origin(item, &hints));
    let doc_body = if html {
        DocBody::Html(body.bytes)
    } else {
        hints.title.clone_from(&item.title);
        hints.published = item.published.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true));
        DocBody::Text(String::from_utf8_lossy(&body.bytes).into_owned())
    };
    let doc = RawDocument { origin: origin.clone(), hints, body: doc_body };
    let mut article = samestory_pipeline::to_article(doc).map_err(|rejection| rejection.reason)?;
    if article.title.is_none() {
        article.title.clone_from(&item.title);
    }
    if article.published.is_none() {
        article.published = item.published.map(|t| t.trunc_subsecs(0));
    }
    Ok((article, origin))
}

/// Where a document came from, for rejections: the page's URL.
fn body_origin(item: &FeedItem, hints: &Hints) -> String {
    hints.url.clone().or_else(|| item.link.clone()).unwrap_or_else(|| item.key.clone())
}

/// The one owner of the pipeline and the store.
struct Writer<P> {
    ingestor: Ingestor,
    max_attempts: u32,
    batch_size: usize,
    /// (feed, item) of the items being fetched.
    in_flight: HashSet<(String, String)>,
    /// The pages being fetched (two feeds may list one page).
    links_in_flight: HashSet<String>,
    /// Pages waiting to be written.
    pages: Vec<(Job, (Article, Origin))>,
    /// Items finished or failed, to record with the next batch.
    records: Vec<SeenItem>,
    summary: Summary,
    progress: P,
}

impl<P: FnMut(&Summary)> Writer<P> {
    fn run(mut self, mut rx: mpsc::Receiver<ToWriter>) -> Result<(Summary, Ingestor), WatchError> {
        while let Some(message) = rx.blocking_recv() {
            self.handle(message)?;
            while self.pages.len() < self.batch_size {
                match rx.try_recv() {
                    Ok(message) => self.handle(message)?,
                    Err(_) => break,
                }
            }
            self.flush()?;
        }
        self.flush()?;
        Ok((self.summary, self.ingestor))
    }

    fn handle(&mut self, message: ToWriter) -> Result<(), WatchError> {
        match message {
            ToWriter::Polled { state, outcome } => {
                self.ingestor.store().save_feed_state(&state)?;
                self.summary.polls += 1;
                match outcome {
                    PollOutcome::Changed => {}
                    PollOutcome::NotModified => self.summary.not_modified += 1,
                    PollOutcome::Failed(reason) => {
                        tracing::warn!(feed = %state.url, failures = state.failures, "poll failed: {reason}");
                        self.summary.feed_failures += 1;
                        self.summary.problem(format!("{}: {reason}", state.url));
                    }
                }
            }
            ToWriter::Claim { feed, items, reply } => {
                let jobs = self.claim(&feed, items)?;
                self.summary.items += jobs.len() as u64;
                let _ = reply.send(jobs);
            }
            ToWriter::Page { job, bytes, doc } => {
                self.summary.pages += 1;
                self.summary.page_bytes += bytes as u64;
                match doc {
                    Ok(doc) => self.pages.push((job, *doc)),
                    Err(reason) => {
                        self.summary.rejected += 1;
                        self.summary.problem(format!("{}: {reason}", job.item.link.as_deref().unwrap_or("")));
                        self.landed(&job);
                        self.records.push(job.record(format!("rejected: {reason}"), true));
                    }
                }
            }
            ToWriter::Failed { job, error } => {
                let attempts = job.attempts + 1;
                let done = !error.is_transient() || attempts >= self.max_attempts;
                let link = job.item.link.as_deref().unwrap_or("");
                let outcome = if error.is_transient() && done {
                    format!("failed: {error} (given up after {attempts} attempts)")
                } else {
                    format!("failed: {error}")
                };
                tracing::warn!(feed = %job.feed, page = %link, "{outcome}");
                self.summary.problem(format!("{link}: {outcome}"));
                if done {
                    self.summary.given_up += 1;
                } else {
                    self.summary.failed += 1;
                }
                self.landed(&job);
                self.records.push(job.record(outcome, done));
            }
        }
        Ok(())
    }

    /// The items of `feed` to fetch now: those new or unfinished, not in flight, whose page is not stored
    /// yet. Items that need no fetch are recorded as finished.
    fn claim(&mut self, feed: &str, items: Vec<FeedItem>) -> Result<Vec<Job>, WatchError> {
        let store = self.ingestor.store();
        let mut keys: HashSet<String> = items.iter().map(|i| i.key.clone()).collect();
        let mut candidates = items;
        for unfinished in store.unfinished_items(feed, MAX_RETRIES_PER_POLL)? {
            if keys.insert(unfinished.item.clone()) {
                candidates.push(FeedItem {
                    key: unfinished.item,
                    link: unfinished.url,
                    title: None,
                    published: None,
                });
            }
        }
        let mut jobs = Vec::new();
        for item in candidates {
            let flight = (feed.to_string(), item.key.clone());
            if self.in_flight.contains(&flight) {
                continue;
            }
            let seen = store.seen_item(feed, &item.key)?;
            if seen.as_ref().is_some_and(|s| s.done) {
                continue;
            }
            let job = Job { feed: feed.to_string(), attempts: seen.map_or(0, |s| s.attempts), item };
            let Some(link) = job.item.link.as_deref() else {
                self.summary.rejected += 1;
                self.records.push(job.record("rejected: item has no link".into(), true));
                continue;
            };
            if self.links_in_flight.contains(link) {
                // Another feed's item is fetching this page; this item is settled at a later poll.
                continue;
            }
            if store.url_seen(link)? || store.find_existing(Some(link), "")?.is_some() {
                self.summary.duplicate += 1;
                self.records.push(job.record("duplicate: page already stored".into(), true));
                continue;
            }
            self.links_in_flight.insert(link.to_string());
            self.in_flight.insert(flight);
            jobs.push(job);
        }
        Ok(jobs)
    }

    /// Forgets that `job` is in flight.
    fn landed(&mut self, job: &Job) {
        self.in_flight.remove(&(job.feed.clone(), job.item.key.clone()));
        if let Some(link) = &job.item.link {
            self.links_in_flight.remove(link);
        }
    }

    /// Writes the waiting pages through the pipeline (one transaction) and records what became of them.
    fn flush(&mut self) -> Result<(), WatchError> {
        if self.pages.is_empty() && self.records.is_empty() {
            return Ok(());
        }
        if !self.pages.is_empty() {
            let (jobs, docs): (Vec<Job>, Vec<(Article, Origin)>) =
                std::mem::take(&mut self.pages).into_iter().unzip();
            let mut outcomes = Vec::with_capacity(jobs.len());
            let (mut duplicates, mut rejections) = (0, 0);
            let report = self.ingestor.ingest(docs.into_iter().map(Ok), |r| {
                let outcome = if r.rejected.len() > rejections {
                    format!("rejected: {}", r.rejected.last().map_or("", |x| x.reason.as_str()))
                } else if r.duplicate > duplicates {
                    "duplicate".to_string()
                } else {
                    "stored".to_string()
                };
                (duplicates, rejections) = (r.duplicate, r.rejected.len());
                outcomes.push(outcome);
            })?;
            self.summary.stored += report.new;
            self.summary.copies += report.copies;
            self.summary.duplicate += report.duplicate;
            self.summary.rejected += report.rejected.len() as u64;
            self.summary.merges += report.merges.len() as u64;
            for rejection in &report.rejected {
                self.summary.problem(rejection.to_string());
            }
            for (job, outcome) in jobs.iter().zip(outcomes) {
                self.landed(job);
                self.records.push(job.record(outcome, true));
            }
        }
        self.ingestor.store().record_items(&self.records)?;
        self.records.clear();
        (self.progress)(&self.summary);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn item(title: Option<&str>) -> FeedItem {
        FeedItem {
            key: "g".into(),
            link: Some("http://a.test/p".into()),
            title: title.map(str::to_string),
            published: Some(Utc.with_ymd_and_hms(2025, 4, 1, 10, 0, 0).unwrap()),
        }
    }

    fn body(bytes: &str, content_type: Option<&str>) -> Body {
        Body {
            bytes: bytes.as_bytes().to_vec(),
            final_url: "http://a.test/final".into(),
            content_type: content_type.map(str::to_string),
            validators: Validators::default(),
        }
    }

    #[test]
    fn item_metadata_fills_only_what_the_page_lacks() {
        let bare =
            "<html><body><p>Some article text that goes on for a while about the flood.</p></body></html>";
        let (a, origin) =
            article(&item(Some("Feed title")), body(bare, Some("text/html; charset=\"utf-8\""))).unwrap();
        assert_eq!(a.title.as_deref(), Some("Feed title"));
        assert_eq!(a.published, Some(Utc.with_ymd_and_hms(2025, 4, 1, 10, 0, 0).unwrap()));
        assert_eq!(a.url.as_deref(), Some("http://a.test/final"));
        assert_eq!(origin.to_string(), "http://a.test/final");
        let full = "<html><head><title>Page title</title>\
            <meta property=\"article:published_time\" content=\"2025-03-30T08:00:00Z\"></head>\
            <body><h1>Page title</h1><p>Some article text that goes on for a while about the flood.</p></body></html>";
        let (a, _) = article(&item(Some("Feed title")), body(full, None)).unwrap();
        assert_eq!(a.title.as_deref(), Some("Page title"));
        assert_eq!(a.published, Some(Utc.with_ymd_and_hms(2025, 3, 30, 8, 0, 0).unwrap()));
    }

    #[test]
    fn pages_that_are_no_article_are_refused_with_the_reason() {
        let err = article(&item(None), body("%PDF-1.4", Some("application/pdf"))).unwrap_err();
        assert_eq!(err, "not an article page (content type application/pdf)");
        let err = article(&item(None), body("<html><body></body></html>", None)).unwrap_err();
        assert!(!err.is_empty());
        let (a, _) = article(&item(Some("T")), body("Plain text article.", Some("text/plain"))).unwrap();
        assert_eq!(a.paragraphs, ["Plain text article."]);
        assert_eq!(a.title.as_deref(), Some("T"));
    }

    #[test]
    fn summary_keeps_the_first_problems_and_counts_the_rest() {
        let mut s = Summary::default();
        for i in 0..MAX_PROBLEMS + 5 {
            s.problem(format!("p{i}"));
        }
        assert_eq!(s.problems.len(), MAX_PROBLEMS);
        assert_eq!(s.problems_dropped, 5);
        assert!(s.line().starts_with("feeds 0: polls 0"));
    }
}
