//! `civico`: serve the app, migrate the database, or load the demo dataset.
#![forbid(unsafe_code)]

use anyhow::Context;
use clap::Parser;
use server::config::{Cli, Command};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt().with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"))).init();
    let cli = Cli::parse();
    let config = cli.config;
    tracing::debug!(?config, "configuration");
    let store = server::open_store(&config.database_url).await.with_context(|| "cannot open the database")?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Migrate => {
            tracing::info!("database schema is up to date");
        }
        Command::Content(command) => server::content_cli::run(store.as_ref(), command).await?,
        Command::User(command) => server::staff::run(store.as_ref(), command).await?,
        Command::SeedDemo { scale } => {
            let loaded = server::demo::seed_if_empty(store.as_ref(), scale).await?;
            tracing::info!(documents = loaded, "demo dataset loaded");
            if loaded > 0 {
                seed_demo_staff(store.as_ref()).await?;
            }
        }
        Command::Serve => {
            if config.demo {
                let loaded = server::demo::seed_if_empty(store.as_ref(), 0).await?;
                if loaded > 0 {
                    tracing::info!(documents = loaded, "demo dataset loaded");
                    seed_demo_staff(store.as_ref()).await?;
                }
            }
            let options = server::leptos_options()?;
            let addr = config.addr.unwrap_or(options.site_addr);
            let pkg = std::path::Path::new(&*options.site_root).join(&*options.site_pkg_dir);
            let written = server::precompress::write_built_in(&pkg)?;
            tracing::info!(files = written, "catalogues and kiosk style written");
            server::precompress::minify_split_loader(&pkg)?;
            server::wasm_data::pack_main_module(&pkg, &options.output_name)?;
            let compressed = tokio::task::spawn_blocking(move || server::precompress::precompress_dir(&pkg)).await??;
            tracing::info!(files = compressed, "assets precompressed");
            let settings =
                server::Settings::new(config.https, config.rate_limits()).with_logins(config.login_limits()).with_staff(config.staff());
            let limiters = (settings.sign_up_limiter.clone(), settings.login_limiter.clone());
            tokio::spawn(server::maintenance::run(store.clone(), limiters, config.retention_days));
            let app = server::app(store, options, settings);
            let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
            tracing::info!("Civico is listening on http://{addr}");
            server::serve::serve(listener, app, config.serve_limits(), shutdown()).await;
        }
    }
    Ok(())
}

/// The demo's staff accounts, with the demo content just loaded into an empty database (never
/// into a real one that only lacks accounts: their password is public); says how to log in.
async fn seed_demo_staff(store: &dyn app::store::StaffStore) -> anyhow::Result<()> {
    use server::demo::staff::{DEMO_PASSWORD, DEMO_STAFF};
    if server::demo::staff::seed_if_none(store).await? > 0 {
        let emails: Vec<&str> = DEMO_STAFF.iter().map(|(email, ..)| *email).collect();
        tracing::warn!(accounts = ?emails, password = DEMO_PASSWORD, "demo staff accounts created: never use them with real people's data");
    }
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
