/**
 * The one wording of a refused plugin setting (each plugin's `config/index.ts` checks its settings with zod at boot):
 * "Invalid <plugin> settings: <field>: <problem>; …", an unknown key as "<key>: no such setting".
 */
export interface SettingsIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
}

export function settingsError(plugin: string, issues: readonly SettingsIssue[]): Error {
  const problems = issues.map((issue) =>
    issue.code === 'unrecognized_keys'
      ? `${(issue.keys ?? []).join(', ')}: no such setting`
      : `${issue.path.map(String).join('.')}: ${issue.message}`,
  );
  return new Error(`Invalid ${plugin} settings: ${problems.join('; ')}`);
}
