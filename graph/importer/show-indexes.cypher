// The indexes the database has, with what they cover and whether they are online: a full-text index of the
// model that covers other labels or properties is dropped and created again, and an import waits for
// indexes still being populated.
SHOW INDEXES YIELD name, state, type, labelsOrTypes, properties
RETURN name, state, type, labelsOrTypes, properties
