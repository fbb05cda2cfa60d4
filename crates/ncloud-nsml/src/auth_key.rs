//! SSH authentication keys: [`AuthKey`] as `GET /auth-keys` lists it.

use ncloud_core::Error;
use ncloud_core::client::{NoContent, Operation};
use ncloud_core::datetime::DateTime;
use serde::{Deserialize, Serialize};

use crate::unpaged::unpaged_list;
use crate::{Client, validate};

/// An SSH public key registered for access to CLOVA NSML nodes.
///
/// `title` is the key's id as the caller chose it; `name` is the name the service gave it (both
/// are needed to delete it). Every field is optional; unknown fields are ignored.
///
/// ```
/// use ncloud_nsml::AuthKey;
///
/// let key: AuthKey = serde_json::from_str(
///     r#"{"name": "k-1", "title": "laptop", "fingerprint": "ab:cd", "createTime": "2024-09-03 09:36:40"}"#,
/// )?;
/// assert_eq!(key.title.as_deref(), Some("laptop"));
/// # Ok::<_, serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AuthKey {
    /// The name the service gave the key (`name`).
    #[serde(default)]
    pub name: Option<String>,
    /// The key's id, as chosen when it was created (`title`).
    #[serde(default)]
    pub title: Option<String>,
    /// The key's fingerprint (`fingerprint`).
    #[serde(default)]
    pub fingerprint: Option<String>,
    /// When the key was registered (`createTime`), in the service's local time.
    #[serde(default)]
    pub create_time: Option<DateTime>,
}

impl AuthKey {
    /// A key with this title and every other field unknown (for tests and fakes).
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            name: None,
            title: Some(title.into()),
            fingerprint: None,
            create_time: None,
        }
    }
}

unpaged_list!(AuthKeyList of AuthKey, "keyList", "SSH keys");

impl Client {
    /// `GET /auth-keys`: every SSH key registered for the account (the list is not paged).
    pub async fn list_auth_keys(&self) -> Result<Vec<AuthKey>, Error> {
        self.send_list(Operation::<AuthKeyList>::get("ListAuthKeys", ["auth-keys"]))
            .await
    }

    /// `POST /auth-keys`: register an SSH public key under a title. The title follows the naming
    /// rule of projects (letters, digits and `-`, starting with a letter, no `--`); the key is an
    /// OpenSSH public key as in a `.pub` file (`ssh-rsa`, `ssh-ed25519` or
    /// `ecdsa-sha2-nistp256/384/521`). Both are checked before anything is sent.
    pub async fn create_auth_key(&self, title: &str, key: &str) -> Result<(), Error> {
        let key = key.trim();
        let operation = Operation::post("CreateAuthKey", ["auth-keys"])
            .json(&CreateBody { title, key })
            .check(validate::name("SSH key title", title))
            .check(validate::ssh_public_key(key));
        let answer = self.send_empty(operation).await;
        answer.map_err(|error| error.after_change_sent(Some(title.to_owned())))
    }

    /// `DELETE /auth-keys/title/{title}/name/{keyName}`: delete a key, named by its title and the
    /// name the service gave it ([`AuthKey::name`]).
    pub async fn delete_auth_key(&self, title: &str, name: &str) -> Result<(), Error> {
        let operation = Operation::<NoContent>::delete(
            "DeleteAuthKey",
            ["auth-keys", "title", title, "name", name],
        )
        .check(validate::not_empty("SSH key title", title))
        .check(validate::not_empty("SSH key name", name));
        self.send_empty(operation).await
    }
}

/// The documented body of `POST /auth-keys`.
#[derive(Serialize)]
struct CreateBody<'a> {
    title: &'a str,
    key: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unpaged::into_items;
    use serde_json::json;

    #[test]
    fn key_list_is_required() {
        assert!(serde_json::from_value::<AuthKeyList>(json!({"totalCount": 0})).is_err());
        let list: AuthKeyList = serde_json::from_value(json!({"keyList": null})).unwrap();
        assert_eq!(into_items(list).unwrap(), []);
    }
}
