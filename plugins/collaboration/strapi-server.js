'use strict';

// Strapi loads the compiled server entry (npm run build -w @framecast/plugin-collaboration).
module.exports = require('./dist/server/src').default;
