/** The plugin's admin permissions (registered by the server's bootstrap). hooks/usePermissions names them canUpload, canRead, canRetry. */
export const PERMISSIONS = [
  { action: 'plugin::transcoding.upload', subject: null },
  { action: 'plugin::transcoding.queue.read', subject: null },
  { action: 'plugin::transcoding.queue.retry', subject: null },
];

/** The menu link shows for anyone who may upload or see the queue. */
export const MENU_PERMISSIONS = PERMISSIONS.slice(0, 2);
