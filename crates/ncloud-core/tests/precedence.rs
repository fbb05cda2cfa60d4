//! The README's precedence table ("Where settings come from"), one test per row, each column
//! checked against the next: the builder (or `ncloud` option) beats the environment, which beats
//! the profile file, which beats the fallback. Nothing here reads the real environment or home.

use std::time::{Duration, UNIX_EPOCH};

use httpmock::MockServer;
use ncloud_core::credentials::{Env, Fs};
use ncloud_core::time::ManualTimeSource;
use ncloud_core::{Client, Credentials, Error, ErrorChain, ServiceEndpoint, Site};

const FILE: &str = "/home/me/.ncloud/configure";

/// The rows of the README table, in order; `readme_table_has_exactly_these_rows` keeps them equal.
const ROWS: [&str; 6] = [
    "profile",
    "access and secret keys",
    "API key",
    "site",
    "gateway URL",
    "server role",
];

const GENERAL: ServiceEndpoint = ServiceEndpoint::new("Server", "ncloud", "/vserver/v2");

fn profile(name: &str, lines: &str) -> String {
    format!(
        "[{name}]\nncloud_access_key_id = AK-{name}\nncloud_secret_access_key = SK-{name}\n{lines}"
    )
}

fn env(vars: &[(&str, &str)]) -> Env {
    Env::from_slice(&[&[("HOME", "/home/me")], vars].concat())
}

const ENV_KEYS: [(&str, &str); 2] = [
    ("NCLOUD_ACCESS_KEY_ID", "AK-env"),
    ("NCLOUD_SECRET_ACCESS_KEY", "SK-env"),
];

fn builder(vars: &[(&str, &str)], file: &str) -> ncloud_core::client::ClientBuilder {
    Client::builder()
        .env(env(vars))
        .fs(Fs::from_slice(&[(FILE, file)]))
}

/// The error and its causes.
fn chain(error: Error) -> String {
    ErrorChain(&error).to_string()
}

async fn access_key(client: Result<Client, Error>) -> Result<String, String> {
    let client = client.map_err(chain)?;
    client
        .credentials()
        .await
        .map(|c| c.access_key().to_owned())
        .map_err(chain)
}

async fn api_key(client: Client) -> Result<Option<String>, String> {
    client
        .credentials()
        .await
        .map(|c| c.api_key().map(str::to_owned))
        .map_err(chain)
}

#[test]
fn readme_table_has_exactly_these_rows() {
    let readme = include_str!("../../../README.md");
    let start = readme
        .find("| setting |")
        .expect("the README has the precedence table");
    let rows: Vec<&str> = readme[start..]
        .lines()
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .map(|line| line.split('|').nth(1).unwrap().trim())
        .collect();
    assert_eq!(rows, ROWS);
}

#[tokio::test]
async fn row_profile() {
    let file = format!(
        "{}{}{}",
        profile("DEFAULT", ""),
        profile("dev", ""),
        profile("ops", "")
    );
    // 1. The builder's profile beats NCLOUD_PROFILE.
    let by_builder = builder(&[("NCLOUD_PROFILE", "ops")], &file)
        .profile("dev")
        .build();
    assert_eq!(access_key(by_builder).await.unwrap(), "AK-dev");
    // 2. NCLOUD_PROFILE beats [DEFAULT]; blank counts as unset.
    let by_env = builder(&[("NCLOUD_PROFILE", "ops")], &file).build();
    assert_eq!(access_key(by_env).await.unwrap(), "AK-ops");
    let blank = builder(&[("NCLOUD_PROFILE", " ")], &file).build();
    assert_eq!(access_key(blank).await.unwrap(), "AK-DEFAULT");
    // Otherwise [DEFAULT].
    assert_eq!(
        access_key(builder(&[], &file).build()).await.unwrap(),
        "AK-DEFAULT"
    );
}

#[tokio::test]
async fn row_access_and_secret_keys() {
    let file = format!("{}{}", profile("DEFAULT", ""), profile("dev", ""));
    // 1. The builder's credentials beat everything.
    let by_builder = builder(&ENV_KEYS, &file)
        .credentials(Credentials::new("AK-builder", "SK"))
        .build();
    assert_eq!(access_key(by_builder).await.unwrap(), "AK-builder");
    // 2. The environment beats the [DEFAULT] profile...
    assert_eq!(
        access_key(builder(&ENV_KEYS, &file).build()).await.unwrap(),
        "AK-env"
    );
    // ...but not a profile chosen by name, which wins or fails.
    let chosen = builder(&ENV_KEYS, &file).profile("dev").build();
    assert_eq!(access_key(chosen).await.unwrap(), "AK-dev");
    let absent = builder(&ENV_KEYS, &file).profile("nonexistent").build();
    let err = access_key(absent).await.unwrap_err();
    assert!(
        err.contains("has no [nonexistent] profile (profiles there: DEFAULT, dev)"),
        "{err}"
    );
    // 3. The profile file.
    assert_eq!(
        access_key(builder(&[], &file).build()).await.unwrap(),
        "AK-DEFAULT"
    );
    // Otherwise (no server role enabled) an error that says where it looked.
    let err = access_key(builder(&[], "").build()).await.unwrap_err();
    assert!(
        err.contains("NCLOUD_ACCESS_KEY_ID") && err.contains("server role: not enabled"),
        "{err}"
    );
}

#[tokio::test]
async fn row_api_key() {
    let file = profile("DEFAULT", "ncloud_api_key = API-file\n");
    let with_env_key = [&ENV_KEYS[..], &[("NCLOUD_API_KEY", "API-env")]].concat();
    // 1. The builder's API key beats the one the keys came with.
    let by_builder = builder(&with_env_key, &file).api_key("API-builder").build();
    assert_eq!(
        api_key(by_builder.unwrap()).await.unwrap().as_deref(),
        Some("API-builder")
    );
    // 2. NCLOUD_API_KEY comes with the environment's keys.
    let by_env = builder(&with_env_key, &file).build().unwrap();
    assert_eq!(api_key(by_env).await.unwrap().as_deref(), Some("API-env"));
    // 3. ncloud_api_key comes with the profile's keys...
    let by_file = builder(&[], &file).build().unwrap();
    assert_eq!(api_key(by_file).await.unwrap().as_deref(), Some("API-file"));
    // ...and NCLOUD_API_KEY never silently joins them.
    let mixed = builder(&[("NCLOUD_API_KEY", "API-env")], &file)
        .build()
        .unwrap();
    let err = api_key(mixed).await.unwrap_err();
    assert!(
        err.contains("NCLOUD_API_KEY is set, but the access keys come from the profile [DEFAULT]"),
        "{err}"
    );
    // Otherwise none.
    let none = builder(&ENV_KEYS, "").build().unwrap();
    assert_eq!(api_key(none).await.unwrap(), None);
}

fn site_of(client: Result<Client, Error>) -> Result<Site, String> {
    client.map(|c| c.site()).map_err(chain)
}

#[test]
fn row_site() {
    let gov_profile = profile("DEFAULT", "ncloud_site = gov\n");
    // 1. The builder's site beats NCLOUD_SITE.
    let by_builder = builder(&[("NCLOUD_SITE", "gov")], "")
        .site(Site::Fin)
        .build();
    assert_eq!(site_of(by_builder), Ok(Site::Fin));
    // 2. NCLOUD_SITE beats the profile's ncloud_site.
    let by_env = builder(&[("NCLOUD_SITE", "fin")], &gov_profile).build();
    assert_eq!(site_of(by_env), Ok(Site::Fin));
    // 3. The profile's ncloud_site, when the keys come from that profile...
    assert_eq!(site_of(builder(&[], &gov_profile).build()), Ok(Site::Gov));
    // ...not when they come from the environment.
    assert_eq!(
        site_of(builder(&ENV_KEYS, &gov_profile).build()),
        Ok(Site::Public)
    );
    // Otherwise the site of a gateway URL, else public.
    let by_url = builder(
        &[("NCLOUD_API_GW", "https://ncloud.apigw.gov-ntruss.com")],
        "",
    )
    .build();
    assert_eq!(site_of(by_url), Ok(Site::Gov));
    assert_eq!(site_of(builder(&[], "").build()), Ok(Site::Public));
    // Bad or contradictory values are errors, never a silent default.
    let err = site_of(builder(&[("NCLOUD_SITE", "govt")], "").build()).unwrap_err();
    assert!(err.contains("unknown NCP site \"govt\""), "{err}");
    let contradiction = builder(
        &[
            ("NCLOUD_SITE", "fin"),
            ("NCLOUD_API_GW", "https://ncloud.apigw.ntruss.com"),
        ],
        "",
    )
    .build();
    assert_eq!(
        site_of(contradiction).unwrap_err(),
        "invalid request: NCLOUD_SITE says the fin site, but NCLOUD_API_GW is a gateway of the \
         public site"
    );
}

fn general_url(client: Result<Client, Error>) -> String {
    client.unwrap().service_url(&GENERAL).unwrap()
}

#[test]
fn row_gateway_url() {
    let private_profile = profile("DEFAULT", "ncloud_api_url = http://127.0.0.1:3/\n");
    let env_url = [("NCLOUD_API_GW", "http://127.0.0.1:2")];
    // 1. The builder's endpoint beats NCLOUD_API_GW.
    let by_builder = builder(&env_url, &private_profile)
        .endpoint("http://127.0.0.1:1")
        .build();
    assert_eq!(general_url(by_builder), "http://127.0.0.1:1/vserver/v2");
    // 2. NCLOUD_API_GW beats the profile's ncloud_api_url.
    let by_env = builder(&env_url, &private_profile).build();
    assert_eq!(general_url(by_env), "http://127.0.0.1:2/vserver/v2");
    // 3. The profile's ncloud_api_url.
    let by_file = builder(&[], &private_profile).build();
    assert_eq!(general_url(by_file), "http://127.0.0.1:3/vserver/v2");
    // Otherwise the service's host on the site.
    let fin = builder(&[("NCLOUD_SITE", "fin")], "").build();
    assert_eq!(
        general_url(fin),
        "https://fin-ncloud.apigw.fin-ntruss.com/vserver/v2"
    );
}

#[tokio::test]
async fn row_server_role() {
    let server = MockServer::start_async().await;
    let list = server
        .mock_async(|when, then| {
            when.path("/latest/meta-data/iam/security-credentials/");
            then.status(200).body("my-role\n");
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/latest/meta-data/iam/security-credentials/my-role");
            then.status(200).body(
                r#"{"AccessKeyId":"AK-role","SecretAccessKey":"SK-role","Expiration":"2030-01-01T06:00:00Z"}"#,
            );
        })
        .await;
    let endpoint = server.base_url();
    let clock = ManualTimeSource::new(UNIX_EPOCH + Duration::from_secs(1_893_456_000));
    let with = |extra: &[(&str, &str)], file: &str| {
        let vars = [
            &[("NCLOUD_METADATA_API_ENDPOINT", endpoint.as_str())],
            extra,
        ]
        .concat();
        builder(&vars, file).time_source(clock.clone())
    };
    // 1. The builder enables it.
    let by_builder = with(&[], "").use_server_role(true).build();
    assert_eq!(access_key(by_builder).await.unwrap(), "AK-role");
    // 2. NCLOUD_USE_SERVER_ROLE=true enables it.
    let by_env = with(&[("NCLOUD_USE_SERVER_ROLE", "TRUE")], "").build();
    assert_eq!(access_key(by_env).await.unwrap(), "AK-role");
    // 3. The profile's ncloud_use_server_role = true enables it.
    let by_file = with(&[], "[DEFAULT]\nncloud_use_server_role = true\n").build();
    assert_eq!(access_key(by_file).await.unwrap(), "AK-role");
    assert_eq!(list.calls_async().await, 3);
    // It is the last link: keys found before it win, and the service is not asked.
    let keys_first = with(
        &[("NCLOUD_USE_SERVER_ROLE", "true"), ENV_KEYS[0], ENV_KEYS[1]],
        "",
    )
    .build();
    assert_eq!(access_key(keys_first).await.unwrap(), "AK-env");
    // Otherwise off: never asked either.
    let off = with(&[("NCLOUD_USE_SERVER_ROLE", "false")], "").build();
    let err = access_key(off).await.unwrap_err();
    assert!(err.contains("server role: not enabled"), "{err}");
    assert_eq!(list.calls_async().await, 3);
}
