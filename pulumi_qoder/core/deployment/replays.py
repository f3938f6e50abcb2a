"""Whether a create's answer may name a deployment archived since: a stale replay.

A create's Idempotency-Key is derived from the resource and its body (`identity.py`), so
repeating the create within the API's 24 h key window replays the first answer. That
answer is stale when its deployment was archived after it was made: `destroy` then `up`
of the same program, or an `up` whose create was undone after a failed pause, then
repeated. Such an answer must not be recorded (`operations.py` creates again with a
derived key).

Every create used to be followed by a GET of its deployment to see that: one more round
trip per create, half a create's time at a real API's latency. Instead each client (one
per provider process, or per dynamic provider) keeps an `ArchiveLedger`:

- the ids this process archived (`delete`, the undo of a failed create), noted as each
  archive is answered (one whose archive failed or got no answer is unknown: checked with
  a GET);
- the ids listed as archived when the first create's answer arrives: one
  `GET /deployments?include_archived=true`, newest first, read back to 48 h before the
  newest one listed (keys live 24 h; times on the API's clock, never this machine's), at
  most `MAX_PAGES` pages.

A deployment archived before that listing is in it, one archived after it by this process
is noted, so an answer naming neither is live, and is recorded with no further call. What
the ledger cannot see is an archive made meanwhile by something else (by hand, or a
killed run's provider still finishing an undo): the GET had that race too, in a shorter
window. When the listing fails or is longer than `MAX_PAGES`, that create falls back to
the GET (`operations.py`), as before.

A replay also explains the one replacement the provider cannot make: the engine replaces
a resource create-before-delete unless told otherwise, and `pulumi up --replace` or a
`replaceWith` does so without asking the provider's `Diff`. The new resource's create has
the same identity and body as the old one's, so it replays (or, after 24 h, takes over by
its derived name) the old deployment: the new resource is recorded with the old one's id,
and the engine then deletes the old resource, that same id. So this process also keeps the
ids its creates and adoptions handed to the engine (`note_recorded`): in one engine run
(one provider process) nothing else deletes an id its own create just recorded, and
`delete` keeps such a deployment instead of archiving the resource that is now live, with
a warning (`operations.SAME_ID_REPLACEMENT`). Replacements the provider is asked about
delete first (`DeploymentHandler.diff`), and make a new one. Not covered: a create and a
delete served by two plugin processes of one run (a `--replace` in the run that moves the
resource to another provider, or the first run after a plugin upgrade, whose default
provider is a new one), and the engine's own import: its `Read` is not recorded, since a
`Deployment.get` is the same `Read`, and a program may read by id a deployment whose
resource the same run deletes, which must then be archived (kept, it would be an orphan).
"""

from __future__ import annotations

import threading
import weakref
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pulumi_qoder.client import QoderClient

__all__ = ["MAX_PAGES", "ArchiveLedger", "ledger_of", "note_recorded", "recorded_here"]

MAX_PAGES = 10
"""Pages of 1000 read for the listing; an account with more deployments made within the
look-back falls back to one GET per create."""

PAGE_SIZE = 1000
LOOK_BACK = timedelta(hours=48)


class ArchiveLedger:
    """The deployments one client's process knows to be archived (see the module docstring)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._archived_here: set[str] = set()
        self._archiving: set[str] = set()
        self._listed: frozenset[str] | None = None
        self._too_long = False

    def note_archiving(self, id_: str) -> None:
        """Called before this process asks to archive `id_`: until `note_archived`, whether
        it is archived is unknown (the archive may fail, or its answer be lost)."""
        with self._lock:
            self._archiving.add(id_)

    def note_archived(self, id_: str) -> None:
        """Called once the API said `id_` is archived (or gone)."""
        with self._lock:
            self._archived_here.add(id_)
            self._archiving.discard(id_)

    def is_archived(self, client: QoderClient, id_: str) -> bool | None:
        """Whether `id_` is archived; None when the ledger cannot tell (check with a GET)."""
        with self._lock:
            if id_ in self._archived_here:
                return True
            if id_ in self._archiving:
                return None
            if self._listed is None and not self._too_long:
                # Under the lock: every create waits for the one listing rather than each
                # making its own. A failure leaves it for the next create to try again.
                try:
                    self._listed = _archived_ids(client)
                except _TooLong:
                    self._too_long = True
                except Exception:  # noqa: BLE001 - any failure: this create does the GET
                    return None
            if self._listed is None:
                return None
            return id_ in self._listed


class _TooLong(Exception):
    pass


def _archived_ids(client: QoderClient) -> frozenset[str]:
    """Ids of the archived deployments made within `LOOK_BACK` of the newest one listed.

    The look-back is measured on the API's clock, from the newest deployment's
    `created_at` (the list is newest first; the listing follows a create answer, so that
    is about now), never from this machine's clock. Every item of a page is looked at;
    paging stops after a page that ends older than the look-back.
    """
    archived: set[str] = set()
    since: datetime | None = None
    after: str | None = None
    for _ in range(MAX_PAGES):
        page = client.deployments.list(limit=PAGE_SIZE, after_id=after, include_archived=True)
        if not page.data:
            return frozenset(archived)
        if since is None:
            since = _aware(page.data[0].created_at) - LOOK_BACK
        archived.update(d.id for d in page.data if d.archived)
        if not page.has_more or _aware(page.data[-1].created_at) < since:
            return frozenset(archived)
        after = page.data[-1].id
    raise _TooLong


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


_LEDGERS: weakref.WeakKeyDictionary[QoderClient, ArchiveLedger] = weakref.WeakKeyDictionary()
_LEDGERS_LOCK = threading.Lock()


_RECORDED: set[str] = set()
_RECORDED_LOCK = threading.Lock()


def note_recorded(id_: str) -> None:
    """Called when a create or adoption of this process hands `id_` to the engine.

    Process-wide, not per client: a dynamic provider's delete may come through another
    instance of the provider (one per serialized provider in the state) than its create.
    Deployment ids are unique, so one set serves every account."""
    with _RECORDED_LOCK:
        _RECORDED.add(id_)


def recorded_here(id_: str) -> bool:
    """Whether a create or adoption of this process handed `id_` to the engine (see the
    module docstring: a delete of it in the same run is a replacement that got that id)."""
    with _RECORDED_LOCK:
        return id_ in _RECORDED


def ledger_of(client: QoderClient) -> ArchiveLedger:
    """The ledger of `client` (made on first use; it goes with the client)."""
    with _LEDGERS_LOCK:
        ledger = _LEDGERS.get(client)
        if ledger is None:
            ledger = _LEDGERS[client] = ArchiveLedger()
        return ledger
