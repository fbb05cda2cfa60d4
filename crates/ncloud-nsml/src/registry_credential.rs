//! Container registry credentials (the reference's "image repository"): [`RegistryCredential`]
//! as `GET /images/secret` returns it, secret key included.

use std::fmt;

use ncloud_core::Error;
use ncloud_core::client::{NoContent, Operation};
use ncloud_core::datetime::DateTime;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use crate::client::label;
use crate::unpaged::unpaged_list;
use crate::{Client, validate};

/// What `Debug` and `Serialize` write in place of the secret key.
const REDACTED: &str = "** redacted **";

/// The credentials CLOVA NSML uses to pull custom images from a Container Registry private
/// endpoint.
///
/// The service answers with the registry **secret key in clear**. It is kept out of `Debug` and
/// out of `Serialize` (both write `** redacted **`), so logging or printing a credential never
/// leaks it; read it with the explicit [`secret_key`](Self::secret_key) accessor.
///
/// ```
/// use ncloud_nsml::RegistryCredential;
///
/// let credential: RegistryCredential = serde_json::from_str(
///     r#"{"privateEp": "r.kr.private-ncr.ntruss.com", "accessKey": "AK", "secretKey": "s3cr3t"}"#,
/// )?;
/// assert_eq!(credential.secret_key(), Some("s3cr3t"));
/// assert!(!format!("{credential:?}").contains("s3cr3t"));
/// assert!(!serde_json::to_string(&credential)?.contains("s3cr3t"));
/// # Ok::<_, serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RegistryCredential {
    /// The registry's private endpoint (`privateEp`), e.g. `name.kr.private-ncr.ntruss.com`.
    #[serde(default)]
    pub private_ep: Option<String>,
    /// The registry user name: an NCP access key id (`accessKey`).
    #[serde(default)]
    pub access_key: Option<String>,
    #[serde(default)]
    secret_key: Option<String>,
    /// When the credentials were registered (`createTime`), in the service's local time.
    #[serde(default)]
    pub create_time: Option<DateTime>,
}

impl RegistryCredential {
    /// Credentials for `private_ep` with these keys (for tests and fakes).
    pub fn new(
        private_ep: impl Into<String>,
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
    ) -> Self {
        Self {
            private_ep: Some(private_ep.into()),
            access_key: Some(access_key.into()),
            secret_key: Some(secret_key.into()),
            create_time: None,
        }
    }

    /// The registry password (`secretKey`), in clear. Never log it.
    pub fn secret_key(&self) -> Option<&str> {
        self.secret_key.as_deref()
    }
}

impl fmt::Debug for RegistryCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RegistryCredential")
            .field("private_ep", &self.private_ep)
            .field("access_key", &self.access_key)
            .field("secret_key", &self.secret_key.as_ref().map(|_| REDACTED))
            .field("create_time", &self.create_time)
            .finish()
    }
}

impl Serialize for RegistryCredential {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("RegistryCredential", 4)?;
        state.serialize_field("privateEp", &self.private_ep)?;
        state.serialize_field("accessKey", &self.access_key)?;
        state.serialize_field("secretKey", &self.secret_key.as_ref().map(|_| REDACTED))?;
        state.serialize_field("createTime", &self.create_time)?;
        state.end()
    }
}

unpaged_list!(RegistryCredentialList of RegistryCredential, "dockerCredentials", "registry credentials");

impl Client {
    /// `GET /images/secret`: the registry credentials of the account, secret keys included (read
    /// them with [`RegistryCredential::secret_key`]; `Debug` and `Serialize` redact them).
    pub async fn get_registry_credentials(&self) -> Result<Vec<RegistryCredential>, Error> {
        let operation = Operation::<RegistryCredentialList>::get(
            "GetRegistryCredentials",
            ["images", "secret"],
        );
        self.send_list(operation).await.map_err(without_secrets)
    }

    /// `POST /images/secret`: register the credentials of a Container Registry private endpoint
    /// (a host name ending with `private-ncr.ntruss.com`), for runs with custom images: the
    /// registry user name (an NCP access key id) and password (that key's secret key). Checked
    /// before anything is sent; no error or log shows the secret key.
    pub async fn create_registry_credential(
        &self,
        private_endpoint: &str,
        access_key: &str,
        secret_key: &str,
    ) -> Result<(), Error> {
        let body = CreateBody {
            private_ep: private_endpoint,
            access_key,
            secret_key,
        };
        let operation = Operation::post("CreateRegistryCredential", ["images", "secret"])
            .json(&body)
            .check(validate::private_endpoint(private_endpoint))
            .check(validate::not_empty("registry access key", access_key))
            .check(validate::not_empty("registry secret key", secret_key));
        let answer = self.send_empty(operation).await;
        answer.map_err(|error| error.after_change_sent(Some(private_endpoint.to_owned())))
    }

    /// `DELETE /images/secret?privateEp=...`: delete the credentials of a private endpoint.
    pub async fn delete_registry_credential(&self, private_endpoint: &str) -> Result<(), Error> {
        let operation =
            Operation::<NoContent>::delete("DeleteRegistryCredential", ["images", "secret"])
                .query("privateEp", private_endpoint)
                .check(validate::private_endpoint(private_endpoint));
        self.send_empty(operation).await
    }
}

/// A decode error of `GET /images/secret` keeps an excerpt of the body (shown by `Debug`) and
/// serde's message (which can quote a value): both may hold a secret key, so neither is kept.
fn without_secrets(error: Error) -> Error {
    if !error.is_decode() {
        return error;
    }
    let operation = error
        .operation()
        .map_or_else(|| label("GetRegistryCredentials"), str::to_owned);
    let reason = "the answer is not {\"dockerCredentials\": [...]} as documented \
                  (its body is withheld: it holds secret keys)";
    Error::decode(operation, reason, b"").with_attempts(error.attempts())
}

/// The documented body of `POST /images/secret`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CreateBody<'a> {
    private_ep: &'a str,
    access_key: &'a str,
    secret_key: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unpaged::into_items;
    use serde_json::json;

    const SECRET: &str = "0123456789abcdefSECRET";

    /// [image-repository-detail]'s fields (the stored copy of its example stops after
    /// `privateEp`), with `totalSize` as the page names the count.
    #[test]
    fn the_reference_shape_decodes() {
        let list: RegistryCredentialList = serde_json::from_value(json!({
            "dockerCredentials": [{
                "privateEp": "********.kr.private-ncr.ntruss.com",
                "accessKey": "********************",
                "secretKey": SECRET,
                "createTime": "2024-09-03 10:12:13"
            }],
            "totalSize": 1
        }))
        .unwrap();
        let credentials = into_items(list).unwrap();
        assert_eq!(
            credentials[0].private_ep.as_deref(),
            Some("********.kr.private-ncr.ntruss.com")
        );
        assert_eq!(credentials[0].secret_key(), Some(SECRET));
    }

    #[test]
    fn total_count_is_accepted_and_checked() {
        let list: RegistryCredentialList =
            serde_json::from_value(json!({"dockerCredentials": [], "totalCount": 1})).unwrap();
        assert!(
            into_items(list)
                .unwrap_err()
                .contains("registry credentials")
        );
    }

    #[test]
    fn the_secret_never_shows_in_debug_or_json() {
        let credential = RegistryCredential::new("r.kr.private-ncr.ntruss.com", "AK", SECRET);
        let debug = format!("{credential:?} {credential:#?}");
        assert!(!debug.contains(SECRET), "{debug}");
        assert!(debug.contains(REDACTED));
        let json = serde_json::to_value(&credential).unwrap();
        assert_eq!(json["secretKey"], REDACTED);
        assert_eq!(json["accessKey"], "AK");
        assert!(!json.to_string().contains(SECRET));
        // Without a secret, nothing pretends there is one.
        let mut bare = credential.clone();
        bare.secret_key = None;
        assert_eq!(
            serde_json::to_value(&bare).unwrap()["secretKey"],
            json!(null)
        );
        assert_eq!(credential.secret_key(), Some(SECRET));
    }
}
