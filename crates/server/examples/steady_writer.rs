//! The writer of the server's load benchmark (`bench/server/run.sh`): POSTs synthetic articles to
//! `/api/articles` at a steady rate and reports what it achieved.
//!
//! `steady_writer ADDR [ARTICLES_PER_SECOND=200] [SECONDS=30] [BATCH=10] [SEED=11]`: every
//! `BATCH / ARTICLES_PER_SECOND` seconds one JSON Lines body of BATCH new articles (new events dated after
//! the benchmark store's year), on schedule whatever the server's pace (up to 4 posts in flight). Prints
//! one line: `writer: articles N, seconds S, articles/s R, posts P, failed F, post p50 X ms, post p99 Y ms`.

use samestory_testkit::synthetic;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

fn post(addr: &str, body: &[u8]) -> std::io::Result<u16> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        stream,
        "POST /api/articles HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-ndjson\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)?;
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status)?;
    let mut rest = Vec::new();
    reader.read_to_end(&mut rest)?;
    Ok(status.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0))
}

/// Posts in flight at most: the writer keeps its schedule while a post waits for the server (open loop),
/// as independent feeders would, instead of slowing down to the server's pace.
const IN_FLIGHT: usize = 4;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(addr) = args.first().cloned() else {
        eprintln!("usage: steady_writer ADDR [ARTICLES_PER_SECOND] [SECONDS] [BATCH] [SEED]");
        std::process::exit(2);
    };
    let arg = |i: usize, default: u64| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let (rate, seconds, batch, seed) = (arg(1, 200).max(1), arg(2, 30), arg(3, 10).max(1), arg(4, 11));
    let total = (rate * seconds) as usize;
    let articles =
        synthetic::corpus(seed, total, 400, (seconds as i64 / 20).max(2), &format!("live-{seed}-"));
    let interval = Duration::from_secs_f64(batch as f64 / rate as f64);
    let bodies: Vec<(usize, String)> = articles
        .chunks(batch as usize)
        .map(|chunk| (chunk.len(), chunk.iter().map(|a| a.to_string() + "\n").collect()))
        .collect();

    let (jobs, queue) = std::sync::mpsc::channel::<(usize, String)>();
    let queue = std::sync::Arc::new(std::sync::Mutex::new(queue));
    let (results, outcomes) = std::sync::mpsc::channel::<(usize, bool, Duration)>();
    let workers: Vec<_> = (0..IN_FLIGHT)
        .map(|_| {
            let (queue, results, addr) = (std::sync::Arc::clone(&queue), results.clone(), addr.clone());
            std::thread::spawn(move || {
                loop {
                    let job = queue.lock().ok().and_then(|q| q.recv().ok());
                    let Some((count, body)) = job else { break };
                    let t = Instant::now();
                    let ok = match post(&addr, body.as_bytes()) {
                        Ok(200) => true,
                        Ok(status) => {
                            eprintln!("writer: post answered {status}");
                            false
                        }
                        Err(e) => {
                            eprintln!("writer: post failed: {e}");
                            false
                        }
                    };
                    let _ = results.send((count, ok, t.elapsed()));
                }
            })
        })
        .collect();
    drop(results);

    let started = Instant::now();
    for (i, body) in bodies.into_iter().enumerate() {
        let due = started + interval * i as u32;
        if let Some(wait) = due.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        if jobs.send(body).is_err() {
            break;
        }
    }
    drop(jobs);
    for worker in workers {
        let _ = worker.join();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let (mut sent, mut posts, mut failed) = (0usize, 0usize, 0usize);
    let mut latencies = Vec::new();
    for (count, ok, latency) in outcomes.iter() {
        posts += 1;
        if ok {
            sent += count;
        } else {
            failed += 1;
        }
        latencies.push(latency);
    }
    latencies.sort();
    let pct = |p: f64| {
        latencies.get(((latencies.len() as f64 - 1.0) * p).round() as usize).copied().unwrap_or_default()
    };
    println!(
        "writer: articles {sent}, seconds {elapsed:.1}, articles/s {:.0}, posts {posts}, failed {failed}, post p50 {:.1} ms, post p99 {:.1} ms",
        sent as f64 / elapsed,
        pct(0.5).as_secs_f64() * 1000.0,
        pct(0.99).as_secs_f64() * 1000.0,
    );
    if failed > 0 {
        std::process::exit(1);
    }
}
