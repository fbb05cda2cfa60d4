//! The input rules the reference states, checked before anything is sent. Each error says the
//! rule, so the caller can fix the value without reading the reference.

use ncloud_core::Error;

use crate::ServerUseType;

/// The smallest NAS volume a project can have, in GB.
pub const MIN_NAS_VOLUME_GB: u32 = 500;
/// The largest NAS volume a project can have, in GB.
pub const MAX_NAS_VOLUME_GB: u32 = 5_000;
/// NAS volume sizes go in steps of this many GB.
pub const NAS_VOLUME_STEP_GB: u32 = 100;
/// The key types an SSH public key may start with.
pub const SSH_KEY_TYPES: [&str; 5] = [
    "ssh-rsa",
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
];
/// What a Container Registry private endpoint ends with.
pub const PRIVATE_ENDPOINT_SUFFIX: &str = "private-ncr.ntruss.com";

fn invalid(message: String) -> Result<(), Error> {
    Err(Error::configuration(message))
}

/// A project name or an SSH key title: letters, digits and `-`, starting with a letter, no `--`.
pub(crate) fn name(what: &str, value: &str) -> Result<(), Error> {
    let rule = "letters, digits and '-' only, starting with a letter, without '--'";
    if value.is_empty() {
        return invalid(format!("the {what} is empty: use {rule}"));
    }
    if !value.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return invalid(format!(
            "invalid {what} {value:?}: it must start with a letter ({rule})"
        ));
    }
    if let Some(bad) = value
        .chars()
        .find(|c| !c.is_ascii_alphanumeric() && *c != '-')
    {
        return invalid(format!(
            "invalid {what} {value:?}: {bad:?} is not allowed ({rule})"
        ));
    }
    if value.contains("--") {
        return invalid(format!(
            "invalid {what} {value:?}: '-' cannot repeat ({rule})"
        ));
    }
    Ok(())
}

/// A NAS volume size: 500 to 5,000 GB in steps of 100.
pub(crate) fn nas_volume_size(gb: u32) -> Result<(), Error> {
    if (MIN_NAS_VOLUME_GB..=MAX_NAS_VOLUME_GB).contains(&gb)
        && gb.is_multiple_of(NAS_VOLUME_STEP_GB)
    {
        return Ok(());
    }
    invalid(format!(
        "invalid NAS volume size {gb} GB: it must be {MIN_NAS_VOLUME_GB} to {MAX_NAS_VOLUME_GB} GB \
         in steps of {NAS_VOLUME_STEP_GB} (500, 600, ..., 5000)"
    ))
}

/// An SSH public key: one of [`SSH_KEY_TYPES`], a space, then the key data.
pub(crate) fn ssh_public_key(key: &str) -> Result<(), Error> {
    let key = key.trim();
    let types = SSH_KEY_TYPES.join(", ");
    if key.contains("PRIVATE KEY") {
        return invalid(format!(
            "this is a private SSH key: give the public key (the .pub file), which starts with one of {types}"
        ));
    }
    let known = SSH_KEY_TYPES.iter().any(|t| {
        key.strip_prefix(t)
            .and_then(|rest| rest.strip_prefix(' '))
            .is_some_and(|data| !data.trim().is_empty())
    });
    if !known {
        let start: String = key.chars().take(20).collect();
        return invalid(format!(
            "invalid SSH public key starting {start:?}: it must start with one of {types}, then a space and the key"
        ));
    }
    if key.contains('\n') {
        return invalid("give one SSH public key, on one line".to_owned());
    }
    Ok(())
}

/// A Container Registry private endpoint: a host name ending with `.private-ncr.ntruss.com`.
pub(crate) fn private_endpoint(endpoint: &str) -> Result<(), Error> {
    let rule = format!(
        "a host name ending with {PRIVATE_ENDPOINT_SUFFIX}, e.g. name.kr.{PRIVATE_ENDPOINT_SUFFIX}"
    );
    let is_host = !endpoint.is_empty()
        && endpoint
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    let has_label = endpoint
        .strip_suffix(PRIVATE_ENDPOINT_SUFFIX)
        .and_then(|rest| rest.strip_suffix('.'))
        .is_some_and(|label| !label.is_empty());
    if is_host && has_label {
        Ok(())
    } else {
        invalid(format!(
            "invalid registry private endpoint {endpoint:?}: use {rule}"
        ))
    }
}

/// A node count: at least 1.
pub(crate) fn node_count(count: u32) -> Result<(), Error> {
    if count >= 1 {
        Ok(())
    } else {
        invalid("invalid node count 0: a run needs at least 1 node".to_owned())
    }
}

/// The command of a run, against what the server code is for: required on a training server,
/// refused on a notebook server, not checked when the use is not known.
pub(crate) fn command(
    gpu_svr_code: u32,
    use_type: Option<&ServerUseType>,
    command: Option<&str>,
) -> Result<(), Error> {
    let command = command.filter(|c| !c.trim().is_empty());
    match (use_type, command) {
        (Some(ServerUseType::Train), None) => invalid(format!(
            "GPU server code {gpu_svr_code} is a training server (TRAIN): give the command the nodes run"
        )),
        (Some(ServerUseType::Dev), Some(_)) => invalid(format!(
            "GPU server code {gpu_svr_code} is a notebook server (DEV): it takes no command"
        )),
        _ => Ok(()),
    }
}

/// A value that must not be empty (an id, a path, a key).
pub(crate) fn not_empty(what: &str, value: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        invalid(format!("the {what} is empty"))
    } else {
        Ok(())
    }
}

/// A run name: the number the service gave the run.
pub(crate) fn run_name(value: &str) -> Result<(), Error> {
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        invalid(format!(
            "invalid run name {value:?}: run names are the numbers the service gives runs (1, 2, ...)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(result: Result<(), Error>) -> String {
        let error = result.unwrap_err();
        assert!(error.is_configuration(), "{error:?}");
        error.to_string()
    }

    #[test]
    fn names_follow_the_documented_rule() {
        for good in ["project", "p", "my-project-2", "A1-b2", "trailing-"] {
            assert!(name("project name", good).is_ok(), "{good}");
        }
        assert!(message(name("project name", "")).contains("empty"));
        assert!(message(name("project name", "1abc")).contains("start with a letter"));
        assert!(message(name("project name", "-abc")).contains("start with a letter"));
        assert!(message(name("project name", "a--b")).contains("cannot repeat"));
        let underscore = message(name("SSH key title", "my_key"));
        assert!(underscore.contains("'_'") && underscore.contains("SSH key title"));
        assert!(message(name("project name", "한글")).contains("start with a letter"));
        assert!(message(name("project name", "ab c")).contains("' '"));
    }

    #[test]
    fn nas_volume_sizes_are_500_to_5000_in_hundreds() {
        for good in [500, 600, 1_000, 4_900, 5_000] {
            assert!(nas_volume_size(good).is_ok(), "{good}");
        }
        for bad in [0, 400, 499, 550, 5_100, 10_000, u32::MAX] {
            let text = message(nas_volume_size(bad));
            assert!(text.contains("500 to 5000 GB in steps of 100"), "{text}");
        }
    }

    #[test]
    fn ssh_keys_start_with_a_known_type() {
        for good in [
            "ssh-rsa AAAAB3NzaC1yc2E user@host",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI\n",
            "ecdsa-sha2-nistp256 AAAAE2VjZHNh",
            "ecdsa-sha2-nistp521 AAAA",
        ] {
            assert!(ssh_public_key(good).is_ok(), "{good}");
        }
        assert!(message(ssh_public_key("ssh-dss AAAA")).contains("ssh-rsa, ssh-ed25519"));
        assert!(message(ssh_public_key("ssh-rsa")).contains("then a space"));
        assert!(message(ssh_public_key("ssh-rsaAAAA")).contains("then a space"));
        // The reference's spelling "ecdsa-sha-nistp256" is not an OpenSSH key type.
        assert!(ssh_public_key("ecdsa-sha-nistp256 AAAA").is_err());
        let private =
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----";
        let text = message(ssh_public_key(private));
        assert!(
            text.contains("private") && !text.contains("b3Blbn"),
            "{text}"
        );
        assert!(message(ssh_public_key("ssh-rsa AAAA\nssh-rsa BBBB")).contains("one line"));
    }

    #[test]
    fn private_endpoints_are_registry_host_names() {
        assert!(private_endpoint("abcd1234.kr.private-ncr.ntruss.com").is_ok());
        for bad in [
            "",
            "private-ncr.ntruss.com",
            ".private-ncr.ntruss.com",
            "abcdprivate-ncr.ntruss.com",
            "https://r.kr.private-ncr.ntruss.com",
            "r.kr.private-ncr.ntruss.com/path",
            "r.kr.ncr.ntruss.com",
        ] {
            let text = message(private_endpoint(bad));
            assert!(
                text.contains("ending with private-ncr.ntruss.com"),
                "{bad}: {text}"
            );
        }
    }

    #[test]
    fn node_counts_and_commands() {
        assert!(node_count(1).is_ok());
        assert!(message(node_count(0)).contains("at least 1"));
        let train = ServerUseType::Train;
        let dev = ServerUseType::Dev;
        assert!(command(1, Some(&train), Some("python a.py")).is_ok());
        let missing = message(command(7, Some(&train), None));
        assert!(missing.contains("code 7") && missing.contains("give the command"));
        assert!(command(7, Some(&train), Some("  ")).is_err());
        assert!(message(command(2, Some(&dev), Some("python a.py"))).contains("takes no command"));
        assert!(command(2, Some(&dev), None).is_ok());
        assert!(command(3, None, None).is_ok());
        assert!(command(3, Some(&ServerUseType::Unknown("X".into())), None).is_ok());
    }

    #[test]
    fn ids_and_run_names() {
        assert!(not_empty("project id", "p-1").is_ok());
        assert!(message(not_empty("project id", " ")).ends_with("the project id is empty"));
        assert!(run_name("12").is_ok());
        assert!(message(run_name("")).contains("numbers"));
        assert!(message(run_name("run-1")).contains("\"run-1\""));
    }
}
