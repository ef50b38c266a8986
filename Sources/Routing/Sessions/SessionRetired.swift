/// The session was evicted while a call was on its way to it; the router retries with a new one.
struct SessionRetired: Error {}
