// The progress of the GDS job $jobId, polled while a run reports progress (the command line prints it).
CALL gds.listProgress($jobId) YIELD taskName, progress RETURN taskName, progress LIMIT 1
