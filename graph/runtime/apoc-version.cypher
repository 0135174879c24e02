// The APOC core plugin's version, which /ready reports (the generated API calls APOC functions). Also run
// once when the class-data archive is recorded, so that the plugin's classes are in it.
RETURN apoc.version() AS version
