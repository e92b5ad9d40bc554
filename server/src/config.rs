//! Configuration: command-line flags, each with a `CIVICO_*` environment variable.
//! The Leptos site settings (site root, asset names) come from cargo-leptos's
//! `LEPTOS_*` variables.

use crate::serve::ServeLimits;
use clap::{Parser, Subcommand};
use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

/// The Civico server: hub schedules, activities and the local services guide.
#[derive(Parser)]
#[command(name = "civico", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub config: Config,
}

#[derive(Subcommand, Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Serve the app (the default).
    Serve,
    /// Create or update the database schema, then exit.
    Migrate,
    /// Load the demo dataset into an empty database, then exit.
    SeedDemo {
        /// Also load this many copies of it in other cities (a national deployment to
        /// measure with: 56 copies make about 5,000 services in 40 more cities).
        #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=500))]
        scale: u32,
    },
    /// Read or change one content document (hub, activity, service, taxonomy term).
    #[command(subcommand)]
    Content(ContentCommand),
    /// Staff accounts.
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Subcommand, Debug, Clone, PartialEq, Eq)]
pub enum UserCommand {
    /// Create an administrator; the password is read from standard input (asked for,
    /// unseen, at a terminal). Administrators invite everyone else from the staff area.
    CreateAdmin {
        #[arg(long)]
        email: String,
        /// How colleagues know them [default: Amministratore].
        #[arg(long)]
        name: Option<String>,
    },
    /// Deactivate an account: its sessions end at their next request, and the desk
    /// changes its devices send from then on are answered `rejected` (a lost tablet).
    Deactivate {
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand, Debug, Clone, PartialEq, Eq)]
pub enum ContentCommand {
    /// Print a document as JSON (`{"kind": …, "body": …}`).
    Get { kind: String, id: String },
    /// Validate and save the document JSON read from standard input.
    Put,
    /// Delete a document (a hub takes its activities with it).
    Delete { kind: String, id: String },
}

/// Settings shared by every command.
#[derive(clap::Args, Clone)]
pub struct Config {
    /// Database URL: `sqlite://path/to/file.db` (created if missing).
    #[arg(long, global = true, env = "CIVICO_DATABASE_URL", default_value = "sqlite://civico.db")]
    pub database_url: String,
    /// Address to listen on [default: LEPTOS_SITE_ADDR, else 127.0.0.1:3000].
    #[arg(long, global = true, env = "CIVICO_ADDR")]
    pub addr: Option<SocketAddr>,
    /// Load the demo dataset at start when the database is empty.
    #[arg(long, global = true, env = "CIVICO_DEMO", default_value_t = false)]
    pub demo: bool,
    /// Mark cookies `Secure` and send HSTS: set this when served over HTTPS.
    #[arg(long, global = true, env = "CIVICO_HTTPS", default_value_t = false)]
    pub https: bool,
    /// Seconds a client has to send a request's headers, from connecting or from the
    /// first byte of a later request.
    #[arg(long, global = true, env = "CIVICO_HEADER_READ_TIMEOUT", default_value_t = ServeLimits::default().header_read.as_secs(), value_parser = clap::value_parser!(u64).range(1..))]
    pub header_read_timeout: u64,
    /// Seconds a kept-alive connection may wait for its next request.
    #[arg(long, global = true, env = "CIVICO_IDLE_TIMEOUT", default_value_t = ServeLimits::default().idle.as_secs(), value_parser = clap::value_parser!(u64).range(1..))]
    pub idle_timeout: u64,
    /// Connections open at once; when full, the server accepts no more until one closes.
    #[arg(long, global = true, env = "CIVICO_MAX_CONNECTIONS", default_value_t = ServeLimits::default().max_connections, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: u32,
    /// Sign-ups one address may send per minute (0: no limit).
    #[arg(long, global = true, env = "CIVICO_SIGN_UPS_PER_ADDRESS", default_value_t = 60)]
    pub sign_ups_per_address: u32,
    /// Sign-ups one session may receive per minute (0: no limit).
    #[arg(long, global = true, env = "CIVICO_SIGN_UPS_PER_SESSION", default_value_t = 30)]
    pub sign_ups_per_session: u32,
    /// Days a staff device keeps working without reaching the server; a staff session
    /// with no request for that long ends.
    #[arg(long, global = true, env = "CIVICO_STAFF_OFFLINE_DAYS", default_value_t = 14, value_parser = clap::value_parser!(u32).range(1..=90))]
    pub staff_offline_days: u32,
    /// Login attempts one address may make per hour (0: no limit).
    #[arg(long, global = true, env = "CIVICO_LOGINS_PER_ADDRESS", default_value_t = 30)]
    pub logins_per_address: u32,
    /// Login attempts per hour for one e-mail address, known or not (0: no limit).
    #[arg(long, global = true, env = "CIVICO_LOGINS_PER_ACCOUNT", default_value_t = 10)]
    pub logins_per_account: u32,
    /// Days after a session when its registrations' names and contacts are erased.
    #[arg(long, global = true, env = "CIVICO_RETENTION_DAYS", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub retention_days: u32,
}

impl Config {
    /// The sign-up rate limits the push applies.
    pub fn rate_limits(&self) -> app::sync::push::server::RateLimits {
        use std::num::NonZeroU32;
        app::sync::push::server::RateLimits {
            per_address: NonZeroU32::new(self.sign_ups_per_address),
            per_session: NonZeroU32::new(self.sign_ups_per_session),
        }
    }

    /// The login limits.
    pub fn login_limits(&self) -> app::features::staff::auth::LoginLimits {
        use std::num::NonZeroU32;
        app::features::staff::auth::LoginLimits {
            per_address: NonZeroU32::new(self.logins_per_address),
            per_account: NonZeroU32::new(self.logins_per_account),
        }
    }

    /// How long staff devices work offline.
    pub fn staff(&self) -> app::features::staff::auth::StaffSettings {
        app::features::staff::auth::StaffSettings { offline_days: self.staff_offline_days, https: self.https }
    }

    /// The connection limits the server runs with.
    pub fn serve_limits(&self) -> ServeLimits {
        ServeLimits {
            header_read: Duration::from_secs(self.header_read_timeout),
            idle: Duration::from_secs(self.idle_timeout),
            max_connections: self.max_connections,
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &redact(&self.database_url))
            .field("addr", &self.addr)
            .field("demo", &self.demo)
            .field("https", &self.https)
            .field("limits", &self.serve_limits())
            .field("rate_limits", &self.rate_limits())
            .field("retention_days", &self.retention_days)
            .field("staff", &self.staff())
            .field("login_limits", &self.login_limits())
            .finish()
    }
}

/// Hides the password in a database URL (`postgres://user:secret@host` → `user:***@host`).
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let Some((credentials, host)) = rest.split_once('@') else { return url.to_string() };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_the_log() {
        assert_eq!(redact("postgres://civico:s3cret@db:5432/civico"), "postgres://civico:***@db:5432/civico");
        assert_eq!(redact("sqlite://civico.db"), "sqlite://civico.db");
        assert_eq!(redact("postgres://civico@db/civico"), "postgres://civico@db/civico");
    }

    #[test]
    fn serve_is_the_default_and_flags_parse() {
        let cli = Cli::try_parse_from(["civico", "--database-url", "sqlite://x.db", "--demo"]).unwrap();
        assert_eq!(cli.command, None);
        assert!(cli.config.demo);
        let cli = Cli::try_parse_from(["civico", "migrate", "--database-url", "sqlite://y.db"]).unwrap();
        assert_eq!(cli.command, Some(Command::Migrate));
        assert_eq!(cli.config.database_url, "sqlite://y.db");
        assert!(Cli::try_parse_from(["civico", "--addr", "not-an-address"]).is_err());
        let cli = Cli::try_parse_from(["civico", "user", "create-admin", "--email", "a@b.it"]).unwrap();
        assert_eq!(cli.command, Some(Command::User(UserCommand::CreateAdmin { email: "a@b.it".into(), name: None })));
    }

    #[test]
    fn staff_settings_default_and_parse() {
        let cli = Cli::try_parse_from(["civico"]).unwrap();
        assert_eq!(cli.config.staff().offline_days, 14);
        assert_eq!(cli.config.login_limits().per_account.map(|n| n.get()), Some(10));
        let cli = Cli::try_parse_from(["civico", "--staff-offline-days", "3", "--logins-per-account", "0"]).unwrap();
        assert_eq!(cli.config.staff().offline_days, 3);
        assert_eq!(cli.config.login_limits().per_account, None);
        assert!(Cli::try_parse_from(["civico", "--staff-offline-days", "0"]).is_err());
        assert!(Cli::try_parse_from(["civico", "--staff-offline-days", "365"]).is_err());
    }

    #[test]
    fn connection_limits_default_and_parse() {
        let cli = Cli::try_parse_from(["civico"]).unwrap();
        assert_eq!(cli.config.serve_limits(), ServeLimits::default());
        let cli = Cli::try_parse_from(["civico", "--header-read-timeout", "5", "--idle-timeout", "20", "--max-connections", "64"]).unwrap();
        let expected = ServeLimits { header_read: Duration::from_secs(5), idle: Duration::from_secs(20), max_connections: 64 };
        assert_eq!(cli.config.serve_limits(), expected);
        for zero in ["--header-read-timeout", "--idle-timeout", "--max-connections"] {
            assert!(Cli::try_parse_from(["civico", zero, "0"]).is_err(), "{zero} 0 would never serve");
        }
    }
}
