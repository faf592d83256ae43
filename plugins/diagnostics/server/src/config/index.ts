/** The plugin has no settings of its own (the health probe reads the database and the search engine's state). */
export default { default: {}, validator() {} };
