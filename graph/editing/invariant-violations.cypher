// How many records break one invariant of graph/editing/invariants/ (`{{invariant}}`, one of those files,
// returning an `id` per record that breaks it) and the ids of the first `$sampleSize`.
CALL () {
  {{invariant}}
}
RETURN count(id) AS count, collect(id)[0..$sampleSize] AS ids
