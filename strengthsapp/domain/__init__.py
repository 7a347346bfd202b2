"""Plain Python rules of the Strengths Model: no Reflex, no database."""
