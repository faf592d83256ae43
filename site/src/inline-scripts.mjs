// The site's only inline script that runs (everything else is bundled and hashed by Astro). It lives here so the
// component that prints it and the CSP in astro.config.mjs use the very same text: its hash is in script-src.
import { createHash } from 'node:crypto';

/** Folds the search filter panel right after it is parsed on phones (before the first paint, so nothing jumps). */
export const FOLD_FILTERS_ON_PHONES =
  "(function(){var s=document.currentScript,f=s&&s.previousElementSibling,p=f&&f.querySelector('details[open]');if(p&&window.matchMedia('(max-width: 59.99rem)').matches)p.removeAttribute('open');})();";

/** @param {string} text @returns {`sha256-${string}`} the CSP source for an inline script with exactly this text */
export function inlineScriptHash(text) {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}
