// Becoming a creator (plugins/onboarding): the signed-in viewer's application, read and sent as the viewer.

import type { CreatorApplicationView } from '@framecast/contracts';
import { viewerCall } from './client';

export type { CreatorApplicationView as CreatorApplication } from '@framecast/contracts';
export { APPLICATION_LIMITS } from '@framecast/contracts';

export async function myCreatorApplication(jwt: string): Promise<CreatorApplicationView | null> {
  const { data } = await viewerCall<{ data?: CreatorApplicationView | null }>('/onboarding/application', {
    method: 'GET',
    bearer: jwt,
  });
  return data ?? null;
}

export async function applyAsCreator(
  jwt: string,
  input: { handle: string; displayName: string; about: string; links: string[] },
): Promise<CreatorApplicationView> {
  const { data } = await viewerCall<{ data: CreatorApplicationView }>('/onboarding/application', {
    method: 'POST',
    bearer: jwt,
    body: input,
  });
  return data;
}
