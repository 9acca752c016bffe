//! A progress line on stderr for inputs that take more than a second.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

const DELAY: Duration = Duration::from_secs(1);
const INTERVAL: Duration = Duration::from_millis(200);

pub struct Progress {
    label: String,
    total_bytes: u64,
    started: Instant,
    last_drawn: Option<Instant>,
    enabled: bool,
}

impl Progress {
    pub fn new(label: &str, total_bytes: u64) -> Progress {
        Progress {
            label: label.to_string(),
            total_bytes,
            started: Instant::now(),
            last_drawn: None,
            enabled: std::io::stderr().is_terminal(),
        }
    }

    /// Redraws at most five times a second, and only after the first second.
    pub fn update(&mut self, bytes_done: u64) {
        let now = Instant::now();
        if !self.enabled || now - self.started < DELAY {
            return;
        }
        if self.last_drawn.is_some_and(|t| now - t < INTERVAL) {
            return;
        }
        self.last_drawn = Some(now);
        let percent = (bytes_done.min(self.total_bytes) * 100)
            .checked_div(self.total_bytes)
            .unwrap_or(100) as usize;
        let filled = percent / 5;
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r{} [{}{}] {percent:3} % ({} av {} MB)",
            self.label,
            "#".repeat(filled),
            " ".repeat(20 - filled),
            bytes_done / 1_000_000,
            self.total_bytes / 1_000_000
        );
        let _ = err.flush();
    }

    pub fn finish(&mut self) {
        if self.last_drawn.is_some() {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err);
        }
    }
}
