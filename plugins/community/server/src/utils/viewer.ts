import type { Core } from '@strapi/strapi';
import { accountsService } from './other-plugins';

/** The signed-in viewer as the accounts plugin resolves it (plugin::accounts.viewers), plus the name others see. */
export type Viewer = { id: number; documentId: string; username: string; email: string; createdAt: string };

/** The name other viewers see: the display name from the viewer's profile, else the username. */
export async function publicName(strapi: Core.Strapi, viewer: Viewer): Promise<string> {
  const profiles: ReturnType<typeof accountsService<'profiles'>> | undefined = accountsService(strapi, 'profiles');
  return (await profiles?.displayName(viewer.id)) ?? viewer.username;
}
