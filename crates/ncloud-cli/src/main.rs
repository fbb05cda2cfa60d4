//! `ncloud`: NAVER Cloud Platform from the command line. See `ncloud --help`.

mod change;
mod cli;
mod commands;
mod deadline;
mod duration_arg;
mod endpoint;
mod error;
mod exit;
mod input;
mod jq;
mod jq_messages;
mod json_pages;
mod logging;
mod progress;
mod render;
mod resume;
mod text;
mod wait;
mod watchdog;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    logging::init(cli.global.verbose);
    if let Some(limit) = cli.global.timeout {
        watchdog::start(limit);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run_within_deadline(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        // `ncloud ... | head` closes the pipe early: not an error.
        Err(e) if e.output_closed() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            e.failure().code()
        }
    }
}
