//! SSH keys (`/auth-keys`) and registry credentials (`/images/secret`).

use serde_json::json;

use crate::error_bodies;
use crate::nsml::body::{Body, follows_naming_rule};
use crate::nsml::projects::{bad_request, epoch_seconds};
use crate::nsml::seed::{auth_key, space_date};
use crate::nsml::state::RegistryCredential;
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

pub(super) fn create_auth_key(state: &GatewayState, request: &ApiRequest) -> ApiResponse {
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

pub(super) fn list_auth_keys(state: &GatewayState) -> ApiResponse {
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

pub(super) fn delete_auth_key(state: &GatewayState, title: &str, name: &str) -> ApiResponse {
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

pub(super) fn create_registry_credential(
    state: &GatewayState,
    request: &ApiRequest,
) -> ApiResponse {
    let checked = Body::parse(request, &["privateEp", "accessKey", "secretKey"]).and_then(|body| {
        let endpoint = body.required_string("privateEp")?.to_owned();
        if !endpoint.ends_with("private-ncr.ntruss.com") {
            return Err(format!(
                "privateEp {endpoint:?} must end with private-ncr.ntruss.com."
            ));
        }
        Ok(RegistryCredential {
            private_ep: endpoint,
            access_key: body.required_string("accessKey")?.to_owned(),
            secret_key: body.required_string("secretKey")?.to_owned(),
            create_time: space_date(epoch_seconds(state.clock.now())),
        })
    });
    let credential = match checked {
        Ok(credential) => credential,
        Err(details) => return bad_request(&details),
    };
    let mut data = state.nsml.at(state.clock.now());
    if data
        .registry_credentials
        .iter()
        .any(|c| c.private_ep == credential.private_ep)
    {
        let details = format!("{} is already registered.", credential.private_ep);
        return bad_request(&details);
    }
    data.registry_credentials.push(credential);
    ApiResponse::empty(201)
}

pub(super) fn get_registry_credentials(state: &GatewayState) -> ApiResponse {
    let data = state.nsml.at(state.clock.now());
    let credentials: Vec<_> = data
        .registry_credentials
        .iter()
        .map(|c| {
            json!({
                "privateEp": c.private_ep, "accessKey": c.access_key,
                "secretKey": c.secret_key, "createTime": c.create_time,
            })
        })
        .collect();
    let total = credentials.len();
    ApiResponse::json(
        200,
        &json!({ "dockerCredentials": credentials, "totalSize": total }),
    )
}

pub(super) fn delete_registry_credential(
    state: &GatewayState,
    request: &ApiRequest,
) -> ApiResponse {
    let Some(endpoint) = request.query_param("privateEp").filter(|e| !e.is_empty()) else {
        return bad_request("The query parameter privateEp is required.");
    };
    let mut data = state.nsml.at(state.clock.now());
    let before = data.registry_credentials.len();
    data.registry_credentials
        .retain(|c| c.private_ep != endpoint);
    if data.registry_credentials.len() == before {
        let details = format!("No image repository {endpoint}.");
        return ApiResponse::json(404, &error_bodies::no_such(&details));
    }
    ApiResponse::empty(200)
}
