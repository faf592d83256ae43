/** The plugin's id: the admin route (`/plugins/transcoding`), the translation prefix and the API prefix. */
export const PLUGIN_ID = 'transcoding';
