/**
 * What the diagnostics plugin answers the admin's Diagnostics page and `npm run diagnose --json`: one run of the
 * checks, each with what it verifies, what it found and, when it is not ok, the fix.
 */
export type DiagnosticStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface DiagnosticResult {
  name: string;
  /** What the check proves when it passes. */
  verifies: string;
  status: DiagnosticStatus;
  /** What was found, in one line. */
  detail: string;
  /** When it is not ok: what to do, in one or two sentences (the command to run, the variable to set). */
  fix?: string;
  /** Time the check took. */
  ms: number;
}

export interface DiagnosticsRun {
  startedAt: string;
  ms: number;
  /** The worst status among the checks that ran (skip counts as ok). */
  status: Exclude<DiagnosticStatus, 'skip'>;
  /** Who asked: an admin's name, or `npm run diagnose`. */
  by?: string;
  results: DiagnosticResult[];
}

/** A run under way, as the admin's page shows it while it waits. */
export interface DiagnosticsRunning {
  startedAt: string;
  by: string;
  checks: string[];
}

/** One check as the admin's page lists it before any run. */
export interface DiagnosticCheckInfo {
  name: string;
  verifies: string;
  /** Part of readiness (GET /api/health/ready). */
  readiness: boolean;
}
