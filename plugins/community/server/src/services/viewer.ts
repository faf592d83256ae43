/** The signed-in viewer as the accounts plugin resolves it (plugin::accounts.viewers), plus the name others see. */
export type Viewer = { id: number; documentId: string; username: string; email: string; createdAt: string };

/** The name other viewers see: the display name from the viewer's profile, else the username. */
export async function publicName(strapi: { plugin(name: string): { service(name: string): unknown } }, viewer: Viewer): Promise<string> {
  const profiles = strapi.plugin('accounts').service('profiles') as { displayName(userId: number): Promise<string | null> } | undefined;
  return (await profiles?.displayName(viewer.id)) ?? viewer.username;
}
