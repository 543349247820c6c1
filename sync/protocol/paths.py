"""Every path of the Kontor HTTP API, written once.

The server registers its routes with these templates, the OpenAPI document lists them,
and the client fills them in (`paths.POST.format(id=post_id)`), so a path cannot be
renamed on one side only. Templates use aiohttp's `{name}` placeholders, which are also
OpenAPI's. tests/integration/test_openapi.py keeps writing the paths out by hand: it
checks this module against what a client author reads.
"""

from __future__ import annotations

# -- readable without signing in ---------------------------------------------------
HEALTHZ = "/healthz"
INFO = "/api/v1/info"
OPENAPI = "/api/v1/openapi.json"
LOGIN = "/api/v1/login"

# -- the signed-in client --------------------------------------------------------------
LOGOUT = "/api/v1/logout"
SITES = "/api/v1/sites"
SYNC = "/api/v1/sync"
EVENTS = "/api/v1/events"
ME = "/api/v1/me"
ME_PHOTO = "/api/v1/me/photo"
PERSON_PHOTO = "/api/v1/people/{id}/photo"

POST = "/api/v1/posts/{id}"
COMMENT = "/api/v1/comments/{id}"
REACTION = "/api/v1/reactions/{id}"
CONNECTION = "/api/v1/connections/{id}"
SPACE_JOIN = "/api/v1/spaces/{id}/join"
SPACE_LEAVE = "/api/v1/spaces/{id}/leave"
SPACE_MEMBER = "/api/v1/spaces/{id}/members/{person_id}"

RESPONSIBILITY = "/api/v1/responsibilities/{id}"
ABSENCE = "/api/v1/positions/{id}/absence"
JOB_CONNECTION = "/api/v1/job-connections/{id}"
HANDOVER = "/api/v1/handovers/{id}"
CHECKLIST_ITEM = "/api/v1/checklist-items/{id}"
CHECKLIST_CHECK = "/api/v1/checklist-checks/{id}"

# -- server to server (signed requests, no bearer token) ------------------------------
FEDERATION_CHANGES = "/federation/v1/changes"

# Everything under this prefix needs a device token, except the public paths.
API_PREFIX = "/api/"
PUBLIC = frozenset({HEALTHZ, INFO, OPENAPI, LOGIN})


def prefix_of(template: str) -> str:
    """The part before the first placeholder: "/api/v1/handovers/" for HANDOVER.

    For telling which endpoint an outbox item goes to (`item.path.startswith(...)`).
    """
    return template.split("{", 1)[0]
