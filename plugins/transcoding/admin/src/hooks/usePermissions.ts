import * as React from 'react';
import { useAuth } from '@strapi/strapi/admin';
import { PERMISSIONS } from '../permissions';

export interface TranscodingPermissions {
  isLoading: boolean;
  canUpload: boolean;
  canRead: boolean;
  canRetry: boolean;
}

/**
 * What the signed-in user may do here, read from the admin's loaded permissions and recomputed when they
 * arrive. (`useRBAC` checks once on mount: after a reload straight onto this page it can run before the
 * permissions have loaded and then report "no permissions" for good.) The plugin's actions carry no
 * conditions, and the server checks every request anyway.
 */
export function useTranscodingPermissions(): TranscodingPermissions {
  const isLoading = useAuth('transcoding', (state) => state.isLoading);
  const permissions = useAuth('transcoding', (state) => state.permissions);
  return React.useMemo(() => {
    const has = (action: string) => permissions.some((permission) => permission.action === action);
    const [upload, read, retry] = PERMISSIONS.map((permission) => has(permission.action));
    return { isLoading, canUpload: upload, canRead: read, canRetry: retry };
  }, [isLoading, permissions]);
}
