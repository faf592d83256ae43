/**
 * Production settings: no secret left at its example value, HTTPS addresses, and the proxies in front named. In
 * development the rules do not apply and the check says so.
 */
import { getSettings } from '../utils';
import type { Check } from './types';

/** Strapi's secrets, where its configuration keeps them. */
const SECRETS: Array<[variable: string, configPath: string]> = [
  ['APP_KEYS', 'server.app.keys'],
  ['ADMIN_JWT_SECRET', 'admin.auth.secret'],
  ['API_TOKEN_SALT', 'admin.apiToken.salt'],
  ['TRANSFER_TOKEN_SALT', 'admin.transfer.token.salt'],
  ['ENCRYPTION_KEY', 'admin.secrets.encryptionKey'],
  ['JWT_SECRET', 'plugin::users-permissions.jwtSecret'],
];

/** The example file's placeholder (`change-me`), or too short to be a secret. */
const weak = (value: string) => /change-?me|tobemodified|secret|example/i.test(value) || value.length < 16;

const settings: Check = {
  name: 'settings',
  verifies: 'production settings: no example secrets, HTTPS addresses, trusted proxies named',
  readiness: false,
  async run(strapi) {
    const config = getSettings(strapi);
    if (!config.production)
      return { status: 'skip', detail: 'NODE_ENV is not production: the production rules are checked there' };
    const problems: string[] = [];
    const fixes: string[] = [];
    const weakSecrets = SECRETS.filter(([, configPath]) => {
      const value = strapi.config.get(configPath) as string | string[] | undefined;
      const values = Array.isArray(value) ? value : [value ?? ''];
      return values.some((one) => weak(String(one)));
    }).map(([variable]) => variable);
    if (weakSecrets.length > 0) {
      problems.push(`example or short secrets: ${weakSecrets.join(', ')}`);
      fixes.push(`Set ${weakSecrets.join(', ')} to random values (\`openssl rand -base64 32\`, each its own).`);
    }
    const plain = (
      [
        ['SITE_URL', config.siteUrl],
        ['PUBLIC_URL', config.publicUrl],
      ] as const
    ).filter(([, url]) => !url || !url.startsWith('https://'));
    if (plain.length > 0) {
      problems.push(`not HTTPS: ${plain.map(([name, url]) => `${name}=${url ?? '(unset)'}`).join(', ')}`);
      fixes.push(`Set ${plain.map(([name]) => name).join(' and ')} to the https:// addresses viewers use.`);
    }
    if (!config.trustedProxies.trim()) {
      problems.push('TRUSTED_PROXIES is empty: rate limits and sign-in limits see the proxy, not the viewer');
      fixes.push('Set TRUSTED_PROXIES to the addresses of the site and the load balancer in front of the CMS.');
    }
    if (problems.length === 0) return { status: 'ok', detail: 'secrets set, HTTPS addresses, trusted proxies named' };
    return { status: 'fail', detail: problems.join('; '), fix: fixes.join(' ') };
  },
};

export default settings;
