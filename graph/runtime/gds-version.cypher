// The Graph Data Science plugin's version, which /ready reports (analytics need it). Also run once when the
// class-data archive is recorded, so that the plugin's classes are in it.
RETURN gds.version() AS version
