//! `ncloud nsml auth-keys` and `ncloud nsml registry-credentials`: SSH keys and registry
//! credentials. A registry secret key is read from stdin or a file, never from an argument, and
//! printed only with --show-secrets.

use std::io::Write;

use ncloud_nsml::{AuthKey, Client, RegistryCredential};
use serde::Serialize;
use serde::ser::SerializeStruct;

use super::args::{
    AuthKeysArgs, AuthKeysCommand, CreateAuthKeyArgs, CreateRegistryCredentialArgs,
    RegistryCredentialsArgs, RegistryCredentialsCommand, ShowCredentialsArgs,
};
use crate::change::{self, Created};
use crate::commands::list::cell;
use crate::error::CliError;
use crate::input::{self, Source};
use crate::render::{Output, TableRow, output_format, write_all, write_one};

/// Shown in place of a secret key unless --show-secrets.
const REDACTED: &str = "** redacted **";

impl TableRow for AuthKey {
    const HEADERS: &'static [&'static str] = &["TITLE", "NAME", "FINGERPRINT", "CREATED"];

    fn cells(&self) -> Vec<String> {
        vec![
            cell(self.title.as_ref()),
            cell(self.name.as_ref()),
            cell(self.fingerprint.as_ref()),
            cell(self.create_time.as_ref()),
        ]
    }
}

/// A registry credential as printed: the secret key redacted unless it is to be shown.
struct Shown<'a> {
    credential: &'a RegistryCredential,
    reveal: bool,
}

impl Shown<'_> {
    fn secret(&self) -> Option<&str> {
        let secret = self.credential.secret_key();
        if self.reveal {
            secret
        } else {
            secret.map(|_| REDACTED)
        }
    }
}

impl Serialize for Shown<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let c = self.credential;
        let mut state = serializer.serialize_struct("RegistryCredential", 4)?;
        state.serialize_field("privateEp", &c.private_ep)?;
        state.serialize_field("accessKey", &c.access_key)?;
        state.serialize_field("secretKey", &self.secret())?;
        state.serialize_field("createTime", &c.create_time)?;
        state.end()
    }
}

impl TableRow for Shown<'_> {
    const HEADERS: &'static [&'static str] =
        &["PRIVATE ENDPOINT", "ACCESS KEY", "SECRET KEY", "CREATED"];

    fn cells(&self) -> Vec<String> {
        let c = self.credential;
        vec![
            cell(c.private_ep.as_ref()),
            cell(c.access_key.as_ref()),
            cell(self.secret()),
            cell(c.create_time.as_ref()),
        ]
    }
}

pub(super) async fn auth_keys(
    nsml: &Client,
    args: &AuthKeysArgs,
    out: impl Write,
) -> Result<(), CliError> {
    match &args.command {
        None => list_auth_keys(nsml, args.default.output, out).await,
        Some(AuthKeysCommand::List(output)) => list_auth_keys(nsml, output.output, out).await,
        Some(AuthKeysCommand::Create(create)) => create_auth_key(nsml, create, out).await,
        Some(AuthKeysCommand::Delete { title, name }) => {
            nsml.delete_auth_key(title, name).await?;
            eprintln!("Deleted SSH key {title} ({name}).");
            Ok(())
        }
    }
}

async fn list_auth_keys(
    nsml: &Client,
    output: Option<Output>,
    out: impl Write,
) -> Result<(), CliError> {
    let keys = nsml.list_auth_keys().await?;
    write_all(out, output_format(output), &keys)?;
    Ok(())
}

async fn create_auth_key(
    nsml: &Client,
    args: &CreateAuthKeyArgs,
    out: impl Write,
) -> Result<(), CliError> {
    // The whole file: a second key in it is refused as a second line of --key is.
    let key = match (&args.key, &args.key_file) {
        (Some(key), _) => key.clone(),
        (None, Some(path)) => {
            let source = Source::File(path.clone());
            input::read_text(source, "SSH public key", input::SSH_PUBLIC_KEY_LIMIT).await?
        }
        (None, None) => return Err(CliError::usage("give --key or --key-file")),
    };
    let check = ["nsml", "auth-keys"];
    nsml.create_auth_key(&args.title, key.trim())
        .await
        .map_err(|error| change::after_change(error, &check))?;
    let registered = Created::new(format!("SSH key {}", args.title), &check);
    let keys = nsml
        .list_auth_keys()
        .await
        .map_err(|error| registered.then(error))?;
    let Some(created) = keys
        .iter()
        .find(|k| k.title.as_deref() == Some(args.title.as_str()))
    else {
        eprintln!("Registered SSH key {}.", args.title);
        return Ok(());
    };
    Ok(write_one(out, output_format(args.output.output), created)?)
}

pub(super) async fn registry_credentials(
    nsml: &Client,
    args: &RegistryCredentialsArgs,
    out: impl Write,
) -> Result<(), CliError> {
    match &args.command {
        None => show(nsml, &args.default, out).await,
        Some(RegistryCredentialsCommand::Get(get)) => show(nsml, get, out).await,
        Some(RegistryCredentialsCommand::Create(create)) => {
            create_registry_credential(nsml, create, out).await
        }
        Some(RegistryCredentialsCommand::Delete { private_endpoint }) => {
            nsml.delete_registry_credential(private_endpoint).await?;
            eprintln!("Deleted the registry credentials of {private_endpoint}.");
            Ok(())
        }
    }
}

async fn show(nsml: &Client, args: &ShowCredentialsArgs, out: impl Write) -> Result<(), CliError> {
    let credentials = nsml.get_registry_credentials().await?;
    let shown: Vec<Shown<'_>> = credentials
        .iter()
        .map(|credential| Shown {
            credential,
            reveal: args.show_secrets,
        })
        .collect();
    write_all(out, output_format(args.output.output), &shown)?;
    Ok(())
}

async fn create_registry_credential(
    nsml: &Client,
    args: &CreateRegistryCredentialArgs,
    out: impl Write,
) -> Result<(), CliError> {
    let source = match &args.secret_key_file {
        Some(path) => Source::File(path.clone()),
        None => Source::Stdin,
    };
    let text = input::read_text(source.clone(), "registry secret key", input::SECRET_LIMIT).await?;
    let secret = first_line(&text, &source)?;
    let check = ["nsml", "registry-credentials"];
    nsml.create_registry_credential(&args.private_endpoint, &args.access_key, secret.trim())
        .await
        .map_err(|error| change::after_change(error, &check))?;
    let what = format!("the credentials of {}", args.private_endpoint);
    let registered = Created::new(what, &check);
    // Printed as registered, the secret key redacted.
    let credentials = nsml
        .get_registry_credentials()
        .await
        .map_err(|error| registered.then(error))?;
    let endpoint = Some(args.private_endpoint.as_str());
    let Some(credential) = credentials
        .iter()
        .find(|c| c.private_ep.as_deref() == endpoint)
    else {
        eprintln!(
            "Registered the registry credentials of {}.",
            args.private_endpoint
        );
        return Ok(());
    };
    let shown = Shown {
        credential,
        reveal: false,
    };
    Ok(write_one(out, output_format(args.output.output), &shown)?)
}

/// The first line of `text`, without its line end; an error naming `source` when there is none.
fn first_line(text: &str, source: &Source) -> Result<String, CliError> {
    let line = text.lines().next().unwrap_or_default();
    if line.trim().is_empty() {
        return Err(CliError::usage(format!(
            "{source} is empty: the first line must hold the value"
        )));
    }
    Ok(line.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_line_is_the_value() {
        let stdin = Source::Stdin;
        assert_eq!(first_line("s3cr3t\r\nmore\n", &stdin).unwrap(), "s3cr3t");
        assert_eq!(first_line("no newline", &stdin).unwrap(), "no newline");
        for empty in ["", "\n", "  \nsecond"] {
            let error = first_line(empty, &stdin).unwrap_err();
            assert!(error.to_string().contains("stdin is empty"), "{error}");
        }
    }

    #[test]
    fn secrets_show_only_when_revealed() {
        let credential = RegistryCredential::new("r.kr.private-ncr.ntruss.com", "AK", "s3cr3t");
        let hidden = Shown {
            credential: &credential,
            reveal: false,
        };
        assert_eq!(
            serde_json::to_value(&hidden).unwrap()["secretKey"],
            REDACTED
        );
        assert!(!hidden.cells().join(" ").contains("s3cr3t"));
        let shown = Shown {
            credential: &credential,
            reveal: true,
        };
        assert_eq!(serde_json::to_value(&shown).unwrap()["secretKey"], "s3cr3t");
        assert_eq!(shown.cells()[2], "s3cr3t");
    }
}
