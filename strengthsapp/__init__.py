"""strengthsapp: one shared goal board for a client and their case manager."""
