//! `samestory serve`: the HTTP API and the web page over a store.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use samestory_server::{ServerOptions, WriteAccess};

use crate::DbArgs;
use crate::cmd::UserError;

/// Arguments of `samestory serve`.
#[derive(Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The address to listen on. On a loopback address anyone on this machine may write; on any other,
    /// writes need the token.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    addr: SocketAddr,
    /// The token writes (POST /api/articles) need, sent as `Authorization: Bearer <token>`.
    #[arg(long, env = "SAMESTORY_TOKEN", value_name = "TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Compute every answer from the store instead of reusing answers until the store changes (for
    /// measuring the store; slower).
    #[arg(long)]
    no_cache: bool,
}

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    if args.token.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return Err(UserError("--token (or SAMESTORY_TOKEN) is empty".into()).into());
    }
    if args.token.as_deref().is_some_and(|t| t.trim().len() < 16) {
        tracing::warn!("the token is shorter than 16 characters; a longer random one is safer");
    }
    let ingestor = super::open_ingestor(&args.db.db)?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let addr = listener.local_addr()?;
        let options = ServerOptions { cache: !args.no_cache, ..ServerOptions::for_addr(addr, args.token) };
        match options.write_access() {
            WriteAccess::Open => {}
            WriteAccess::Token(_) => eprintln!("writes need the token (Authorization: Bearer ...)"),
            WriteAccess::Disabled => eprintln!(
                "warning: listening beyond loopback without a token: writes are disabled (use --token or SAMESTORY_TOKEN)"
            ),
        }
        eprintln!("samestory serving {} on http://{addr}", args.db.db.display());
        samestory_server::serve(listener, ingestor, options).await.context("server failed")
    })?;
    Ok(ExitCode::SUCCESS)
}
