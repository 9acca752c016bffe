//! Every classified line, as it is read: observers and the per-line CSV export.

use std::io::{self, Write};

use upphandla_core::classify::{Category, Classifier, Rule};
use upphandla_core::ledger::LedgerLine;
use upphandla_core::spend::LineOutcome;

use crate::report::csv::LinesWriter;

/// Sees every valid line of an analysis with how it was classified.
///
/// Each reading thread has its own observer (see [`super::analyze`]); a
/// line is identified by its file and line number, not by arrival order.
pub trait LineObserver {
    fn line(
        &mut self,
        file: &str,
        line: &LedgerLine<'_>,
        outcome: &LineOutcome,
        classifier: &Classifier,
    );
}

/// No observer: the analysis only.
impl LineObserver for () {
    fn line(&mut self, _: &str, _: &LedgerLine<'_>, _: &LineOutcome, _: &Classifier) {}
}

/// An observer that may be absent (e.g. a per-line export only when asked for).
impl<T: LineObserver> LineObserver for Option<T> {
    fn line(
        &mut self,
        file: &str,
        line: &LedgerLine<'_>,
        outcome: &LineOutcome,
        classifier: &Classifier,
    ) {
        if let Some(observer) = self {
            observer.line(file, line, outcome, classifier);
        }
    }
}

/// The category and rule that classified a line: what a drill-down shows
/// and the `--lines` export writes.
#[derive(Debug, Clone, Copy)]
pub struct Classification<'c> {
    pub category: &'c Category,
    pub rule: &'c Rule,
}

impl<'c> Classification<'c> {
    pub fn of(outcome: &LineOutcome, classifier: &'c Classifier) -> Classification<'c> {
        Classification {
            category: classifier.category(outcome.category),
            rule: classifier.rule(outcome.rule),
        }
    }

    /// The rule's kind in Swedish, e.g. `kontointervall`.
    pub fn kind_sv(&self) -> &'static str {
        self.rule.kind.name_sv()
    }
}

/// `kontointervall 4400-4499 (konton.csv:3)`; `oklassificerad (inbyggd)` when no rule matched.
impl std::fmt::Display for Classification<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.kind_sv())?;
        if !self.rule.pattern.is_empty() {
            write!(f, " {}", self.rule.pattern)?;
        }
        write!(f, " ({})", self.rule.origin)
    }
}

/// The per-line CSV export ([`LinesWriter`]) as an observer. Lines arrive
/// in file order only when the analysis reads on one thread.
pub struct LinesExport<W: Write> {
    writer: LinesWriter<W>,
    /// The first write error; later lines are not written.
    error: Option<io::Error>,
}

impl<W: Write> LinesExport<W> {
    /// Writes the header.
    pub fn new(out: W) -> io::Result<LinesExport<W>> {
        Ok(LinesExport {
            writer: LinesWriter::new(out)?,
            error: None,
        })
    }

    /// Flushes, or gives the first error met while writing.
    pub fn finish(self) -> io::Result<W> {
        match self.error {
            Some(error) => Err(error),
            None => self.writer.finish(),
        }
    }
}

impl<W: Write> LineObserver for LinesExport<W> {
    fn line(
        &mut self,
        file: &str,
        line: &LedgerLine<'_>,
        outcome: &LineOutcome,
        classifier: &Classifier,
    ) {
        if self.error.is_none()
            && let Err(e) = self.writer.write(file, line, outcome, classifier)
        {
            self.error = Some(e);
        }
    }
}
