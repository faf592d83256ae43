// The npm audit step of `npm test`: which reports fail the run, which pass, and that an audit that did not happen is
// never reported as clean.
import path from 'node:path';

type Finding = { package: string; advisory: string; severity: string };
type Outcome =
  | { ran: false; why: string }
  | {
      ran: true;
      findings: Finding[];
      excused: Finding[];
      unexcused: Finding[];
      staleExceptions: Array<{ package: string }>;
    };
type AuditModule = {
  classifyAudit(stdout: string, exceptions: unknown[]): Outcome;
  parseExceptions(text: string): Array<{ package: string; advisory: string }>;
};

const audit = require(path.resolve(__dirname, '..', '..', 'scripts', 'lib', 'audit.mjs')) as AuditModule;

// the shape npm 11 prints for `npm audit --json` (auditReportVersion 2), trimmed to what the step reads
const report = (vulnerabilities: Record<string, unknown>) =>
  JSON.stringify({ auditReportVersion: 2, vulnerabilities, metadata: {} });
const advisory = (name: string, ghsa: string, severity: string) => ({
  source: 1099999,
  name,
  dependency: name,
  title: `Problem in ${name}`,
  url: `https://github.com/advisories/${ghsa}`,
  severity,
  range: '<1.2.3',
});

describe('the npm audit step', () => {
  it('says the audit did not run when the registry refuses the advisory request (405 here)', () => {
    const refused = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
      body: '',
    });
    const outcome = audit.classifyAudit(refused, []);
    expect(outcome).toEqual({ ran: false, why: expect.stringContaining('405 Method Not Allowed') });
    expect(audit.classifyAudit('', [])).toMatchObject({ ran: false });
  });

  it('passes a report with no high or critical advisory', () => {
    const outcome = audit.classifyAudit(
      report({
        lodash: { name: 'lodash', severity: 'moderate', via: [advisory('lodash', 'GHSA-aaaa-bbbb-cccc', 'moderate')] },
      }),
      [],
    );
    expect(outcome).toMatchObject({ ran: true, unexcused: [], excused: [] });
  });

  it('fails on a high or critical advisory, counted once at its own package and not again at what depends on it', () => {
    const outcome = audit.classifyAudit(
      report({
        'bad-lib': {
          name: 'bad-lib',
          severity: 'critical',
          via: [advisory('bad-lib', 'GHSA-1111-2222-3333', 'critical')],
        },
        'uses-bad-lib': { name: 'uses-bad-lib', severity: 'critical', via: ['bad-lib'] },
      }),
      [],
    );
    expect(outcome.ran && outcome.unexcused).toEqual([
      expect.objectContaining({ package: 'bad-lib', advisory: 'GHSA-1111-2222-3333', severity: 'critical' }),
    ]);
  });

  it('lets a finding pass only when the reviewed file lists that advisory for that package, and names stale entries', () => {
    const exceptions = audit.parseExceptions(
      JSON.stringify({
        exceptions: [
          {
            package: 'bad-lib',
            advisory: 'GHSA-1111-2222-3333',
            reason: 'only reached from the admin build',
            reviewedOn: '2026-12-02',
          },
          { package: 'other-lib', advisory: 'GHSA-1111-2222-3333', reason: 'wrong package', reviewedOn: '2026-12-02' },
          { package: 'gone-lib', advisory: 'GHSA-9999-9999-9999', reason: 'fixed since', reviewedOn: '2026-12-02' },
        ],
      }),
    );
    const outcome = audit.classifyAudit(
      report({
        'bad-lib': { name: 'bad-lib', severity: 'high', via: [advisory('bad-lib', 'GHSA-1111-2222-3333', 'high')] },
        'also-bad': { name: 'also-bad', severity: 'high', via: [advisory('also-bad', 'GHSA-4444-5555-6666', 'high')] },
      }),
      exceptions,
    );
    if (!outcome.ran) throw new Error('expected the audit to have run');
    expect(outcome.excused.map((finding) => finding.package)).toEqual(['bad-lib']);
    expect(outcome.unexcused.map((finding) => finding.package)).toEqual(['also-bad']);
    expect(outcome.staleExceptions.map((entry) => entry.package).sort()).toEqual(['gone-lib', 'other-lib']);
  });

  it('refuses an exception without a reason', () => {
    expect(() =>
      audit.parseExceptions(
        JSON.stringify({ exceptions: [{ package: 'x', advisory: 'GHSA-1', reviewedOn: '2026-12-02' }] }),
      ),
    ).toThrow(/reason/);
  });

  it('keeps the reviewed file valid', () => {
    const { readFileSync } = require('node:fs') as typeof import('node:fs');
    expect(() =>
      audit.parseExceptions(readFileSync(path.resolve(__dirname, '..', '..', 'audit-exceptions.json'), 'utf8')),
    ).not.toThrow();
  });
});
