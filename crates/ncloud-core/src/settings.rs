//! The name of every setting ncloud-rs reads: environment variables (`*_VAR`, `*_VARS`) and keys
//! of the profile file `~/.ncloud/configure` (`*_KEY`), in one place. The workspace README's
//! "Where settings come from" says which wins when several are set.
//!
//! ```
//! use ncloud_core::settings::{ACCESS_KEY_KEY, ACCESS_KEY_VARS, SITE_KEY, SITE_VAR};
//!
//! assert_eq!(ACCESS_KEY_VARS[0], "NCLOUD_ACCESS_KEY_ID");
//! assert_eq!(ACCESS_KEY_KEY, "ncloud_access_key_id");
//! assert_eq!((SITE_VAR, SITE_KEY), ("NCLOUD_SITE", "ncloud_site"));
//! ```

// Credentials.

/// Access key id variables, in order of preference (official SDKs first, then the older names).
pub const ACCESS_KEY_VARS: [&str; 2] = ["NCLOUD_ACCESS_KEY_ID", "NCLOUD_ACCESS_KEY"];
/// Secret key variables, in order of preference.
pub const SECRET_KEY_VARS: [&str; 2] = ["NCLOUD_SECRET_ACCESS_KEY", "NCLOUD_SECRET_KEY"];
/// The API Gateway API key variable.
pub const API_KEY_VAR: &str = "NCLOUD_API_KEY";
/// Profile key of the access key id.
pub const ACCESS_KEY_KEY: &str = "ncloud_access_key_id";
/// Profile key of the secret key.
pub const SECRET_KEY_KEY: &str = "ncloud_secret_access_key";
/// Profile key of the API Gateway API key.
pub const API_KEY_KEY: &str = "ncloud_api_key";

// The profile.

/// The variable that names the profile to use.
pub const PROFILE_VAR: &str = "NCLOUD_PROFILE";

// The server role.

/// The variable that enables the server role: `true` or `false`.
pub const USE_SERVER_ROLE_VAR: &str = "NCLOUD_USE_SERVER_ROLE";
/// The profile key that enables the server role: `true` or `false`.
pub const USE_SERVER_ROLE_KEY: &str = "ncloud_use_server_role";
/// The variable that replaces the metadata service's address (`http://169.254.169.254`).
pub const METADATA_ENDPOINT_VAR: &str = "NCLOUD_METADATA_API_ENDPOINT";

// Sites and gateways.

/// The variable naming the site, as NCP's Terraform provider names it.
pub const SITE_VAR: &str = "NCLOUD_SITE";
/// Profile key of the site, as `NCLOUD_SITE` spells it.
pub const SITE_KEY: &str = "ncloud_site";
/// The variable holding a gateway base URL, as NCP's Go SDK names it.
pub const API_GW_VAR: &str = "NCLOUD_API_GW";
/// Profile key of a gateway base URL, as the NCP CLI writes it.
pub const API_URL_KEY: &str = "ncloud_api_url";
