//! Lists the account's server instances with the credentials from the environment
//! (`NCLOUD_ACCESS_KEY_ID`/`NCLOUD_SECRET_ACCESS_KEY`) or `~/.ncloud/configure`.
//!
//! `cargo run -p ncloud-server-example --example list_servers [REGION]`. Not run in CI: it calls
//! the real API.

use ncloud_core::Client;
use ncloud_server_example::ServerClient;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let servers = ServerClient::new(Client::from_env()?);
    let region = std::env::args().nth(1);
    let mut items = servers.list_server_instances(region.as_deref()).items();
    while let Some(server) = items.try_next().await? {
        let status = server.server_instance_status.as_ref();
        println!(
            "{}\t{}\t{}\t{}\t{}",
            server.server_instance_no,
            server.server_name.as_deref().unwrap_or("-"),
            status.and_then(|s| s.code.as_deref()).unwrap_or("-"),
            server.private_ip.as_deref().unwrap_or("-"),
            server.public_ip.as_deref().unwrap_or("-"),
        );
    }
    eprintln!("{} servers", items.total_count().unwrap_or(0));
    Ok(())
}
