// The lint checks `npm test` and `npm run lint` run: ESLint (rules) and Prettier (layout), over the whole tree.
import path from 'node:path';
import { root } from './env.mjs';

/** Each check as { name, command, args, cwd }; `fix` rewrites what the tools can fix instead of failing on it. */
export function lintChecks({ fix = false } = {}) {
  const bin = (name) => path.join(root, 'node_modules', '.bin', name);
  return [
    { name: 'Lint: ESLint', command: bin('eslint'), args: fix ? ['--fix', '.'] : ['--max-warnings=0', '.'], cwd: root },
    {
      name: 'Lint: Prettier',
      command: bin('prettier'),
      args: [fix ? '--write' : '--check', '--log-level=warn', '.'],
      cwd: root,
    },
  ];
}
