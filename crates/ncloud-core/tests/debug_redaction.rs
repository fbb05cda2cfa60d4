//! Secrets injected through every source (the builder, the environment, the profile file, the
//! server role) never appear in the `Debug` of anything that holds or loads them.

use std::time::{Duration, UNIX_EPOCH};

use httpmock::MockServer;
use ncloud_core::__private::ProfileFile;
use ncloud_core::credentials::{
    CredentialsProviderChain, DefaultCredentialsChain, Env, EnvironmentProvider, Fs,
    ProfileFileProvider, ServerRoleProvider,
};
use ncloud_core::time::ManualTimeSource;
use ncloud_core::{Client, Credentials, ProvideCredentials, SharedCredentialsProvider};

const FILE: &str = "/home/me/.ncloud/configure";
const SECRETS: [&str; 6] = [
    "ENV-SECRET-KEY-0001",
    "ENV-API-KEY-0002",
    "FILE-SECRET-KEY-0003",
    "FILE-API-KEY-0004",
    "ROLE-SECRET-KEY-0005",
    "BUILDER-API-KEY-0006",
];

fn assert_redacted(what: &str, debug: &str) {
    for secret in SECRETS {
        assert!(!debug.contains(secret), "{what} shows {secret}: {debug}");
    }
}

/// Both `{:?}` and `{:#?}`.
fn check(what: &str, value: &impl std::fmt::Debug) {
    assert_redacted(what, &format!("{value:?}"));
    assert_redacted(what, &format!("{value:#?}"));
}

#[tokio::test]
async fn no_debug_output_shows_a_secret_from_any_source() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/latest/meta-data/iam/security-credentials/");
            then.status(200).body("role\n");
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/latest/meta-data/iam/security-credentials/role");
            then.status(200).body(format!(
                r#"{{"AccessKeyId":"AK-role","SecretAccessKey":"{}","Expiration":"2030-01-01T06:00:00Z"}}"#,
                SECRETS[4]
            ));
        })
        .await;
    let endpoint = server.base_url();
    let env = Env::from_slice(&[
        ("HOME", "/home/me"),
        ("NCLOUD_ACCESS_KEY_ID", "AK-env"),
        ("NCLOUD_SECRET_ACCESS_KEY", SECRETS[0]),
        ("NCLOUD_API_KEY", SECRETS[1]),
        ("NCLOUD_METADATA_API_ENDPOINT", &endpoint),
    ]);
    let contents = format!(
        "[file]\nncloud_access_key_id = AK-file\nncloud_secret_access_key = {}\nncloud_api_key = {}\n",
        SECRETS[2], SECRETS[3]
    );
    let fs = Fs::from_slice(&[(FILE, &contents)]);
    let clock = ManualTimeSource::new(UNIX_EPOCH + Duration::from_secs(1_893_456_000));

    check("Env", &env);
    check("Fs", &fs);
    check(
        "ProfileFile",
        &ProfileFile::parse(FILE.as_ref(), &contents).unwrap(),
    );

    let from_env = EnvironmentProvider::with_env(env.clone());
    let from_file = ProfileFileProvider::new()
        .env(env.clone())
        .fs(fs.clone())
        .profile("file");
    let role = ServerRoleProvider::from_env(&env)
        .unwrap()
        .time_source(std::sync::Arc::new(clock.clone()));
    let chain = DefaultCredentialsChain::builder()
        .env(env.clone())
        .fs(fs.clone())
        .build();
    for (what, credentials) in [
        ("environment", from_env.provide_credentials().await.unwrap()),
        ("profile", from_file.provide_credentials().await.unwrap()),
        ("server role", role.provide_credentials().await.unwrap()),
        ("chain", chain.provide_credentials().await.unwrap()),
    ] {
        check(what, &credentials);
        assert!(SECRETS.contains(&credentials.secret_key()), "{what} loaded");
    }
    check("EnvironmentProvider", &from_env);
    check("ProfileFileProvider", &from_file);
    check("ServerRoleProvider", &role);
    check("DefaultCredentialsChain", &chain);
    let shared = SharedCredentialsProvider::new(Credentials::new("AK", SECRETS[0]));
    check("SharedCredentialsProvider", &shared);
    check(
        "CredentialsProviderChain",
        &CredentialsProviderChain::first_try("environment", from_env.clone())
            .or_else("static", Credentials::new("AK", SECRETS[2])),
    );

    let builder = Client::builder()
        .env(env.clone())
        .fs(fs.clone())
        .api_key(SECRETS[5])
        .time_source(clock.clone());
    check("ClientBuilder", &builder);
    let client = builder.build().unwrap();
    let loaded = client.credentials().await.unwrap();
    assert_eq!(loaded.api_key(), Some(SECRETS[5]));
    check("Client", &client);
    let role_client = Client::builder()
        .env(Env::from_slice(&[(
            "NCLOUD_METADATA_API_ENDPOINT",
            &endpoint,
        )]))
        .fs(Fs::from_slice(&[]))
        .use_server_role(true)
        .time_source(clock)
        .build()
        .unwrap();
    assert_eq!(
        role_client.credentials().await.unwrap().access_key(),
        "AK-role"
    );
    check("Client with a server role", &role_client);
}
