/**
 * Becoming a creator (plugins/onboarding): a signed-in viewer with a confirmed address applies; moderators approve or
 * decline. The site and the admin page read these shapes.
 */
export const APPLICATION_LIMITS = {
  displayName: { min: 2, max: 60 },
  about: { min: 20, max: 1000 },
  links: 3,
  reason: 1000,
} as const;

/** A channel handle: 3-40 lowercase letters, digits and inner dashes (the creator type's own rule). */
export const HANDLE_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/;

export type ApplicationState = 'pending' | 'approved' | 'declined';

export interface CreatorApplicationView {
  id: number;
  handle: string;
  displayName: string;
  about: string;
  links: string[];
  state: ApplicationState;
  /** why it was declined (shown to the applicant) */
  reason: string | null;
  createdAt: string;
  decidedAt: string | null;
}

/** What moderators see: the application and who sent it. */
export interface CreatorApplicationReview extends CreatorApplicationView {
  applicant: { username: string; email: string; memberSince: string } | null;
  decidedBy: string | null;
}

/** One of a new creator's first steps on the admin home page; `href` is an admin path. */
export interface CreatorChecklistStep {
  key: 'profile' | 'avatar' | 'upload' | 'publish' | 'captions';
  label: string;
  done: boolean;
  href: string;
}

export interface CreatorChecklist {
  steps: CreatorChecklistStep[];
  done: number;
  complete: boolean;
}

/** The help center's guide each admin page links to from its help icon (site/src/content/help; checked there). */
export const ADMIN_HELP_GUIDES = {
  upload: '/help/creators/uploading-and-formats',
  queue: '/help/creators/processing-states',
  analytics: '/help/creators/analytics',
  review: '/help/moderators/review-queue',
} as const;
export type AdminHelpGuide = keyof typeof ADMIN_HELP_GUIDES;

/** GET /onboarding/help: the guides' addresses on the site, or null when the CMS does not know the site's address. */
export type AdminHelpLinks = Record<AdminHelpGuide, string> | null;
