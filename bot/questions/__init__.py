"""Write to an advisor: the young person's question, its routing, the thread, escalation, safety and counts."""
