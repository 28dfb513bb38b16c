//! `samestory serve`: the HTTP API over a store.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use crate::DbArgs;

/// Arguments of `samestory serve`.
#[derive(Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    addr: SocketAddr,
}

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let ingestor = super::open_ingestor(&args.db.db)?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        eprintln!("samestory serving {} on http://{}", args.db.db.display(), listener.local_addr()?);
        samestory_server::serve(listener, ingestor).await.context("server failed")
    })?;
    Ok(ExitCode::SUCCESS)
}
