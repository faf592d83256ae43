// Premieres (plugins/publishing): an announced video before it starts, the Upcoming shelves, and reminders, read as
// the signed-in viewer (whether they asked to be reminded) or as nobody.

import type { PremiereList, PremiereView, ReminderState } from '@framecast/contracts';
import { resourceCall, viewerCall, type Bearer } from './client';

export type { PremiereView as Premiere } from '@framecast/contracts';

const enc = encodeURIComponent;

/** One announced premiere; CmsNotFoundError when there is none at this slug (or it has started). */
export async function getPremiere(slug: string, bearer: Bearer): Promise<PremiereView> {
  const { data } = await resourceCall<{ data: PremiereView }>(`/publishing/premieres/${enc(slug)}`, 'GET', bearer);
  return data;
}

/** A channel's Upcoming shelf, soonest first. */
export async function channelPremieres(handle: string, bearer: Bearer): Promise<PremiereView[]> {
  const { data } = await resourceCall<Partial<PremiereList>>(
    '/publishing/premieres',
    'GET',
    bearer,
    undefined,
    `creator=${enc(handle)}`,
  );
  return Array.isArray(data) ? data : [];
}

/** The premieres of the channels the viewer follows, soonest first. */
export async function followedPremieres(jwt: string): Promise<PremiereView[]> {
  const { data } = await viewerCall<Partial<PremiereList>>('/publishing/premieres/following', {
    method: 'GET',
    bearer: jwt,
  });
  return Array.isArray(data) ? data : [];
}

export function setReminder(slug: string, remind: boolean, jwt: string): Promise<ReminderState> {
  return resourceCall<ReminderState>(`/publishing/premieres/${enc(slug)}/reminder`, remind ? 'PUT' : 'DELETE', jwt);
}
