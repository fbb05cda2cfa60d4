//! Container registry credentials (the reference's "image repository"): [`RegistryCredential`]
//! as `GET /images/secret` returns it, secret key included.

use std::fmt;

use ncloud_core::datetime::DateTime;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use crate::unpaged::UnpagedList;

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

/// `{"dockerCredentials": [...], "totalSize": N}`: the count is `totalSize` here (`totalCount`
/// is accepted too); `dockerCredentials` is required (`null` reads as empty).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RegistryCredentialList {
    #[serde(deserialize_with = "crate::project::null_as_empty")]
    docker_credentials: Vec<RegistryCredential>,
    #[serde(default, alias = "totalCount")]
    total_size: Option<u64>,
}

impl UnpagedList for RegistryCredentialList {
    type Item = RegistryCredential;
    const WHAT: &'static str = "registry credentials";
    fn into_parts(self) -> (Vec<RegistryCredential>, Option<u64>) {
        (self.docker_credentials, self.total_size)
    }
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
