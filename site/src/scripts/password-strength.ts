// The password strength estimate (zxcvbn-ts with its common and English dictionaries). Loaded with dynamic
// import() by account-forms.ts, so only pages where a new password is typed ever download it.

import type { ZxcvbnResult } from '@zxcvbn-ts/core';

export interface StrengthEstimate {
  /** 0 (guessed at once) .. 4 (very hard to guess). */
  score: 0 | 1 | 2 | 3 | 4;
  /** What the meter says, advice included. */
  text: string;
}

const LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;

type Check = (password: string, userInputs: string[]) => ZxcvbnResult;
let estimator: Promise<Check> | undefined;

export function loadStrengthEstimator(): Promise<Check> {
  estimator ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]).then(([core, common, en]) => {
    const zxcvbn = new core.ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
      useLevenshteinDistance: true,
    });
    return (password: string, userInputs: string[]) => zxcvbn.check(password, userInputs);
  });
  return estimator;
}

/** The meter's reading; the username and email count as known words, so a password built on them scores low. */
export async function estimateStrength(password: string, personal: string[]): Promise<StrengthEstimate> {
  const check = await loadStrengthEstimator();
  const inputs = personal.flatMap((value) => [value, value.split('@')[0] ?? '']).filter((value) => value.length >= 3);
  const result = check(password, inputs);
  const score = result.score as StrengthEstimate['score'];
  const advice = result.feedback.warning || result.feedback.suggestions[0] || '';
  const text = `Strength: ${LABELS[score]}.${score < 3 && advice ? ` ${advice}` : ''}`;
  return { score, text };
}
