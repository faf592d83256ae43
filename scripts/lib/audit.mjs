// `npm audit --omit=dev` as a step of `npm test`: high and critical advisories in production dependencies fail the
// run unless audit-exceptions.json lists them with a reason. When the advisory service cannot be asked (these
// machines' registry answers 405), the step says so and the run goes on: an audit that did not happen is never "clean".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const FAILING_SEVERITIES = new Set(['high', 'critical']);
export const EXCEPTIONS_FILE = 'audit-exceptions.json';

/** The advisory id a finding is listed under: the GHSA id from its URL, else npm's numeric source. */
function advisoryId(via) {
  const ghsa = typeof via.url === 'string' ? /GHSA-[\w-]+/i.exec(via.url)?.[0] : undefined;
  return ghsa ?? String(via.source ?? via.title ?? 'unknown');
}

/** Reads audit-exceptions.json ({ exceptions: [...] }): every entry names an advisory and a package, gives a reason and a review date. */
export function parseExceptions(text) {
  const entries = JSON.parse(text)?.exceptions;
  if (!Array.isArray(entries)) throw new Error(`${EXCEPTIONS_FILE} must hold an "exceptions" array`);
  entries.forEach((entry, index) => {
    for (const key of ['advisory', 'package', 'reason', 'reviewedOn']) {
      if (typeof entry?.[key] !== 'string' || entry[key].trim() === '') {
        throw new Error(`${EXCEPTIONS_FILE} entry ${index} needs a non-empty "${key}"`);
      }
    }
  });
  return entries;
}

/**
 * Classifies `npm audit --json` output. Returns { ran: false, why } when no audit took place, else
 * { ran: true, findings, excused, unexcused, staleExceptions } over high and critical advisories.
 */
export function classifyAudit(stdout, exceptions) {
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    return { ran: false, why: 'npm audit printed no report' };
  }
  if (
    !report ||
    typeof report !== 'object' ||
    typeof report.vulnerabilities !== 'object' ||
    report.vulnerabilities === null
  ) {
    const message = String(report?.message ?? report?.error?.summary ?? 'no report').split('\n')[0];
    const status = report?.statusCode && !message.startsWith(String(report.statusCode)) ? `${report.statusCode} ` : '';
    return { ran: false, why: `the advisory service did not answer (${status}${message})` };
  }
  const findings = [];
  for (const vulnerability of Object.values(report.vulnerabilities)) {
    for (const via of vulnerability.via ?? []) {
      // string entries say "vulnerable through that package": its own advisory is counted there
      if (typeof via !== 'object' || !FAILING_SEVERITIES.has(via.severity)) continue;
      findings.push({
        package: via.name ?? vulnerability.name,
        advisory: advisoryId(via),
        severity: via.severity,
        title: via.title ?? '',
        range: via.range ?? '',
      });
    }
  }
  const unique = [...new Map(findings.map((finding) => [`${finding.package} ${finding.advisory}`, finding])).values()];
  const listed = (finding) =>
    exceptions.some(
      (entry) => entry.package === finding.package && entry.advisory.toLowerCase() === finding.advisory.toLowerCase(),
    );
  const excused = unique.filter(listed);
  const unexcused = unique.filter((finding) => !listed(finding));
  const staleExceptions = exceptions.filter(
    (entry) =>
      !unique.some(
        (finding) =>
          finding.package === entry.package && finding.advisory.toLowerCase() === entry.advisory.toLowerCase(),
      ),
  );
  return { ran: true, findings: unique, excused, unexcused, staleExceptions };
}

/** Runs the audit in `root`; returns { status: 'passed' | 'failed' | 'not-run', lines } for the test summary. */
export function runAudit(root, env, { timeoutMs = 90_000 } = {}) {
  const file = path.join(root, EXCEPTIONS_FILE);
  let exceptions;
  try {
    exceptions = existsSync(file) ? parseExceptions(readFileSync(file, 'utf8')) : [];
  } catch (error) {
    return { status: 'failed', lines: [`${EXCEPTIONS_FILE} is not valid: ${error.message}`] };
  }
  const result = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) {
    const why = result.error.code === 'ETIMEDOUT' ? `no answer within ${timeoutMs / 1000} s` : result.error.message;
    return {
      status: 'not-run',
      lines: [`npm audit NOT RUN: ${why}; this run says nothing about known vulnerabilities`],
    };
  }
  const outcome = classifyAudit(result.stdout, exceptions);
  if (!outcome.ran)
    return {
      status: 'not-run',
      lines: [`npm audit NOT RUN: ${outcome.why}; this run says nothing about known vulnerabilities`],
    };
  const describe = (finding) =>
    `${finding.severity} ${finding.package} ${finding.range} ${finding.advisory}: ${finding.title}`;
  const lines = [];
  for (const finding of outcome.unexcused) lines.push(`npm audit: ${describe(finding)} (not in ${EXCEPTIONS_FILE})`);
  for (const finding of outcome.excused) lines.push(`npm audit: excused by ${EXCEPTIONS_FILE}: ${describe(finding)}`);
  for (const entry of outcome.staleExceptions)
    lines.push(
      `npm audit: ${EXCEPTIONS_FILE} lists ${entry.package} ${entry.advisory}, which no longer applies: remove it`,
    );
  const count = outcome.unexcused.length;
  lines.push(
    count === 0
      ? `npm audit ran: no high or critical advisory in production dependencies${outcome.excused.length ? ` beyond ${outcome.excused.length} excused` : ''}`
      : `npm audit ran: ${count} high or critical advisor${count === 1 ? 'y' : 'ies'} not excused`,
  );
  return { status: count === 0 ? 'passed' : 'failed', lines };
}
