"""The board sync engine: a Yjs sync + awareness server on pycrdt.

This package imports nothing from Django. The host application gives it an
`Authorizer` (who may open which board, with which role) and a `BoardStore`
(where updates live); the ASGI adapter in `asgi.py` is the only part that
knows about WebSockets.
"""
