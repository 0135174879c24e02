// The heap GDS says {{procedure}} needs on the projection $graphName with $config, reserved before it runs.
CALL {{procedure}}.estimate($graphName, $config) YIELD bytesMax RETURN bytesMax
