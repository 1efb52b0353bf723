//! Reading the process's resident set size with `sysinfo`.

use sysinfo::{Pid, ProcessRefreshKind, ProcessesToUpdate, System};

/// Minor page faults of this process so far (field 10 of `/proc/self/stat`), where Linux
/// gives them: each is a page the kernel had to find, zero and map on first touch.
pub fn minor_page_faults() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may hold spaces; the fields after it are plain.
    let after_name = &stat[stat.rfind(')')? + 2..];
    after_name.split(' ').nth(7)?.parse().ok()
}

/// Resident memory of this process mapped from files (its binary, its libraries) or shared,
/// in bytes: `RssFile` plus `RssShmem` of `/proc/self/status`, where Linux gives them.
fn file_backed_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib = |field: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(field))?;
        line[field.len()..]
            .trim()
            .strip_suffix("kB")?
            .trim()
            .parse()
            .ok()
    };
    Some((kib("RssFile:")? + kib("RssShmem:")?) * 1024)
}

/// Reads this process's resident set size. Create one and reuse it: the first read sets up
/// `sysinfo`'s bookkeeping, later reads refresh only this process's memory figures.
pub struct RssProbe {
    system: System,
    pid: Pid,
}

impl RssProbe {
    /// A probe for the current process.
    ///
    /// # Panics
    /// If the platform gives no process information (`sysinfo` cannot read RSS there).
    pub fn new() -> RssProbe {
        let pid = sysinfo::get_current_pid()
            .unwrap_or_else(|e| panic!("viewbook cannot find its own process id: {e}"));
        let mut probe = RssProbe {
            system: System::new()
                .unwrap_or_else(|e| panic!("sysinfo cannot read this system: {e}")),
            pid,
        };
        probe.read();
        probe
    }

    /// The current resident set size, in bytes, less the pages mapped from files where the OS
    /// says how many those are (Linux).
    ///
    /// RSS counts the program's own code too: the first time a test runs a function, the
    /// pages of the test binary that hold it are read in, tens or hundreds of KiB of a debug
    /// build, which is no memory the code allocated. So on Linux the file-backed resident
    /// pages (`RssFile` and `RssShmem` of `/proc/self/status`) are taken off sysinfo's figure:
    /// what is left is the anonymous memory, the heap and the stacks.
    pub fn read(&mut self) -> u64 {
        self.system.refresh_processes_specifics(
            ProcessesToUpdate::Some(&[self.pid]),
            false,
            ProcessRefreshKind::nothing().with_memory(),
        );
        let rss = self
            .system
            .process(self.pid)
            .map(|p| p.memory())
            .unwrap_or_else(|| panic!("sysinfo cannot read the memory of process {}", self.pid));
        rss.saturating_sub(file_backed_bytes().unwrap_or(0))
    }
}

impl Default for RssProbe {
    fn default() -> Self {
        RssProbe::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writing_64_mib_shows_up_and_freeing_it_gives_it_back() {
        let _lock = crate::harness::exclusive();
        let mut probe = RssProbe::new();
        let before = probe.read();
        let buffer = std::hint::black_box(vec![1u8; 64 << 20]);
        let held = probe.read();
        drop(buffer);
        let after = probe.read();
        let mib = |b: i64| b as f64 / f64::from(1 << 20);
        let grew = mib(held as i64 - before as i64);
        let kept = mib(after as i64 - before as i64);
        assert!((63.0..66.0).contains(&grew), "grew by {grew:.2} MiB");
        assert!(kept.abs() < 1.0, "kept {kept:.2} MiB after the free");
    }
}
