//! Process hardening for whatever holds an open vault (the CLI and the app): no core dumps, and on
//! Linux the process is marked not dumpable, which also stops other processes of the same user
//! from attaching with ptrace or reading its memory through /proc (as KeePassXC does).

/// Applies the hardening. Best effort: a system that refuses leaves the process as it was, and
/// the reason is returned for a warning.
pub fn harden() -> std::result::Result<(), String> {
    #[cfg(unix)]
    {
        use rustix::process::{setrlimit, Resource, Rlimit};
        setrlimit(
            Resource::Core,
            Rlimit {
                current: Some(0),
                maximum: Some(0),
            },
        )
        .map_err(|e| format!("cannot turn off core dumps: {e}"))?;
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{set_dumpable_behavior, DumpableBehavior};
        set_dumpable_behavior(DumpableBehavior::NotDumpable)
            .map_err(|e| format!("cannot mark the process not dumpable: {e}"))?;
    }
    Ok(())
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    /// Read back from the kernel, not from our own code: /proc's view of the limit and prctl's.
    #[test]
    fn after_hardening_no_core_is_written_and_the_process_is_not_dumpable() {
        super::harden().unwrap();
        let limits = std::fs::read_to_string("/proc/self/limits").unwrap();
        let core = limits
            .lines()
            .find(|l| l.starts_with("Max core file size"))
            .unwrap();
        assert!(
            core.split_whitespace().filter(|w| *w == "0").count() >= 2,
            "{core}"
        );
        assert_eq!(
            rustix::process::dumpable_behavior().unwrap(),
            rustix::process::DumpableBehavior::NotDumpable
        );
    }
}
