import admin from './admin';
import mediaGateway from './media-gateway';

// no content-api router: the plugin's only public routes are the media gateway's, outside /api
export default { admin, media: mediaGateway };
