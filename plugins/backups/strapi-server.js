'use strict';

// Strapi loads the compiled server entry (npm run build -w @framecast/plugin-backups).
module.exports = require('./dist/server/src').default;
