'use strict';

// Strapi loads the compiled server entry (npm run build -w @framecast/plugin-community).
module.exports = require('./dist/server/src').default;
