//! The command that continues a failed listing: the user's own command line with the paging
//! options replaced, so that following the hint lists exactly the items that are missing.

/// Options rewritten by the resume command (each takes a value).
const PAGING_OPTIONS: [&str; 3] = ["--page", "--page-size", "--limit"];

/// Where a listing continues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ResumeAt {
    pub(crate) page: u64,
    pub(crate) page_size: u32,
    /// Items still to print under `--limit`.
    pub(crate) limit: Option<u64>,
}

/// This process's command line continued at `at`, quoted for a POSIX shell.
pub(crate) fn resume_command(at: ResumeAt) -> String {
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    command_line(&args, at)
}

/// `ncloud args...` without any paging option, then `--page`, `--page-size` (always: a page number
/// means nothing without its size) and `--limit` when one applies.
fn command_line(args: &[String], at: ResumeAt) -> String {
    let mut words = vec!["ncloud".to_owned()];
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if PAGING_OPTIONS.contains(&arg.as_str()) {
            args.next();
        } else if !PAGING_OPTIONS
            .iter()
            .any(|o| arg.strip_prefix(o).is_some_and(|v| v.starts_with('=')))
        {
            words.push(arg.clone());
        }
    }
    words.extend(["--page".into(), at.page.to_string()]);
    words.extend(["--page-size".into(), at.page_size.to_string()]);
    if let Some(limit) = at.limit {
        words.extend(["--limit".into(), limit.to_string()]);
    }
    // Quoting fails only on a NUL byte, which no argument can hold.
    shlex::try_join(words.iter().map(String::as_str)).unwrap_or_else(|_| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(args: &str, at: ResumeAt) -> String {
        let args: Vec<String> = args.split_whitespace().map(str::to_owned).collect();
        command_line(&args, at)
    }

    const AT_3: ResumeAt = ResumeAt {
        page: 3,
        page_size: 10,
        limit: None,
    };

    #[test]
    fn keeps_every_option_but_paging_and_adds_page_and_size() {
        assert_eq!(
            line("--profile dev mi workspaces -o json", AT_3),
            "ncloud --profile dev mi workspaces -o json --page 3 --page-size 10"
        );
        assert_eq!(
            line(
                "--endpoint http://127.0.0.1:1 nsml projects --page 2 --page-size=10 --limit=50 --concurrency 8",
                ResumeAt {
                    limit: Some(30),
                    ..AT_3
                }
            ),
            "ncloud --endpoint http://127.0.0.1:1 nsml projects --concurrency 8 --page 3 --page-size 10 --limit 30"
        );
        // --pages, --page-sizes: not paging options of ours, kept.
        assert_eq!(
            line("x --pages=1", AT_3),
            "ncloud x '--pages=1' --page 3 --page-size 10"
        );
    }

    #[test]
    fn quotes_for_the_shell() {
        let args = [
            "api".to_owned(),
            "GET".to_owned(),
            "/a?x=1&y=it's".to_owned(),
            "--paginate".to_owned(),
        ];
        let command = command_line(&args, AT_3);
        assert_eq!(
            shlex::split(&command).unwrap(),
            [
                "ncloud",
                "api",
                "GET",
                "/a?x=1&y=it's",
                "--paginate",
                "--page",
                "3",
                "--page-size",
                "10"
            ]
        );
    }
}
