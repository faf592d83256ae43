// The viewer's own profile, email change and account deletion (plugins/accounts), called as the viewer.

import type { ProfileView } from '@framecast/contracts';
import { viewerCall } from './client';
import { CmsUnavailableError } from './errors';

export type { ProfileField, ProfileView as Profile } from '@framecast/contracts';

export interface ProfilePatch {
  displayName?: string;
  bio?: string;
  interests?: string[];
  notifications?: { newVideoEmail?: boolean; replyEmail?: boolean };
  privacy?: { showInFollowers?: boolean };
}

function asProfile(payload: Record<string, unknown>): ProfileView {
  const profile = payload as unknown as Partial<ProfileView>;
  if (typeof profile.username !== 'string' || !profile.completion)
    throw new CmsUnavailableError('invalid-response', '/accounts/profile', { status: 200 });
  return {
    username: profile.username,
    email: profile.email ?? '',
    displayName: profile.displayName ?? null,
    bio: profile.bio ?? null,
    avatar: profile.avatar?.url ? { url: profile.avatar.url } : null,
    interests: Array.isArray(profile.interests) ? profile.interests : [],
    notifications: {
      newVideoEmail: Boolean(profile.notifications?.newVideoEmail),
      replyEmail: Boolean(profile.notifications?.replyEmail),
    },
    privacy: { showInFollowers: Boolean(profile.privacy?.showInFollowers) },
    completion: profile.completion,
  };
}

export async function getProfile(jwt: string): Promise<ProfileView> {
  return asProfile(await viewerCall('/accounts/profile', { method: 'GET', bearer: jwt }));
}

/** 400 with details.fields (displayName, bio, interests) when refused. */
export async function updateProfile(jwt: string, patch: ProfilePatch): Promise<ProfileView> {
  return asProfile(await viewerCall('/accounts/profile', { method: 'PATCH', body: patch, bearer: jwt }));
}

/** 415 when the file is not an image, 413 above 5 MB (details.fields.avatar). */
export async function uploadAvatar(jwt: string, file: Blob, filename: string): Promise<ProfileView> {
  const body = new FormData();
  body.set('avatar', file, filename);
  return asProfile(await viewerCall('/accounts/profile/avatar', { method: 'PUT', body, bearer: jwt }));
}

export async function removeAvatar(jwt: string): Promise<ProfileView> {
  const payload = await viewerCall<Record<string, unknown>>('/accounts/profile/avatar', {
    method: 'DELETE',
    bearer: jwt,
  });
  return 'username' in payload ? asProfile(payload) : getProfile(jwt);
}

/** Mails a link to the new address; nothing changes until it is followed. 400 details.fields.email / password. */
export async function requestEmailChange(
  jwt: string,
  body: { email: string; password: string },
): Promise<{ pendingEmail: string }> {
  return viewerCall('/accounts/email', { method: 'POST', body, bearer: jwt });
}

/** The link from that mail: its token is the credential, so no sign-in is needed. 400 when invalid or expired. */
export async function confirmEmailChange(token: string): Promise<{ email: string }> {
  return viewerCall('/accounts/email/confirm', { method: 'POST', body: { token } });
}

/** 400 details.fields.password for a wrong password. */
export async function deleteAccount(jwt: string, password: string): Promise<void> {
  await viewerCall('/accounts/delete-account', { method: 'POST', body: { password }, bearer: jwt });
}
