//! The CLI's errors: the core's, plus what only a command line can get wrong (no terminal to
//! ask a password on, conflicting uses of standard input, a refused confirmation).

/// An error of the `lockstep` command.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Anything the core reports.
    #[error(transparent)]
    Core(#[from] lockstep_core::Error),
    /// Input the command could not get or use, as a sentence.
    #[error("{0}")]
    Input(String),
}

impl CliError {
    /// Exit code: 1 when nothing matched (or the camera read nothing in time), 2 for every
    /// other error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Core(lockstep_core::Error::NoMatch(_)) => 1,
            CliError::Core(lockstep_core::Error::CameraTimeout { .. }) => 1,
            _ => 2,
        }
    }
}

/// An input problem.
pub fn input(msg: impl Into<String>) -> CliError {
    CliError::Input(msg.into())
}

/// Result of the CLI.
pub type Result<T, E = CliError> = std::result::Result<T, E>;
