//! axe-core accessibility scans of the page a [`Browser`] shows.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::{Value, json};

use crate::browser::{Browser, Error};

/// The rule tags scanned: WCAG 2.0/2.1 levels A and AA (what Swedish law
/// requires of public-sector sites) plus axe's best practices.
pub(crate) const TAGS: &[&str] = &["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

/// The result of one scan.
#[derive(Debug, Clone, Default)]
pub struct AxeReport {
    /// The page scanned.
    pub url: String,
    pub violations: Vec<Violation>,
}

/// One failed axe rule with the elements that fail it.
#[derive(Debug, Clone)]
pub struct Violation {
    /// Rule id, e.g. "image-alt".
    pub id: String,
    /// "minor", "moderate", "serious" or "critical".
    pub impact: String,
    pub help: String,
    pub help_url: String,
    /// Each failing element: its CSS target, then its HTML snippet.
    pub nodes: Vec<String>,
}

impl Violation {
    pub fn is_serious(&self) -> bool {
        matches!(self.impact.as_str(), "serious" | "critical")
    }
}

impl AxeReport {
    /// Violations with impact serious or critical.
    pub fn serious(&self) -> Vec<&Violation> {
        self.violations.iter().filter(|v| v.is_serious()).collect()
    }

    /// A readable list of `violations`, one rule per paragraph.
    pub fn describe(violations: &[&Violation]) -> String {
        let mut out = String::new();
        for v in violations {
            let _ = writeln!(
                out,
                "- [{}] {}: {} ({})",
                v.impact, v.id, v.help, v.help_url
            );
            for node in &v.nodes {
                let _ = writeln!(out, "    {node}");
            }
        }
        out
    }
}

/// axe.min.js from e2e/node_modules, read once per test binary.
fn axe_source() -> Result<&'static str, Error> {
    static SOURCE: OnceLock<String> = OnceLock::new();
    if let Some(s) = SOURCE.get() {
        return Ok(s);
    }
    let path: PathBuf = crate::workspace_root().join("e2e/node_modules/axe-core/axe.min.js");
    let text = std::fs::read_to_string(&path).map_err(|_| Error::AxeMissing { path })?;
    Ok(SOURCE.get_or_init(|| text))
}

const RUN_SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { runOnly: arguments[0], resultTypes: ['violations'] })
  .then(r => done({ violations: r.violations.map(v => ({
      id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map(n => n.target.join(' ') + '  ' + n.html) })) }))
  .catch(e => done({ error: String(e && e.stack || e) }));
"#;

impl Browser {
    /// Scans the current page with axe-core (WCAG 2.1 A/AA and best practice).
    pub fn try_axe_scan(&self) -> Result<AxeReport, Error> {
        let source = axe_source()?;
        let present = self.try_execute("return typeof window.axe === 'object'", &[])?;
        if present != Value::Bool(true) {
            self.try_execute(source, &[])?;
        }
        let result = self.try_execute_async(RUN_SCRIPT, &[json!(TAGS)])?;
        if let Some(error) = result.get("error").and_then(Value::as_str) {
            return Err(Error::Axe(error.to_owned()));
        }
        let s = |v: &Value, k: &str| {
            v.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let violations = result
            .get("violations")
            .and_then(Value::as_array)
            .ok_or_else(|| Error::Axe(format!("unexpected result {result}")))?
            .iter()
            .map(|v| Violation {
                id: s(v, "id"),
                impact: s(v, "impact"),
                help: s(v, "help"),
                help_url: s(v, "helpUrl"),
                nodes: v
                    .get("nodes")
                    .and_then(Value::as_array)
                    .map(|n| {
                        n.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect();
        Ok(AxeReport {
            url: self.current_url(),
            violations,
        })
    }

    /// [`try_axe_scan`](Self::try_axe_scan) that panics with the reason when the scan cannot run.
    pub fn axe_scan(&self) -> AxeReport {
        self.try_axe_scan()
            .unwrap_or_else(|e| panic!("axe scan of {}: {e}", self.current_url()))
    }

    /// Panics with a readable list when the current page has serious or
    /// critical axe violations; lesser ones are printed to stderr.
    pub fn assert_accessible(&self, page_name: &str) {
        let report = self.axe_scan();
        let (serious, lesser): (Vec<&Violation>, Vec<&Violation>) =
            report.violations.iter().partition(|v| v.is_serious());
        if !lesser.is_empty() {
            eprintln!(
                "axe: {} minor/moderate finding(s) on {page_name} ({}):\n{}",
                lesser.len(),
                report.url,
                AxeReport::describe(&lesser)
            );
        }
        if !serious.is_empty() {
            panic!(
                "axe: {} serious/critical accessibility violation(s) on {page_name} ({}):\n{}",
                serious.len(),
                report.url,
                AxeReport::describe(&serious)
            );
        }
    }
}
