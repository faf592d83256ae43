/** Limits the CMS and the site agree on for catalog listings. */
export const catalog = {
  /** Items per page in public lists (the REST defaultLimit). */
  pageSize: 24,
  /** The most a client may ask for in one page (the REST maxLimit). */
  maxPageSize: 100,
} as const;
