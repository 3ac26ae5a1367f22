"""SLA monitoring: who is told about late permohonan, when, and through which channel.

- `policy`: the escalation policy of an institution (YAML, validated once);
- `schedule`: a case's active alert levels and the next instant they can change;
- `sweep`: one pass over the due cases: alerts and digests, in one transaction;
- `outbox` and `channels/`: delivery with retries, backoff and a dead-letter state;
- `scheduler`: the APScheduler clock that runs the sweep and the delivery.

`monitor` may import `app`, `storage`, `engine` and `sla`; nothing there imports it.
"""
