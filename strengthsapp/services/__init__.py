"""Use cases. Each function takes a Session first and keyword-only arguments after."""
