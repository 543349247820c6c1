"""The OpenAPI document of the client API, built from the routes and the wire types.

routes.py lists every operation (path, method, body, answers); document.py turns that
list and the msgspec Structs into the document served at /api/v1/openapi.json.
"""
