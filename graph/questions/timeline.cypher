// An event that starts before from overlaps only if it is a period running into the range: a period
// starts on the first of a month and lasts at most a year, so only the first days of the 12 months
// before from can hold one; the (startDate, endDate) index seeks exactly those still running at from.
// They all sort before the events starting within the range, so each part is ordered and cut apart.
CALL () {
  UNWIND [back IN range(0, 12) | date.truncate('month', date($from)) - duration({months: back})] AS first
  WITH first WHERE first < date($from)
  MATCH (event:Event) USING INDEX event:Event(startDate, endDate)
  WHERE event.startDate = first AND event.endDate >= date($from)
  WITH event ORDER BY event.startDate, event.name LIMIT $limit
  RETURN collect(event) AS before
}
// The startDate index hands these over in date order: only the first $limit (and their ties on the
// last day) are read, however many events the range holds.
CALL () {
  MATCH (event:Event) WHERE date($from) <= event.startDate <= date($to)
  WITH event ORDER BY event.startDate, event.name LIMIT $limit
  RETURN collect(event) AS within
}
UNWIND (before + within)[0..$limit] AS event
RETURN event
