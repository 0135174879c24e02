// Neo4j's maximum heap in bytes, as GDS reports it: the base of ANALYTICS_MAX_HEAP_PERCENT.
CALL gds.debug.sysInfo() YIELD key, value WITH key, value WHERE key = 'heapMaxInBytes' RETURN value
