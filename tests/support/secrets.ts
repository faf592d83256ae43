import { randomBytes } from 'node:crypto';

/** Throwaway values for the secrets Strapi refuses to start without: fresh for every test CMS. */
export function testSecrets(): Record<string, string> {
  const secret = () => randomBytes(16).toString('hex');
  return {
    APP_KEYS: `${secret()},${secret()}`,
    API_TOKEN_SALT: secret(),
    ADMIN_JWT_SECRET: secret(),
    TRANSFER_TOKEN_SALT: secret(),
    JWT_SECRET: secret(),
    ENCRYPTION_KEY: secret(),
  };
}
