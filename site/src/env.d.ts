/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** Categories for the header navigation, started early by the middleware. */
    navCategories?: Promise<import('./lib/types').Category[]>;
    /** The signed-in viewer, resolved by the middleware (undefined when signed out). */
    viewer?: import('./lib/session/viewer-session').Viewer;
    /** The session's CSRF token when a viewer is signed in (the header's sign-out form carries it). */
    csrfToken?: string;
    /** Set when this request ended the viewer's session (timed out, or the CMS refused its tokens). */
    sessionEnded?: 'expired' | 'revoked';
  }

  interface SessionData {
    auth: import('./lib/session/viewer-session').StoredAuth;
    csrf: string;
    mailNotice: import('./lib/session/viewer-session').MailNotice;
  }
}
