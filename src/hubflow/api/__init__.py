"""The negotiation service: a FastAPI application over the store, under ``/api/v1``.

``create_app(db_url)`` builds it; ``hubflow serve`` runs it with uvicorn. Organisations hold
scenarios, share them read-only, run plans as background jobs in worker processes, compare
plans from both parties' side, and comment; every change is in the audit log.
"""
