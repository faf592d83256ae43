// The site's one client for the Strapi REST API, by resource. Pages import from here (`lib/cms`), never call fetch.
//   client.ts      the one fetch wrapper: base URL, timeouts, cache with stale fallback, account calls, health
//   errors.ts      typed failures pages map to a status and a message
//   videos.ts, categories.ts, creators.ts, playlists.ts   the catalog
//   discovery.ts   search, suggestions, related videos, view counting, "You might like"
//   accounts.ts    register, sign in, tokens, confirmation, password reset and change
//   profile.ts     the viewer's profile, email change, account deletion
//   library.ts     collections, Watch later, history
//   community.ts   follows, comments, ratings, notifications, the Following feed
//   forums.ts      boards, topics and their posts (the forum, and creators' Community tabs)
//   premieres.ts   announced videos before they start, Upcoming shelves, reminders
//   onboarding.ts  a viewer's application to become a creator
//   feedback.ts    "Send feedback" from any page, as the viewer or as nobody
//   analytics.ts   the player's playback beacons

export {
  CmsError,
  CmsNotFoundError,
  CmsRequestError,
  CmsUnavailableError,
  isCmsError,
  type UnavailableReason,
} from './errors';
export {
  MAX_PAGE_SIZE,
  accountCall,
  checkCmsHealth,
  checkCmsReadiness,
  resetCmsClientForTests,
  type AccountAnswer,
  type AccountCall,
  type ListOptions,
} from './client';
export * from './videos';
export * from './categories';
export * from './creators';
export * from './playlists';
export * from './discovery';
export * from './accounts';
export * from './profile';
export * from './library';
export * from './community';
export * from './forums';
export * from './premieres';
export * from './onboarding';
export * from './feedback';
export * from './analytics';
