'use strict';

// Strapi loads the compiled server entry (npm run build -w @framecast/plugin-feedback).
module.exports = require('./dist/server/src').default;
