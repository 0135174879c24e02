// Written in the last part of an import in parts: from its commit on, the run is complete, even if removing
// its tags is interrupted (interrupted-runs then finishes it instead of deleting it).
CREATE (:ImportRun {id: $run})
