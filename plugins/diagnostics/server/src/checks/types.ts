/** One diagnostic check: what it verifies, and how to run it against the real part. */
import type { Core } from '@strapi/strapi';
import type { DiagnosticResult, DiagnosticStatus } from '@framecast/contracts';

export type CheckStatus = DiagnosticStatus;

export interface CheckOutcome {
  status: CheckStatus;
  /** What was found, in one line. */
  detail: string;
  /** When it is not ok: what to do, in one or two sentences (the command to run, the variable to set). */
  fix?: string;
}

export interface Check {
  name: string;
  /** What the check proves when it passes. */
  verifies: string;
  /** Part of readiness (GET /api/health/ready): without this part the instance cannot serve. */
  readiness: boolean;
  run(strapi: Core.Strapi): Promise<CheckOutcome>;
}

export type CheckResult = DiagnosticResult;
