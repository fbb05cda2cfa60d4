//! SSH keys: `POST`/`GET /auth-keys`, `DELETE /auth-keys/title/{title}/name/{name}`.

use serde_json::json;

use crate::error_bodies;
use crate::nsml::body::{Body, follows_naming_rule};
use crate::nsml::seed::{auth_key, space_date};
use crate::nsml::{bad_request, epoch_seconds};
use crate::state::GatewayState;
use crate::wire::{ApiRequest, ApiResponse};

/// The key types the reference lists (with OpenSSH's spelling of `ecdsa-sha2-nistp256`).
const KEY_TYPES: [&str; 5] = [
    "ssh-rsa ",
    "ssh-ed25519 ",
    "ecdsa-sha2-nistp256 ",
    "ecdsa-sha2-nistp384 ",
    "ecdsa-sha2-nistp521 ",
];

pub(super) fn create(state: &GatewayState, request: &ApiRequest) -> ApiResponse {
    let checked = Body::parse(request, &["title", "key"]).and_then(|body| {
        let title = body.required_string("title")?.to_owned();
        if !follows_naming_rule(&title) {
            return Err(format!(
                "title {title:?} must use English letters, digits and '-', begin with a letter \
                 and not repeat '-'."
            ));
        }
        let key = body.required_string("key")?.trim().to_owned();
        if !KEY_TYPES.iter().any(|t| key.starts_with(t)) {
            return Err(
                "key must start with ssh-rsa, ssh-ed25519 or ecdsa-sha2-nistp256/384/521."
                    .to_owned(),
            );
        }
        Ok((title, key))
    });
    let (title, key) = match checked {
        Ok(fields) => fields,
        Err(details) => return bad_request(&details),
    };
    let mut data = state.nsml.at(state.clock.now());
    if data.auth_keys.iter().any(|k| k.title == title) {
        return bad_request(&format!(
            "An authentication key titled {title:?} already exists."
        ));
    }
    let serial = data.next_serial();
    let mut new_key = auth_key(&title, &key, serial);
    new_key.create_time = space_date(epoch_seconds(state.clock.now()));
    data.auth_keys.push(new_key);
    ApiResponse::empty(201)
}

pub(super) fn list(state: &GatewayState) -> ApiResponse {
    let data = state.nsml.at(state.clock.now());
    let keys: Vec<_> = data
        .auth_keys
        .iter()
        .map(|k| {
            json!({
                "name": k.name, "title": k.title, "fingerprint": k.fingerprint,
                "createTime": k.create_time,
            })
        })
        .collect();
    ApiResponse::json(200, &json!({ "keyList": keys, "totalCount": keys.len() }))
}

pub(super) fn delete(state: &GatewayState, title: &str, name: &str) -> ApiResponse {
    let mut data = state.nsml.at(state.clock.now());
    let before = data.auth_keys.len();
    data.auth_keys
        .retain(|k| !(k.title == title && k.name == name));
    if data.auth_keys.len() == before {
        let details = format!("No authentication key titled {title:?} named {name:?}.");
        return ApiResponse::json(404, &error_bodies::no_such(&details));
    }
    ApiResponse::empty(200)
}
