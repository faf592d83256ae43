import { randomBytes } from 'node:crypto';

/** Throwaway values for the secrets Strapi refuses to start without (and the view signing secret): fresh for every test CMS. */
export function testSecrets(): Record<string, string> {
  const secret = () => randomBytes(16).toString('hex');
  return {
    APP_KEYS: `${secret()},${secret()}`,
    API_TOKEN_SALT: secret(),
    ADMIN_JWT_SECRET: secret(),
    TRANSFER_TOKEN_SALT: secret(),
    JWT_SECRET: secret(),
    ENCRYPTION_KEY: secret(),
    // shared by the site and the CMS: the site signs viewer ids, the CMS counts only views it signed
    VIEW_SIGNING_SECRET: secret(),
  };
}
