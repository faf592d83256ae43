'use strict';

// Strapi loads the compiled server entry (npm run build -w @framecast/plugin-moderation).
module.exports = require('./dist/server/src').default;
