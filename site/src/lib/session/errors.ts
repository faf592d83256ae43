/** The session storage (files or Redis) cannot be used: pages that need a session cannot work right now (503). */
export class SessionUnavailableError extends Error {
  override name = 'SessionUnavailableError';
}
