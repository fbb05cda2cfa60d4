//! `ncloud configure`: writes a profile of `~/.ncloud/configure` (the NCP CLI's file and key
//! names) without ever echoing or printing a secret; `ncloud configure list` shows the profiles.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ncloud_core::__private::{ProfileFile, read_profile_file, update_profile};
use ncloud_core::credentials::ProfileFileProvider;
use ncloud_core::settings::{ACCESS_KEY_KEY, API_KEY_KEY, API_URL_KEY, SECRET_KEY_KEY, SITE_KEY};
use ncloud_core::{ErrorChain, Site};
use serde::Serialize;

use crate::cli::{ConfigureCommand, GlobalArgs};
use crate::error::CliError;
use crate::input::{self, Source};
use crate::render::{Output, Renderer, TableRow};

pub(crate) async fn run(
    global: &GlobalArgs,
    command: Option<&ConfigureCommand>,
    out: impl Write,
) -> Result<(), CliError> {
    if global.demo() || global.endpoint.is_some() || global.site.is_some() {
        return Err(CliError::usage(
            "`ncloud configure` edits your own profile file: --demo, --endpoint and --site do not \
             apply (the site is asked for)",
        ));
    }
    let mut provider = ProfileFileProvider::new();
    if let Some(profile) = &global.profile {
        provider = provider.profile(profile);
    }
    let path = provider.file_path().ok_or_else(|| {
        CliError::usage("no home directory (HOME is not set): cannot find ~/.ncloud/configure")
    })?;
    let file = provider
        .read_file()
        .map_err(|e| CliError::configuration(ErrorChain(&e)))?;
    match command {
        Some(ConfigureCommand::List) => list(&path, file.as_ref(), out),
        None => {
            let profile = provider
                .profile_name()
                .map_err(|e| CliError::configuration(ErrorChain(&e)))?;
            let answers = if std::io::stdin().is_terminal() {
                eprintln!("Profile [{profile}] of {}", path.display());
                Answers::Terminal
            } else {
                let text = input::read_text(Source::Stdin, "answers", input::ANSWERS_LIMIT).await?;
                let lines: Vec<String> = text.lines().map(str::to_owned).collect();
                Answers::Lines(lines.into_iter())
            };
            write_profile(&path, file.as_ref(), &profile, answers, out)
        }
    }
}

/// One profile as `configure list` shows it: no secret, the access key masked.
#[derive(Serialize)]
struct ProfileRow {
    profile: String,
    access_key: String,
    site: String,
    api_key: &'static str,
}

impl TableRow for ProfileRow {
    const HEADERS: &'static [&'static str] = &["PROFILE", "ACCESS KEY", "SITE", "API KEY"];

    fn cells(&self) -> Vec<String> {
        vec![
            self.profile.clone(),
            self.access_key.clone(),
            self.site.clone(),
            self.api_key.to_owned(),
        ]
    }
}

fn list(path: &Path, file: Option<&ProfileFile>, out: impl Write) -> Result<(), CliError> {
    let Some(file) = file.filter(|f| f.profile_names().next().is_some()) else {
        return Err(CliError::configuration(format!(
            "{} has no profile: `ncloud configure` writes one",
            path.display()
        )));
    };
    let mut renderer = Renderer::new(out, Output::Table);
    for name in file.profile_names() {
        let get = |key| file.get(name, key);
        renderer.item(&ProfileRow {
            profile: name.to_owned(),
            access_key: get(ACCESS_KEY_KEY).map_or_else(|| "-".to_owned(), mask),
            site: site_of(get(SITE_KEY), get(API_URL_KEY)),
            api_key: if get(API_KEY_KEY).is_some() {
                "set"
            } else {
                "not set"
            },
        })?;
    }
    renderer.finish::<ProfileRow>()?;
    Ok(())
}

/// The first and last 4 characters, the rest hidden; short keys are hidden whole.
fn mask(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len().max(4));
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 8))
}

fn site_of(site: Option<&str>, url: Option<&str>) -> String {
    match (site, url) {
        (Some(site), _) => site.to_owned(),
        (None, Some(url)) => match Site::of_gateway_url(url) {
            Some((site, _)) => site.to_string(),
            None => format!("gateway {url}"),
        },
        (None, None) => "public (default)".to_owned(),
    }
}

/// Where the answers come from: the terminal (secrets without echo) or the lines of stdin.
enum Answers {
    Terminal,
    Lines(std::vec::IntoIter<String>),
}

impl Answers {
    /// The answer to `question`: `None` to keep the current value.
    fn ask(
        &mut self,
        question: &str,
        current: &str,
        secret: bool,
    ) -> Result<Option<String>, CliError> {
        let prompt = format!("{question} [{current}]: ");
        let answer = match self {
            Self::Terminal if secret => rpassword::prompt_password(&prompt)
                .map_err(|e| CliError::usage(format!("cannot read from the terminal: {e}")))?,
            Self::Terminal => {
                eprint!("{prompt}");
                let mut line = String::new();
                std::io::stdin()
                    .read_line(&mut line)
                    .map_err(|e| CliError::usage(format!("cannot read stdin: {e}")))?;
                line
            }
            Self::Lines(lines) => match lines.next() {
                None => return Ok(None),
                Some(line) => line,
            },
        };
        let answer = answer.trim();
        if answer.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(CliError::usage(format!(
                "{question}: spaces and control characters are not allowed"
            )));
        }
        Ok((!answer.is_empty()).then(|| answer.to_owned()))
    }
}

fn write_profile(
    path: &Path,
    file: Option<&ProfileFile>,
    profile: &str,
    mut answers: Answers,
    mut out: impl Write,
) -> Result<(), CliError> {
    let current = |key| file.and_then(|f| f.get(profile, key));
    let shown = |key, secret: bool| match current(key) {
        Some(_) if secret => "********".to_owned(),
        Some(value) => mask(value),
        None => "none".to_owned(),
    };
    let access = answers.ask("Access key ID", &shown(ACCESS_KEY_KEY, false), false)?;
    let secret = answers.ask("Secret access key", &shown(SECRET_KEY_KEY, true), true)?;
    let api_key = answers.ask(
        "API Gateway API key (CLOVA NSML)",
        &shown(API_KEY_KEY, true),
        true,
    )?;
    let site = answers
        .ask(
            "Site (public, gov, fin)",
            current(SITE_KEY).unwrap_or("public"),
            false,
        )?
        .map(|s| {
            s.parse::<Site>()
                .map_err(|e| CliError::usage(e.to_string()))
        })
        .transpose()?;
    for (key, answer) in [(ACCESS_KEY_KEY, &access), (SECRET_KEY_KEY, &secret)] {
        if answer.is_none() && current(key).is_none() {
            return Err(CliError::usage(format!(
                "profile [{profile}] needs `{key}`: no value was given"
            )));
        }
    }
    let mut values: Vec<(&str, String)> = [
        (ACCESS_KEY_KEY, access),
        (SECRET_KEY_KEY, secret),
        (API_KEY_KEY, api_key),
    ]
    .into_iter()
    .filter_map(|(key, value)| Some((key, value?)))
    .collect();
    if let Some(site) = site {
        values.push((SITE_KEY, site.name().to_owned()));
        // The NCP CLI's own key for the same thing must not contradict it.
        if current(API_URL_KEY)
            .and_then(Site::of_gateway_url)
            .is_some_and(|(s, _)| s != site)
        {
            values.push((API_URL_KEY, site.gateway_url("ncloud")));
        }
    }
    let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    update_locked(path, |before| {
        update_profile(before, profile, &pairs).map_err(|e| CliError::configuration(ErrorChain(&e)))
    })?;
    let access_key = values
        .iter()
        .find(|(k, _)| *k == ACCESS_KEY_KEY)
        .map(|(_, v)| v.as_str())
        .or(current(ACCESS_KEY_KEY))
        .map_or_else(String::new, mask);
    writeln!(
        out,
        "Saved profile [{profile}] in {} (access key {access_key})",
        path.display()
    )?;
    Ok(())
}

/// How long `configure` waits for another one to finish writing the file (each holds the lock
/// for the few milliseconds of a read and a rename).
const LOCK_WAIT: Duration = Duration::from_secs(10);

/// Replaces the profile file with `edit` of its current text, under an advisory lock on a sibling
/// `<file>.lock`, so that concurrent `ncloud configure` runs each see the others' profiles: the
/// read, the edit and the rename happen while no other run can do the same. The file is replaced
/// at once (a temporary file renamed over it), readable by its owner only; a symbolic link is
/// followed, so a linked file is updated where it lives.
fn update_locked(
    path: &Path,
    edit: impl FnOnce(&str) -> Result<String, CliError>,
) -> Result<(), CliError> {
    let io_error = |what: &str, e: std::io::Error| {
        CliError::configuration(format!("cannot {what} {}: {e}", path.display()))
    };
    let target: PathBuf = match std::fs::canonicalize(path) {
        Ok(real) => real,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => path.to_path_buf(),
        Err(e) => return Err(io_error("read", e)),
    };
    let (Some(dir), Some(name)) = (target.parent(), target.file_name()) else {
        return Err(io_error("write", std::io::Error::other("not a file path")));
    };
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| io_error("write", e))?;

    let mut lock_name = name.to_owned();
    lock_name.push(".lock");
    locked(&dir.join(lock_name), || {
        let before = read_profile_file(&target)
            .map_err(|e| io_error("read", e))?
            .unwrap_or_default();
        let after = edit(&before)?;
        // tempfile creates the file with mode 0600 on Unix.
        let write = || -> std::io::Result<()> {
            let mut temporary = tempfile::NamedTempFile::new_in(dir)?;
            temporary.write_all(after.as_bytes())?;
            temporary.as_file().sync_all()?;
            temporary.persist(&target).map_err(|e| e.error)?;
            Ok(())
        };
        write().map_err(|e| io_error("write", e))
    })
}

/// Runs `work` holding the exclusive advisory lock of `lock_path`, waited for up to [`LOCK_WAIT`].
fn locked<T>(lock_path: &Path, work: impl FnOnce() -> Result<T, CliError>) -> Result<T, CliError> {
    let cannot_lock = |e: std::io::Error| {
        CliError::configuration(format!("cannot lock {}: {e}", lock_path.display()))
    };
    // Never removed: removing it while another run waits on it would let a third run lock a new one.
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path)
        .map_err(cannot_lock)?;
    let mut lock = fd_lock::RwLock::new(file);
    let start = Instant::now();
    loop {
        match lock.try_write() {
            Ok(_guard) => return work(),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock && start.elapsed() < LOCK_WAIT => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                return Err(CliError::configuration(format!(
                    "{} is still locked after {}s: another `ncloud configure` is writing the \
                     profile file",
                    lock_path.display(),
                    LOCK_WAIT.as_secs()
                )));
            }
            Err(e) => return Err(cannot_lock(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_four_characters_each_side() {
        assert_eq!(mask("AKIDEXAMPLE12345678"), "AKID***********5678");
        assert_eq!(mask("short"), "*****");
        assert_eq!(mask("ab"), "****");
        assert_eq!(mask("가나다라마바사아자차"), "가나다라**사아자차");
    }

    #[test]
    fn site_comes_from_ncloud_site_or_the_gateway_url() {
        assert_eq!(site_of(Some("gov"), None), "gov");
        assert_eq!(
            site_of(None, Some("https://fin-ncloud.apigw.fin-ntruss.com")),
            "fin"
        );
        assert_eq!(
            site_of(None, Some("http://127.0.0.1:1")),
            "gateway http://127.0.0.1:1"
        );
        assert_eq!(site_of(None, None), "public (default)");
    }
}
